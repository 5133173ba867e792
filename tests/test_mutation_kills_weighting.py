"""Secondary paths of weighting.py that mutation testing found unchecked (issue 18): the
weighted funnel's table, each row being one of the funnel's own results."""

from __future__ import annotations

import pytest

from optamstats.weighting import weighted_exit_funnel, weighted_proportion


def test_weighted_funnel_to_frame_rows_are_its_results() -> None:
    left = ["Oui", "Non", "Non", "Non", "Non", "Oui", "Non", "Non"]
    plan = ["", "Oui", "Non", "Oui", "Non", "", "Oui", ""]
    w = [1.0, 2.0, 1.0, 1.5, 0.5, 1.0, 3.0, 1.0]
    f = weighted_exit_funnel(left, plan, w, n_resamples=1000, rng=1)
    frame = f.to_frame()
    assert frame.columns.tolist() == [
        "quantity", "n", "estimate", "low", "high", "effective_n", "design_effect",
        "unweighted", "method",
    ]  # fmt: skip
    assert frame["quantity"].tolist() == [
        "left", "plan", "combined", "combined (Wilson)", "combined (delta)",
    ]  # fmt: skip
    rows = frame.set_index("quantity")
    # the weighted share who left: (1 + 1) / 11 of the weight, by definition
    assert rows.loc["left", "estimate"] == pytest.approx(2.0 / 11.0)
    same = weighted_proportion([x == "Oui" for x in left], w)
    assert (rows.loc["left", "low"], rows.loc["left", "high"]) == (same.low, same.high)
    assert rows.loc["combined", "high"] == f.combined.high
    assert rows.loc["combined (delta)", "low"] == f.delta.low
    assert rows.loc["combined (Wilson)", "estimate"] == f.wilson.estimate
    assert rows.loc["plan", "unweighted"] == pytest.approx(3 / 5)  # 3 of 5 who answered
    assert rows.loc["combined", "method"] == f"weighted {f.combined.method} bootstrap"


def test_weighted_funnel_label_messages_name_the_argument() -> None:
    from optamstats import InvalidTypeError

    with pytest.raises(InvalidTypeError, match=r"^`no` must be a sequence of answer labels"):
        weighted_exit_funnel(["Oui"], ["Non"], [1.0], no=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^`yes` must be a sequence of answer labels"):
        weighted_exit_funnel(["Oui"], ["Non"], [1.0], yes=[1])  # type: ignore[list-item]


def test_weighted_funnel_passes_resamples_and_base_on() -> None:
    left = ["Oui", "Non", "Non", "Non", "Non", "Oui", "Non", "Non"]
    plan = ["", "Oui", "Non", "Oui", "Non", "", "Oui", ""]
    w = [1.0, 2.0, 1.0, 1.5, 0.5, 1.0, 3.0, 1.0]
    f = weighted_exit_funnel(left, plan, w, n_resamples=1000, rng=1, base="members")
    assert f.combined.n_resamples == 1000
    assert f.wilson.base == "members"
    assert f.left.base == "members"


def test_raking_cells_when_the_mixed_radix_key_would_overflow() -> None:
    # Three margins of 2**21 categories: the one-integer cell key would need 2**63, so the
    # cells come from the distinct rows instead. Either way each cell is one combination
    # of categories, numbered in lexicographic order, and maps back to the row's codes.
    import numpy as np

    from optamstats.weighting.raking import _cells

    rng = np.random.default_rng(5)
    base = rng.integers(0, 3, size=(50, 3))
    codes = [np.asarray(base[:, j] * 700_000, dtype=np.int64) for j in range(3)]
    big = _cells(codes, [2**21] * 3)
    # a key below 2**62 but far beyond a dense table: the sorted-key path
    sparse = _cells([c // 700_000 * 300_000 for c in codes], [2**20 + 7] * 3)
    small = _cells([c // 700_000 for c in codes], [3, 3, 3])
    for (cell, per_margin), scale in ((big, 700_000), (sparse, 300_000), (small, 1)):
        for j in range(3):
            np.testing.assert_array_equal(per_margin[j][cell] // scale, base[:, j])
        assert cell.max() + 1 == len({tuple(r) for r in base.tolist()})
    np.testing.assert_array_equal(big[0], small[0])  # the same cells, the same order
    np.testing.assert_array_equal(sparse[0], small[0])


def test_rake_refuses_missing_categorical_values_and_empty_cells() -> None:
    import numpy as np
    import pandas as pd

    from optamstats import InvalidValueError
    from optamstats.weighting import rake

    frame = pd.DataFrame({"sex": pd.Categorical(["F", "M", None, "F"])})
    with pytest.raises(InvalidValueError, match=r"is missing for 1 respondent\(s\)"):
        rake(frame, {"sex": {"F": 0.5, "M": 0.5}})
    full = pd.DataFrame({"sex": ["F", "F", "F"]})
    message = r"population share is > 0, so no weight can represent it\. Merge that category"
    with pytest.raises(InvalidValueError, match=message):
        rake(full, {"sex": {"F": 0.5, "M": 0.5}})
    # A listed category of share 0 that nobody is in is fine: the weights stay finite and
    # reproduce the margin (here every weight is 1).
    w = rake(full, {"sex": {"F": 1.0, "M": 0.0}})
    assert np.isfinite(w.to_numpy()).all()
    np.testing.assert_allclose(w.to_numpy(), 1.0)


def test_weighted_clopper_pearson_at_all_and_none() -> None:
    import numpy as np

    # Everyone (or no one) has the characteristic: the exact bounds are 1 (or 0) on that
    # side, as for unweighted counts (R: binom.test(5, 5)$conf.int[2] = 1).
    w = [1.0, 2.0, 0.5, 1.5, 1.0]
    all_in = weighted_proportion([True] * 5, w, method="clopper-pearson")
    none_in = weighted_proportion([False] * 5, w, method="clopper-pearson")
    assert all_in.high == 1.0
    assert none_in.low == 0.0
    assert np.isfinite([all_in.low, none_in.high]).all()
    assert 0.0 < all_in.low < 1.0
