"""Secondary paths of breakdowns.py that mutation testing found unchecked (issue 18):
the forest plot's labels, sizes and p-values in both languages, and the messages and
labels of cohort breakdowns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optamstats import InvalidValueError, ShapeError
from optamstats.breakdowns import breakdown, breakdown_from_counts, forest_plot
from optamstats.datasets import optam_2025_synthetic_export


@pytest.fixture(scope="module")
def cohort():  # type: ignore[no-untyped-def]
    export = optam_2025_synthetic_export()
    return export.spec.cohort(export.frame())


def test_forest_plot_p_values_as_people_cite_them() -> None:
    # 40/50 against 5/50: p far below 0.001 (scipy.stats.fisher_exact / the score test),
    # shown as "p < 0.001", "p < 0,001" in French, never "p = 0.000".
    b = breakdown_from_counts([40, 5], [50, 50], ["A", "B"], adjust=None)
    assert float(np.max(b.p_value)) < 1e-6
    en = [t.get_text() for t in forest_plot(b).axes[0].texts]
    fr = [t.get_text() for t in forest_plot(b, lang="fr").axes[0].texts]
    assert en == ["40 / 50   p < 0.001", "5 / 50   p < 0.001"]
    assert fr == ["40 / 50   p < 0,001", "5 / 50   p < 0,001"]
    # With an adjustment the label says so.
    holm = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
    assert all(" p adj. = " in t.get_text() for t in forest_plot(holm).axes[0].texts)


def test_forest_plot_layout_labels_and_marker_sizes() -> None:
    b = breakdown_from_counts([12, 20, 9], [30, 60, 15], ["A", "B", "C"], confidence=0.9)
    fig = forest_plot(b, lang="fr")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Proportion (%), IC à 90 % (Wilson)"
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    (points,) = ax.collections[1:2]  # hlines first, then the squares
    # marker area 20 + 180 n / max n: the largest group gets 200
    np.testing.assert_allclose(points.get_sizes(), 20 + 180 * np.array([30, 60, 15]) / 60)
    assert points.get_zorder() == 3  # the squares above the interval lines
    # every group of one respondent: the area is 20 + 180 * 1/1
    one = breakdown_from_counts([1, 0], [1, 1], ["A", "B"], min_cell=1)
    pts = forest_plot(one).axes[0].collections[1]
    np.testing.assert_allclose(pts.get_sizes(), [200.0, 200.0])
    for text in ax.texts:
        assert text.xycoords == ("axes fraction", "data")


def test_grouping_by_a_multi_select_question_is_refused(cohort) -> None:  # type: ignore[no-untyped-def]
    spec = cohort.spec
    multi = next(q.id for q in spec.questions if q.type == "multi")
    why = (
        r"a respondent can tick several answers, so the groups overlap; test a multi-select "
        r"question across groups with `marginal_independence_test`\.$"
    )
    with pytest.raises(InvalidValueError, match=why):
        breakdown(cohort, "left", multi)


def test_series_grouping_without_a_name_is_called_group(cohort) -> None:  # type: ignore[no-untyped-def]
    by = cohort.data[cohort.spec["specialty"].column].rename(None)
    b = breakdown(cohort, "left", by, min_cell=1)
    assert b.by == "group"


def test_series_outcome_messages(cohort) -> None:  # type: ignore[no-untyped-def]
    data = cohort.data
    flag = pd.Series(True, index=data.index, name="flag")
    message = (
        r"^`value` applies to an outcome given as a column; a Series outcome is already "
        r"True/False\. Drop `value`\.$"
    )
    with pytest.raises(InvalidValueError, match=message):
        breakdown(cohort, flag, "specialty", value="Oui")
    with pytest.raises(ShapeError, match=r"^`outcome` must be a Series indexed like `cohort.data`"):
        breakdown(cohort, flag.iloc[:10], "specialty")
    with pytest.raises(ShapeError, match=r"^`by` must be a Series indexed like `cohort.data`"):
        breakdown(cohort, "left", flag.iloc[:10])


def test_english_cohort_uses_english_labels() -> None:
    export = optam_2025_synthetic_export()
    fr = breakdown(export.spec.cohort(export.frame()), "left", "specialty")
    en = breakdown(export.spec.cohort(export.frame(), lang="en"), "left", "specialty")
    assert en.overall.base == export.spec.base_label("left", "en")
    assert fr.overall.base == export.spec.base_label("left", "fr")
    assert en.overall.base != fr.overall.base


def test_from_counts_labels_are_checked_by_name() -> None:
    from optamstats import InvalidTypeError

    for name in ("outcome", "by"):
        with pytest.raises(InvalidTypeError, match=f"^`{name}` must be"):
            breakdown_from_counts([1, 2], [5, 5], ["A", "B"], **{name: 3})  # type: ignore[arg-type]


def test_degenerate_warning_points_at_the_caller() -> None:
    # The warning names the user's line (stacklevel), not the library's internals.
    import os

    from optamstats import DegenerateDataWarning

    if "MUTANT_UNDER_TEST" in os.environ:  # mutmut's trampolines add a frame to every call
        pytest.skip("stack levels are shifted by mutmut's trampolines")
    with pytest.warns(DegenerateDataWarning, match="Every respondent in the breakdown") as caught:
        breakdown_from_counts([0, 0], [5, 6], ["A", "B"], min_cell=1)
    assert caught[0].filename == __file__


def test_cochran_reason_quotes_the_expected_counts() -> None:
    # Expected counts of the 2 x 5 table from scipy.stats.contingency.expected_freq:
    # smallest 1.48, 7 of 10 below 5 -> Cochran's rule fails, the exact test is used.
    import numpy as np
    from scipy.stats.contingency import expected_freq

    k, n = [1, 2, 3, 4, 10], [4, 5, 6, 9, 30]
    expected = expected_freq(np.array([k, np.subtract(n, k)]))
    b = breakdown_from_counts(k, n, list("abcde"), min_cell=1)
    assert b.homogeneity.reason == (
        "expected counts too small for the chi-square approximation (Cochran's rule: "
        f"smallest {expected.min():.3g}, {100 * (expected < 5).mean():.0f}% below 5)"
    )
    assert b.homogeneity.reason.endswith("smallest 1.48, 70% below 5)")


def test_merged_label_message() -> None:
    with pytest.raises(
        InvalidValueError, match=r"pass another `merged_label` for the pooled small groups\.$"
    ):
        breakdown_from_counts([1, 30, 2], [3, 60, 4], ["a", "b", "c"], merged_label="b")


def test_merge_of_paths_when_the_int64_key_would_overflow() -> None:
    # Node sums up to 1e8 with log-weights of ~1e12 units of 1e-10: one int64 key would
    # overflow, so the paths are merged by a two-key sort. Reference: a dictionary keyed
    # by (sum, rounded log-weight), multiplicities added, in sorted order.
    from optamstats.breakdowns.homogeneity import _KEY_SCALE, _merge

    s = np.array([5, 3, 5, 3, 10**8, 5], dtype=np.int64)
    past = np.array([100.0, 200.0, 100.0 + 1e-12, 200.0, 150.0, 101.0])
    paths = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    got_s, got_past, got_paths = _merge(s, past, paths)
    groups: dict[tuple[int, float], list[float]] = {}
    for si, pi, wi in zip(s.tolist(), past.tolist(), paths.tolist(), strict=True):
        groups.setdefault((si, round(pi * _KEY_SCALE)), [pi, 0.0])[1] += wi
    keys = sorted(groups)
    assert got_s.tolist() == [k[0] for k in keys]
    assert got_paths.tolist() == [groups[k][1] for k in keys]
    np.testing.assert_allclose(got_past, [groups[k][0] for k in keys], rtol=1e-15)
    assert got_paths.tolist() == [6.0, 4.0, 6.0, 5.0]  # (3), (5, 100), (5, 101), (1e8)


def test_group_differences_at_the_breakdown_level() -> None:
    # Each group against the rest: statsmodels confint_proportions_2indep(k, n, rest_k,
    # rest_n, method="newcomb", alpha=0.1) at a 90 % breakdown.
    from statsmodels.stats.proportion import confint_proportions_2indep

    k, n = [12, 20, 9], [30, 31, 28]
    b = breakdown_from_counts(k, n, ["A", "B", "C"], confidence=0.9)
    for i in range(3):
        rk, rn = sum(k) - k[i], sum(n) - n[i]
        lo, hi = confint_proportions_2indep(k[i], n[i], rk, rn, method="newcomb", alpha=0.1)
        assert (b.difference_low[i], b.difference_high[i]) == pytest.approx((lo, hi), rel=1e-12)


def test_exact_p_value_never_exceeds_one() -> None:
    # Tables whose observed configuration is the most probable one have p = 1 (R's
    # fisher.test gives 1); summed in floating point the tail may round above 1.
    import itertools

    from optamstats.breakdowns.homogeneity import _ffh_exact

    for ks in itertools.product(range(7), repeat=3):
        for n in ([6, 6, 6], [6, 7, 8], [10, 10, 10]):
            if sum(ks) == 0:
                continue
            p = _ffh_exact(np.array(ks), np.array(n))
            assert p is not None
            assert 0.0 < p <= 1.0, (ks, n, p)
