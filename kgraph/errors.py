"""Domain errors and the one table of exit codes (``EXIT_CODES``).

Every error class takes its ``exit_code`` from ``EXIT_CODES`` (the store errors of
``kgraph.backends`` too), the CLI maps exceptions through ``exit_status`` and a test holds
the README's exit-code table to this one.
"""

from __future__ import annotations

import errno

# code → what it means, in the README's words (tests/test_errors.py compares the two)
EXIT_CODES: dict[int, str] = {
    0: "ok",
    1: "graph does not conform (validate), or the graphs differ (diff)",
    2: "usage error",
    3: "bad input or output: a missing, unreadable or malformed file (the message names file "
       "and line), a folder that cannot be written, or a full disk",
    4: "entity or plan not found, or ambiguous (the message lists candidates)",
    5: "the curated tables or an imported workbook have problems, or a workbook is larger "
       "than the stated limits (every bad row is listed; nothing is written)",
    6: "bad SPARQL (the message gives line and column)",
    7: "store or SPARQL endpoint unavailable, too slow, or answering with an error",
}
OK, DIFFERS, USAGE, BAD_INPUT, NOT_FOUND, BAD_TABLES, BAD_QUERY, STORE = range(8)


class KgraphError(Exception):
    """Base class: a problem the user can act on (never a bug)."""

    exit_code = DIFFERS


class UsageError(KgraphError):
    """A command was asked for something it cannot do as given (e.g. a port in use)."""

    exit_code = USAGE


class InputError(KgraphError):
    """A file is missing, unreadable or of an unknown kind."""

    exit_code = BAD_INPUT


class ParseError(InputError):
    """Malformed RDF: names the file and the line of the syntax error."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class OutputError(InputError):
    """A file or folder could not be written (read-only, disk full); the old one is kept."""


SHOWN_CANDIDATES = 20  # a message lists at most this many candidates, then how many more


def _listed(candidates: list[tuple[str, str]]) -> str:
    """Candidates one to a line ("  slug  label"), the first SHOWN_CANDIDATES of them, then
    how many more (a graph of many councils' plans has hundreds of near names)."""
    lines = [f"  {s}  {label}" for s, label in candidates[:SHOWN_CANDIDATES]]
    if len(candidates) > SHOWN_CANDIDATES:
        lines.append(f"  … and {len(candidates) - SHOWN_CANDIDATES} more: give more of the "
                     "name")
    return "\n".join(lines)


class NotFound(KgraphError):
    """No entity matches; ``candidates`` may list near misses."""

    exit_code = NOT_FOUND

    def __init__(self, text: str, candidates: list[tuple[str, str]] | None = None) -> None:
        self.text, self.candidates = text, candidates or []
        msg = f"no entity matches {text!r}"
        if self.candidates:
            msg += "; did you mean:\n" + _listed(self.candidates)
        super().__init__(msg)


class Ambiguous(NotFound):
    """Several entities match; ``candidates`` lists them (slug, label)."""

    def __init__(self, text: str, candidates: list[tuple[str, str]]) -> None:
        self.text, self.candidates = text, candidates
        KgraphError.__init__(
            self,
            f"{text!r} matches {len(candidates)} entities; say which:\n" + _listed(candidates),
        )


class DoesNotConform(KgraphError):
    """SHACL validation failed; ``report`` is the readable report."""

    exit_code = DIFFERS

    def __init__(self, report: str) -> None:
        self.report = report
        super().__init__(report)


class CurationError(KgraphError):
    """The curated source tables have problems (one line each)."""

    exit_code = BAD_TABLES

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the curated tables:\n"
                         + "\n".join(problems))


class TooLarge(KgraphError):
    """An input is bigger than a stated limit (a workbook's size, cells, shared strings)."""

    exit_code = BAD_TABLES


class QueryError(KgraphError):
    """A SPARQL query is malformed or fails."""

    exit_code = BAD_QUERY


_OS_WORDS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOENT: "no such file or folder",
}


def os_message(exc: OSError) -> str:
    """An OSError in words, naming the file (no errno numbers, no traceback)."""
    what = _OS_WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
    where = exc.filename if exc.filename is not None else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what += " (the previous output, if any, is unchanged)"
    return f"{where}: {what}" if where else what


def output_error(path: object, exc: OSError) -> OutputError:
    """An OSError met while writing ``path`` (through a temporary), in words naming it."""
    what = _OS_WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
    return OutputError(f"{path}: cannot write it: {what}; the previous file or folder, if any, "
                       "is unchanged")


def exit_status(exc: BaseException) -> tuple[str, int] | None:
    """The message and exit code for an exception a user can act on; None for a bug."""
    if isinstance(exc, KgraphError):
        return str(exc), exc.exit_code
    if isinstance(exc, OSError):  # permissions, a full disk, a folder for a file...
        return os_message(exc), BAD_INPUT
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text ({exc.reason})", BAD_INPUT
    if isinstance(exc, MemoryError):
        return "out of memory: the input is too large for this machine", BAD_INPUT
    return None
