"""An unknown or ambiguous name lists its candidates closest first, at most twenty of them
and then how many more: a graph of 390 councils' plans listed every plan (600 lines) for
one misspelt plan name."""

from __future__ import annotations

import pytest
from conftest import BUNDLED

from kgraph.analysis.plans import resolve_plan
from kgraph.backends import MemoryBackend
from kgraph.errors import SHOWN_CANDIDATES, Ambiguous, NotFound


def test_at_most_twenty_candidates_then_how_many_more() -> None:
    many = [(f"plan-{i}", f"Plan {i}") for i in range(30)]
    text = str(NotFound("plan-x", many))
    assert text.count("\n  plan-") == SHOWN_CANDIDATES == 20
    assert text.endswith("… and 10 more: give more of the name")
    assert "… and 10 more" in str(Ambiguous("plan", many))
    few = str(NotFound("plan-x", many[:3]))
    assert "more" not in few and few.count("\n  plan-") == 3


def test_a_misspelt_plan_lists_the_closest_plan_first() -> None:
    with pytest.raises(NotFound) as caught:
        resolve_plan(MemoryBackend([BUNDLED]), "every-day-matterz")
    assert caught.value.candidates[0] == (
        "every-day-matters",
        "Every Day Matters: Kent County Council's Children and Young People's Strategic Plan "
        "2013-2016")
