"""Documents → numbered lines: plain text as it is, PDF through pypdf's layout mode, DOCX
through python-docx (paragraphs in order, each table row as one tab-separated line).

Every later step cites a :class:`Line` by its number in this text, so the line numbers of
a plain-text document are the file's own; for PDF and DOCX they are the lines of the text
this module makes (``kgraph extract --text DIR`` writes it out so a reviewer can follow
a citation).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import InputError

_TAG = re.compile(r"</?(b|strong|i|em|u|span|p|br|div|ul|ol|li|td|tr|th)\b[^>]*>", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦]|\d+[.)])\s+")


class DocumentError(InputError):
    """A document that cannot be read (exit 3)."""

    exit_code = 3


@dataclass(frozen=True)
class Line:
    """One line of a document: number, raw text, cleaned text and (PDF) the line as laid out."""

    no: int  # 1-based
    raw: str  # the line as the text has it
    text: str  # tags, entities, markdown emphasis and heading marks removed; spaces folded
    layout: str = ""  # PDF: the line as laid out (columns kept apart by spaces)

    @property
    def cells(self) -> list[str]:
        """The line's tab-separated cells, each cleaned like ``text``."""
        return [clean(c) for c in self.raw.split("\t")]

    @property
    def is_table_row(self) -> bool:
        """True if the line is a table row (it holds a tab)."""
        return "\t" in self.raw

    @property
    def bold(self) -> bool:
        """True if the line starts in bold (<b>, ** or <strong>)."""
        s = self.raw.strip()
        return s.startswith(("<b>", "**", "<strong>"))

    @property
    def heading_level(self) -> int:
        """The Markdown heading level of the line (1-6), 0 if it is not a heading."""
        m = re.match(r"^(#{1,6})\s", self.raw.lstrip())
        return len(m.group(1)) if m else 0

    @property
    def bullet(self) -> str | None:
        """The text of a list item (``- x``, ``• x``, ``1. x``), else None."""
        if _BULLET.match(self.raw) and not self.is_table_row:
            return clean(_BULLET.sub("", self.raw, count=1))
        return None


def clean(text: str) -> str:
    """A cell or line as a reader sees it: no tags, entities decoded, no ``**``/``#``."""
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = text.replace("**", "").replace("\\*", "*").replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Document:
    """A document read into lines: its path, its lines and its kind (text, pdf or docx)."""

    path: Path
    lines: tuple[Line, ...]
    kind: str  # text | pdf | docx

    @property
    def name(self) -> str:
        """The document's file name."""
        return self.path.name

    def line(self, no: int) -> Line:
        """Line number ``no`` (1-based)."""
        return self.lines[no - 1]


def _lines(text: str) -> tuple[Line, ...]:
    text = text.lstrip("\ufeff")
    return tuple(Line(i, raw, clean(raw)) for i, raw in enumerate(text.splitlines(), start=1))


def _layout_lines(layout: str) -> tuple[Line, ...]:
    out = []
    for i, line in enumerate(layout.splitlines(), start=1):
        raw = _columns_to_tabs(line)
        out.append(Line(i, raw, clean(raw), line.rstrip()))
    return tuple(out)


def split_at(layout: str, starts: list[int]) -> list[str]:
    """A laid-out PDF row cut into cells at the header's column starts: each run of text
    goes to the column whose start is nearest at or before it (so an empty cell stays
    empty instead of shifting the next value left)."""
    cells = [""] * len(starts)
    for m in re.finditer(r"\S+(?: {1,2}\S+)*", layout):
        col = max((i for i, s in enumerate(starts) if s <= m.start() + 2), default=0)
        cells[col] = (cells[col] + " " + m.group()).strip()
    return cells


def read_document(path: str | Path) -> Document:
    """Read one document (``.txt``/``.md``, ``.pdf``, ``.docx``) into numbered lines."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path}: no such file")
    if path.is_dir():
        raise DocumentError(f"{path}: is a folder, not a document")
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return Document(path, _layout_lines(_pdf_text(path)), "pdf")
        if suffix == ".docx":
            return Document(path, _lines(_docx_text(path)), "docx")
        data = path.read_bytes()
    except PermissionError:
        raise DocumentError(f"{path}: permission denied") from None
    except OSError as e:
        raise DocumentError(f"{path}: cannot be read ({e.strerror or e})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DocumentError(f"{path}:{line}: not UTF-8 text (byte {e.start}); save it as "
                            "UTF-8, or give the PDF or DOCX") from None
    if "\x00" in text:
        raise DocumentError(f"{path}: a binary file, not text (give .txt, .pdf or .docx)")
    return Document(path, _lines(text), "text")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = []
        for page in reader.pages:
            text = page.extract_text(extraction_mode="layout") or ""
            pages.append(text)
    except (PdfReadError, ValueError, KeyError) as e:
        raise DocumentError(f"{path}: not a readable PDF ({e})") from None
    return "\n".join(pages)


def _columns_to_tabs(line: str) -> str:
    """Layout text keeps table columns apart by runs of spaces: make each run of 3+ a tab,
    so a table row reads like the seeds' tab-separated rows."""
    return re.sub(r"(?<=\S) {3,}(?=\S)", "\t", line.rstrip()).lstrip()


def _docx_text(path: Path) -> str:
    import zipfile

    from docx import Document as Docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Docx(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise DocumentError(f"{path}: not a readable DOCX ({e})") from None
    out: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            style = (block.style.name or "").lower() if block.style is not None else ""
            if style == "title":
                text = "# " + text
            elif style.startswith("heading"):
                level = "".join(ch for ch in style if ch.isdigit()) or "1"
                text = "#" * min(int(level), 6) + " " + text
            elif "list" in style:
                text = "- " + text
            elif any(r.bold for r in block.runs) and all(r.bold or not r.text.strip()
                                                         for r in block.runs):
                text = f"**{text}**" if text.strip() else text
            out.append(text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    text = " ".join(p.text for p in cell.paragraphs).strip()
                    bold = any(r.bold for p in cell.paragraphs for r in p.runs)
                    cells.append(f"<b>{text}</b>" if bold and text else text)
                out.append("\t".join(cells))
            out.append("")
    return "\n".join(out)
