"""Errors of stores and endpoints (all exit 7: store or endpoint unavailable or failing)."""

from __future__ import annotations

from kgraph.errors import STORE, KgraphError


class StoreError(KgraphError):
    """A store or endpoint could not be opened or could not answer."""

    exit_code = STORE  # kgraph.errors.EXIT_CODES, the one table


class StoreNotFound(StoreError):
    """``oxigraph:PATH`` names no store (it is made by ``kgraph load``)."""


class EndpointUnreachable(StoreError):
    """Nothing answers at the endpoint's address (refused, unknown host, reset)."""


class EndpointTimeout(StoreError):
    """The endpoint did not answer within the timeout."""


class EndpointError(StoreError):
    """The endpoint answered with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        self.status = status
        super().__init__(message)


class MalformedResults(StoreError):
    """The endpoint answered, but not with readable SPARQL results."""



class ResponseTooLarge(StoreError):
    """The endpoint answered more than ``KGRAPH_MAX_RESPONSE`` bytes."""


class BadSetting(KgraphError):
    """An environment setting of the stores (``KGRAPH_TIMEOUT``...) is not usable: a usage
    error, exit 2."""

    exit_code = 2
