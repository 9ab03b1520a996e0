"""Where the bundled graph, ontology and shapes live (source checkout or installed wheel)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _find(folder: str, package: str, name: str) -> Path:
    checkout = _ROOT / folder / name
    if checkout.exists():
        return checkout
    return Path(str(resources.files(package) / name))


def bundled_graph() -> Path:
    """The bundled graph, data/strategies.ttl."""
    return _find("data", "kgraph._data", "strategies.ttl")


def ontology() -> Path:
    """The OWL ontology, ontology/kgraph.ttl."""
    return _find("ontology", "kgraph._ontology", "kgraph.ttl")


def quality_flags() -> Path:
    """The data-quality flag vocabulary (a SKOS scheme of its own, beside the ontology)."""
    return _find("ontology", "kgraph._ontology", "quality-flags.ttl")


def delivery_tiers() -> Path:
    """The delivery-tier vocabulary (a SKOS scheme of its own, beside the ontology)."""
    return _find("ontology", "kgraph._ontology", "delivery-tiers.ttl")


def vocabularies() -> list[Path]:
    """The SKOS vocabularies the ontology uses, published apart from it (quality flags,
    delivery tiers): every place that reads the ontology reads these too."""
    return [quality_flags(), delivery_tiers()]


def shapes() -> Path:
    """The SHACL shapes, ontology/shapes.ttl."""
    return _find("ontology", "kgraph._ontology", "shapes.ttl")


def project_root() -> Path:
    """The source checkout (for curation commands, which need data/sources)."""
    return _ROOT


def seeds() -> Path:
    """The seed documents: $KGRAPH_SEEDS, else ../shared/seeds beside the checkout."""
    import os

    env = os.environ.get("KGRAPH_SEEDS")
    return Path(env) if env else _ROOT.parent / "shared" / "seeds"
