"""kgraph template / export from the command line: the blank workbook is documented and
imports to nothing; export writes each format; the docs describe every exchange command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, ROOT
from openpyxl import load_workbook

from kgraph.cli.main import cli
from kgraph.exchange.importer import import_workbook
from kgraph.exchange.layout import SHEETS

COMMANDS = ("template", "import", "export", "diff")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_template_xlsx_is_documented(tmp_path: Path) -> None:
    code, _ = invoke("template", "-o", str(tmp_path / "plan.xlsx"))
    assert code == 0
    book = load_workbook(tmp_path / "plan.xlsx")
    assert book.sheetnames == ["README", *(s.name for s in SHEETS)]
    readme = [r for r in book["README"].iter_rows(values_only=True)]
    assert any(r[:2] == (None, "label") for r in readme)  # every column is explained
    strategies = book["strategies"]
    header = [c.value for c in strategies[1]]
    assert header[:3] == ["id", "type", "label"] and header[-1] == "ref"
    assert str(strategies["A2"].value).startswith("# ")  # the example row, skipped on import
    assert strategies["A1"].comment is not None  # header notes
    assert strategies.data_validations.dataValidation  # dropdowns for type and flag
    result = import_workbook(tmp_path / "plan.xlsx", None)
    assert len(result.graph) == 0 and result.warnings == []


def test_template_csv(tmp_path: Path) -> None:
    code, _ = invoke("template", "--csv", str(tmp_path / "plan"))
    assert code == 0
    names = {p.name for p in (tmp_path / "plan").iterdir()}
    assert names == {"README.md", *(f"{s.name}.csv" for s in SHEETS)}
    assert len(import_workbook(tmp_path / "plan", None).graph) == 0


def test_template_needs_one_target() -> None:
    assert invoke("template")[0] == 2


@pytest.mark.slow
def test_export_formats(tmp_path: Path) -> None:
    for name in ("g.ttl", "g.nt", "g.jsonld", "g.graphml", "tables"):
        code, output = invoke("export", "-o", str(tmp_path / name), "--data", str(BUNDLED))
        assert code == 0, output
        assert (tmp_path / name).exists()
    code, _ = invoke("export", "--format", "csv", "-o", str(tmp_path / "t2"), "--data",
                     str(BUNDLED))
    assert code == 0 and (tmp_path / "t2" / "coverage.csv").exists()
    code, output = invoke("export", "-o", str(tmp_path / "g.weird"), "--data", str(BUNDLED))
    assert code == 3 and "give --format" in output


def test_every_exchange_command_has_help_and_docs() -> None:
    docs = (ROOT / "docs" / "exchange.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        code, output = invoke(name, "--help")
        assert code == 0 and len(output) > 100
        assert f"kgraph {name}" in docs
