"""The HTML report printed to PDF by headless chromium (Debian's ``chromium``), offline:
the page loads nothing, and the browser runs with its network features off."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kgraph.errors import InputError

TIMEOUT_S = 120
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer", "--print-to-pdf-no-header"]


def chromium() -> str | None:
    """The path of an installed Chromium or Chrome (chromium, chromium-browser, google-chrome), or
    None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_text: str, output: Path) -> None:
    """Print ``html_text`` to ``output`` (written whole, then moved into place)."""
    browser = chromium()
    if browser is None:
        raise InputError(f"{output}: a PDF needs Debian's chromium (apt-get install chromium); "
                         "write .html or .md instead")
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="kgraph-report-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html_text, encoding="utf-8")
        pdf = Path(tmp) / "report.pdf"
        try:
            done = subprocess.run(
                [browser, *FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}",
                 page.as_uri()], capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"{output}: chromium did not print the PDF within {TIMEOUT_S} s") \
                from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise InputError(f"{output}: chromium could not print the PDF ({tail[0]})")
        output.parent.mkdir(parents=True, exist_ok=True)
        staged = output.with_name(f".{output.name}.tmp")
        shutil.copyfile(pdf, staged)
        os.chmod(staged, 0o644)
        os.replace(staged, output)
