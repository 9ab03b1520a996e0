"""A source page shows each converted line as the document printed it: the conversion's
<b>, <sup> and <u> read as bold, superscript and underline, list items as bullets, never as
literal tags; anything else in the text stays escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BUNDLED, EDM, seed_lines
from test_site import build

from kgraph.explorer.build import as_printed

pytestmark = pytest.mark.slow


def test_the_filter_reads_the_conversions_tags_and_escapes_the_rest() -> None:
    assert str(as_printed("<b>Safeguarding</b> &amp; <script>x</script>")) == (
        "<strong>Safeguarding</strong> &amp;amp; &lt;script&gt;x&lt;/script&gt;")
    assert str(as_printed("<b>NI 1<sup>st</sup></b>")) == "<strong>NI 1<sup>st</sup></strong>"
    assert str(as_printed("<li>Item</li>")) == "\u2022 Item"
    assert str(as_printed("<b>unclosed")) == "&lt;b&gt;unclosed"


def test_every_day_matters_source_page_shows_bold_not_tags(tmp_path: Path) -> None:
    site = build(BUNDLED, tmp_path / "site")
    page = (site / "source" / EDM.replace(".txt", ".html")).read_text(encoding="utf-8")
    assert "&lt;b&gt;" not in page and "&lt;/b&gt;" not in page
    soup = BeautifulSoup(page, "html.parser")
    seed = seed_lines(EDM)
    number = next(i for i, ln in enumerate(seed, 1) if "<b>Safeguarding intervention</b>" in ln)
    assert number == 446  # the tiers table: "1\t<b>Safeguarding intervention</b> Prevention, ..."
    line = soup.select_one(f"li[value='{number}'] .line-text")
    assert line is not None and line.strong is not None
    assert line.strong.get_text() == "Safeguarding intervention"
    assert line.get_text().replace("\t", " ").startswith("1 Safeguarding intervention Prevention")
    bold_lines = sum("<b>" in line for line in seed_lines(EDM))
    assert len(soup.select("ol.source-text .line-text strong")) >= bold_lines > 30
