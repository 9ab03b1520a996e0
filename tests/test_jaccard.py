"""Pairwise Jaccard similarity of strategies' coverage rows: the dense product (a plan's few
dozen rows) and scipy's sparse one (large matrices) give the pairs a plain double loop gives."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from kgraph.analysis import overlaps
from kgraph.analysis.overlaps import jaccard_pairs


def by_hand(rows: np.ndarray, threshold: float) -> list[tuple[int, int, float, int]]:
    out = []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = set(np.flatnonzero(rows[i])), set(np.flatnonzero(rows[j]))
            if a & b and len(a & b) / len(a | b) >= threshold:
                out.append((i, j, len(a & b) / len(a | b), len(a & b)))
    return out


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.8, 1.0])
def test_dense_and_sparse_give_the_double_loop_pairs(seed: int, threshold: float,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    rows = (rng.random((40, 7)) < 0.35).astype(np.int8)
    rows[5] = 0  # a strategy with no tick shares nothing, even at threshold 0
    expected = by_hand(rows, threshold)
    dense = jaccard_pairs(rows, threshold)
    from_sparse = jaccard_pairs(sparse.csr_matrix(rows), threshold)
    monkeypatch.setattr(overlaps, "DENSE_MAX", 10)  # the size rule picks sparse past it
    past_the_limit = jaccard_pairs(rows, threshold)
    for got in (dense, from_sparse, past_the_limit):
        assert [(i, j, n) for i, j, _, n in got] == [(i, j, n) for i, j, _, n in expected]
        assert np.allclose([s for *_, s, _ in got], [s for *_, s, _ in expected])
    assert all(i != 5 and j != 5 for i, j, _, _ in dense)
