"""Read the curated source tables (``data/sources/*/*.csv``) into plain records.

Standard library only, so the tables can be checked before anything is installed.
The layout and the vocabularies are documented in ``data/sources/README.md``.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.provenance import Cite

PREDICATES = frozenset(
    """inScheme contributesTo servesOutcome measures ownedBy overseenBy producedBy
    accountableTo subOrganizationOf memberOf partOf supports evolvesInto listedIn
    leadService exactMatch closeMatch replaces chairedBy""".split()
)
ATTRIBUTES = frozenset(
    """notation code description period status value_text value_gbp date identity_note
    delivery_tier""".split()
)
# the tiers of the EIP Appendix II table (002:1356, 1364, 1369); kg:<tier> concepts
DELIVERY_TIERS = frozenset({"key-strategy", "kcc-led", "partner-led"})
FLAGS = frozenset(
    "garbled shifted-column repeated-row ambiguous truncated missing conflicting".split()
)
MEASURES = frozenset({"actual", "target"})

HEADERS = {
    "entities.csv": ["id", "type", "label", "line", "quote", "flag", "note"],
    "links.csv": ["subject", "predicate", "object", "line", "quote", "flag", "note"],
    "attributes.csv": ["id", "property", "value", "line", "quote", "flag", "note"],
    "observations.csv": [
        "indicator", "area", "period", "measure", "value", "line", "quote", "flag", "note",
    ],
}

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Fold the differences a quote may have from its seed line (see README)."""
    text = html.unescape(_TAG.sub(" ", text))
    text = text.replace("*", "").replace("\\", "").replace("#", "")
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, kw_only=True)
class CuratedCite(Cite):
    """A row's citation (``document`` is the seed file) and the table row it was read from:
    source folder, table file and row."""

    folder: str
    table: str = ""
    row: int = 0  # 1-based data row in the CSV (header is row 0)


@dataclass(frozen=True)
class EntityRow:
    """A curated entity row: id (slug), type, label and the citation that names it."""

    id: str
    type: str
    label: str
    cite: CuratedCite


@dataclass(frozen=True)
class LinkRow:
    """A curated link row: subject id, predicate name, object id and its citation."""

    subject: str
    predicate: str
    object: str
    cite: CuratedCite


@dataclass(frozen=True)
class AttributeRow:
    """A curated attribute row: entity id, property name, literal value and its citation."""

    id: str
    property: str
    value: str
    cite: CuratedCite


@dataclass(frozen=True)
class ObservationRow:
    """A curated indicator value: indicator id, area, period, measure (actual or target), the value
    as printed and its citation."""

    indicator: str
    area: str
    period: str
    measure: str
    value: str
    cite: CuratedCite


@dataclass
class Sources:
    """Every curated table under ``root`` read into rows, with the problems met while reading them.
    """

    root: Path
    entities: list[EntityRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    attributes: list[AttributeRow] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def seed_for(folder: str, seeds_dir: Path) -> Path | None:
    """The seed file a folder curates: its name starts with the seed's number."""
    number = folder[:3]
    matches = sorted(seeds_dir.glob(f"{number}_*.txt"))
    return matches[0] if len(matches) == 1 else None


def _line(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def read_sources(root: Path, seeds_dir: Path) -> Sources:
    """Read every table under ``root``; format problems go to ``Sources.problems``."""
    out = Sources(root=root)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        seed = seed_for(folder.name, seeds_dir)
        if seed is None:
            out.problems.append(f"{folder}: no single seed file numbered {folder.name[:3]}")
            continue
        for table, header in HEADERS.items():
            path = folder / table
            if not path.exists():
                continue
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                got = next(reader, [])
                if got != header:
                    out.problems.append(f"{path}:1: header {got} is not {header}")
                    continue
                for n, cells in enumerate(reader, start=1):
                    where = f"{path}:{n + 1}"
                    if len(cells) != len(header):
                        out.problems.append(
                            f"{where}: {len(cells)} cells, expected {len(header)}"
                        )
                        continue
                    row = dict(zip(header, (c.strip() for c in cells), strict=True))
                    cite = CuratedCite(
                        folder=folder.name,
                        document=seed.name,
                        line=_line(row["line"]),
                        quote=row["quote"],
                        flag=row["flag"],
                        note=row["note"],
                        table=table,
                        row=n,
                    )
                    if table == "entities.csv":
                        out.entities.append(
                            EntityRow(row["id"], row["type"], html.unescape(row["label"]), cite)
                        )
                    elif table == "links.csv":
                        out.links.append(
                            LinkRow(row["subject"], row["predicate"], row["object"], cite)
                        )
                    elif table == "attributes.csv":
                        out.attributes.append(
                            AttributeRow(row["id"], row["property"], row["value"], cite)
                        )
                    else:
                        out.observations.append(
                            ObservationRow(
                                row["indicator"], row["area"], row["period"],
                                row["measure"], row["value"], cite,
                            )
                        )
    return out
