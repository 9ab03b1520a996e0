"""Every public function, class and method of the library has a docstring (issue 14 item 7):
the test walks the installed package the way ``help()`` and an IDE do (pkgutil, inspect) and
lists what has none. Public: not starting with "_", in a module whose path has no "_" part,
defined in that module (not imported into it). A dataclass's generated signature
("Row(number: int, ...)") is not a docstring."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import kgraph


def _public_modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(kgraph.__path__, "kgraph."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        yield importlib.import_module(info.name)


def _written(obj: Any) -> bool:
    doc = obj.__doc__
    if not doc or not doc.strip():
        return False
    if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and doc.startswith(
            f"{obj.__name__}("):
        return False  # the signature dataclasses write when the class has no docstring
    return True


def _members(cls: type) -> Iterator[tuple[str, Any]]:
    for name, attr in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(attr, property):
            attr = attr.fget
        elif isinstance(attr, classmethod | staticmethod):
            attr = attr.__func__
        if inspect.isfunction(attr):
            yield name, attr


def undocumented() -> list[str]:
    """Qualified names of public functions, classes and methods without a docstring."""
    missing = []
    for module in _public_modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not _written(obj):
                missing.append(f"{module.__name__}.{name}")
            if inspect.isclass(obj):
                missing += [f"{module.__name__}.{name}.{m}" for m, f in _members(obj)
                            if not _written(f)]
    return sorted(missing)


def test_every_public_function_class_and_method_has_a_docstring() -> None:
    assert undocumented() == []  # before (issue 14.7): 161, listed in /work/notes/standards2.md


def test_the_walk_finds_what_it_should() -> None:
    """The walk is not vacuous: it sees the library's main entry points and methods."""
    seen = {f"{m.__name__}.{n}" for m in _public_modules() for n in vars(m)}
    assert {"kgraph.loader.load", "kgraph.validation.validate", "kgraph.exchange.ods.read_ods",
            "kgraph.analysis.overlaps.aliases", "kgraph.sparql.read_query"} <= seen
    from kgraph.exchange.tables import Row

    assert not _written(dataclasses.make_dataclass("Row", [("n", int)]))
    assert _written(Row)


def test_every_docstring_says_something() -> None:
    """No placeholder docstrings: each has at least three words."""
    short = []
    for module in _public_modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                if obj.__doc__ and len(obj.__doc__.split()) < 3:
                    short.append(f"{module.__name__}.{name}")
    assert short == []
