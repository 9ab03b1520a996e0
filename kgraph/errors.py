"""Domain errors. The CLI maps each class to an exit code (``EXIT_CODES``)."""

from __future__ import annotations


class KgraphError(Exception):
    """Base class: a problem the user can act on (never a bug)."""

    exit_code = 1


class InputError(KgraphError):
    """A file is missing, unreadable or of an unknown kind."""

    exit_code = 3


class ParseError(InputError):
    """Malformed RDF: names the file and the line of the syntax error."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class NotFound(KgraphError):
    """No entity matches; ``candidates`` may list near misses."""

    exit_code = 4

    def __init__(self, text: str, candidates: list[tuple[str, str]] | None = None) -> None:
        self.text, self.candidates = text, candidates or []
        msg = f"no entity matches {text!r}"
        if self.candidates:
            msg += "; did you mean:\n" + "\n".join(f"  {s}  {label}" for s, label in self.candidates)
        super().__init__(msg)


class Ambiguous(NotFound):
    """Several entities match; ``candidates`` lists them (slug, label)."""

    def __init__(self, text: str, candidates: list[tuple[str, str]]) -> None:
        self.text, self.candidates = text, candidates
        KgraphError.__init__(
            self,
            f"{text!r} matches {len(candidates)} entities; say which:\n"
            + "\n".join(f"  {s}  {label}" for s, label in candidates),
        )


class DoesNotConform(KgraphError):
    """SHACL validation failed; ``report`` is the readable report."""

    exit_code = 1

    def __init__(self, report: str) -> None:
        self.report = report
        super().__init__(report)


class CurationError(KgraphError):
    """The curated source tables have problems (one line each)."""

    exit_code = 5

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the curated tables:\n" + "\n".join(problems))


class QueryError(KgraphError):
    """A SPARQL query is malformed or fails."""

    exit_code = 6


EXIT_CODES = {
    "ok": 0,
    "does not conform / differs": DoesNotConform.exit_code,
    "usage": 2,
    "input (missing file, malformed RDF or CSV)": InputError.exit_code,
    "not found / ambiguous": NotFound.exit_code,
    "curation tables": CurationError.exit_code,
    "query": QueryError.exit_code,
    "store or endpoint unavailable / failing": 7,  # kgraph.backends.StoreError
}
