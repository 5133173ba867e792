"""Tests of optamstats.audit: GRIM for percentages, themes, funnels, claims, the audit.

Reference values come from outside sources, cited where they are used: the R package
scrutiny (L. Jung) for percent consistency, R 4.2.2 (`tests/audit_reference.R`) for the
claims, and the two seed documents (copied in `tests/data/audit/`) for the 2025 figures.
The rounding oracle of the properties is Python's `decimal` module, independent of the
integer arithmetic under test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from decimal import localcontext as decimal_context
from fractions import Fraction
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import optamstats.audit.percentages as audit_module
from optamstats._checks import InvalidTypeError, InvalidValueError
from optamstats.audit import (
    DEFAULT_MODES,
    ROUNDING_MODES,
    AuditReport,
    Finding,
    PercentFigure,
    PublishedFigures,
    audit_published,
    check_claim,
    check_funnel,
    check_theme,
    fitting_bases,
    grim_percent,
    read_published,
)
from optamstats.datasets import optam_2025_published

ROOT = Path(__file__).parents[1]
SEEDS = {
    "report": ROOT / "tests" / "data" / "audit" / "report_2025.txt",
    "article": ROOT / "tests" / "data" / "audit" / "article_2025.txt",
}

_DECIMAL_ROUNDING = {
    "half-up": ROUND_HALF_UP,
    "half-down": ROUND_HALF_DOWN,
    "half-even": ROUND_HALF_EVEN,
    "truncate": ROUND_DOWN,
}


def printed(k: int, n: int, decimals: int, mode: str) -> str:
    """What a tool rounding under `mode` prints for k/n as a percentage (the oracle).

    100 significant digits: for n ≤ 10**5 the expansion of 100k/n cannot carry a run of
    nines or zeros long enough to move a rounding decision.
    """
    with decimal_context() as ctx:
        ctx.prec = 100
        percent = Decimal(100 * k) / Decimal(n)
        return str(percent.quantize(Decimal(1).scaleb(-decimals), rounding=_DECIMAL_ROUNDING[mode]))


def verdicts(report: AuditReport) -> dict[tuple[str, str], tuple[str, str]]:
    out = {(f.figure, f.check): (f.verdict, f.severity) for f in report.findings}
    assert len(out) == len(report.findings), "a (figure, check) pair is reported twice"
    return out


modes = st.sampled_from(ROUNDING_MODES)


# --------------------------------------------------------------------------- reference cases


@pytest.mark.parametrize(
    ("value", "expected"),
    # scrutiny (L. Jung), tests/testthat/test-grim.R, "Correct values are returned
    # (`percent` argument)":
    #   vec5 <- seq_endpoint(6, 16)
    #   grim(vec5, 50, percent = TRUE)  ->  c(T, F, T, F, T, F, T, F, T, F, T)
    # with scrutiny's default rounding = "up_or_down" (ties up or down).
    list(zip(range(6, 17), [True, False] * 5 + [True], strict=True)),
)
def test_scrutiny_whole_percentages_of_50(value: int, expected: bool) -> None:
    result = grim_percent(str(value), 50, modes=("half-up", "half-down"))
    assert result.consistent is expected
    assert result.verdict == ("consistent" if expected else "inconsistent")


@pytest.mark.parametrize(
    ("x", "n", "expected"),
    [
        # scrutiny's documentation of grim() (R/grim.R, @examples): "A mean of 5.19 is not
        # consistent with a sample size of 28" and "it is consistent with a sample size of
        # 32"; and tests/testthat/test-grim.R, vec1 <- seq_endpoint(5.19, 5.3),
        # grim(vec1, 28) -> c(F, F, T, F, F, F, T, F, F, F, T, F).
        ("5.19", 28, False),
        ("5.19", 32, True),
        *zip(
            [f"5.{i}" for i in range(19, 31)],
            [28] * 12,
            [False, False, True, False, False, False, True, False, False, False, True, False],
            strict=True,
        ),
    ],
)
def test_scrutiny_means_through_their_fractional_part(x: str, n: int, expected: bool) -> None:
    # A mean of n whole numbers is k/n; with k = 5n + r (0 ≤ r < n), 100·k/n = 500 + 100·r/n
    # and adding the even integer 500 changes no rounding decision (half-up, half-down, even
    # parity), so "5.19" is reachable with n iff 19 % is reachable as r/n.
    percent = x.split(".")[1]
    assert grim_percent(percent, n, modes=("half-up", "half-down")).consistent is expected


def test_claim_reference_values_from_r() -> None:
    # R 4.2.2, tests/audit_reference.R:
    # binom.test(91, 119, p = 0.7, alternative = "greater")$p.value = 0.0725604037721535
    # prop.test(91, 119, alternative = "greater", correct = FALSE)$conf.int[1]
    #   = 0.695303442284226
    c = check_claim(91, 119, 0.70)
    assert c.p_value == pytest.approx(0.0725604037721535, rel=1e-9)
    assert c.bound == pytest.approx(0.695303442284226, rel=1e-9)
    assert c.estimate == 91 / 119
    assert c.verdict == "not-established"
    # binom.test(91, 119, p = 0.69, alternative = "greater")$p.value = 0.0455925725324782
    c69 = check_claim(91, 119, 0.69)
    assert c69.p_value == pytest.approx(0.0455925725324782, rel=1e-9)
    assert c69.verdict == "established"
    # binom.test(41, 69, p = 0.5, alternative = "greater")$p.value = 0.0740160903463795
    # prop.test(41, 69, alternative = "greater", correct = FALSE)$conf.int[1]
    #   = 0.495198909502433
    half = check_claim(41, 69, 0.5)
    assert half.p_value == pytest.approx(0.0740160903463795, rel=1e-9)
    assert half.bound == pytest.approx(0.495198909502433, rel=1e-9)
    assert half.verdict == "not-established"
    assert check_claim(41, 69, 0.5, scope="respondents").verdict == "consistent"


def test_claim_needs_both_the_interval_and_the_exact_test() -> None:
    # At 69.3 % the one-sided Wilson bound (0.6953) is above the threshold but the exact
    # test is not significant. R 4.2.2:
    # binom.test(91, 119, p = 0.693, alternative = "greater")$p.value = 0.0526374365912126
    # (the exact one-sided bound, binom.test(91, 119, alternative = "greater")$conf.int[1],
    # is 0.691917881605085 < 0.693).
    c = check_claim(91, 119, 0.693)
    assert c.bound > 0.693
    assert c.p_value == pytest.approx(0.0526374365912126, rel=1e-9)
    assert c.verdict == "not-established"
    exact = check_claim(91, 119, 0.693, method="exact")
    assert exact.bound == pytest.approx(0.691917881605085, rel=1e-9)
    assert exact.verdict == "not-established"


def test_claim_less_and_contradicted() -> None:
    assert check_claim(60, 119, 0.70).verdict == "contradicted"  # 50.4 % is not > 70 %
    low = check_claim(10, 119, 0.20, relation="less")  # 8.4 %, clearly below 20 %
    assert low.bound == low.interval.high
    assert low.verdict == "established"
    assert check_claim(30, 119, 0.20, relation="less").verdict == "contradicted"
    assert check_claim(30, 119, 0.20, relation="less", scope="respondents").verdict == (
        "inconsistent"
    )
    # An estimate exactly at the threshold is not beyond it (exact comparison, 7/10).
    assert check_claim(7, 10, 0.7, scope="respondents").verdict == "inconsistent"


# --------------------------------------------------------------------------- the 2025 seeds


def test_seed_percentages_and_their_counts() -> None:
    # 82 % of 50 IS reachable (41/50 = 0.82 exactly) ...
    assert grim_percent("82", 50).fitting_counts() == (41,)
    # ... and 78 % of 50 is 39/50.
    assert grim_percent("78", 50).fitting_counts() == (39,)
    # 67 % of 178: 119/178 = 0.6685 and 120/178 = 0.6742 round half-up to 67; 121/178 =
    # 0.6798 truncates to 67. n ≥ 100, so every whole percentage is reachable.
    r67 = grim_percent("67", 178)
    assert r67.fitting_counts("half-up") == (119, 120)
    assert r67.fitting_counts("truncate") == (120, 121)
    assert r67.verdict == "not-testable"
    # 42 % of 119: 50/119 = 0.4202 (49/119 = 0.4118, 51/119 = 0.4286).
    assert grim_percent("42", 119).fitting_counts("half-up") == (50,)
    # 59 % and 41 % of 69: 41/69 = 0.5942, 28/69 = 0.4058 (truncated: 40 %).
    assert grim_percent("59", 69).fitting_counts() == (41,)
    r41 = grim_percent("41", 69)
    assert r41.fitting_counts("half-up") == (28,)
    assert r41.fitting_counts("truncate") == ()
    assert r41.verdict == "rounding-dependent"
    # 34 % of 119: 41/119 = 0.3445 (and 40/119 = 0.3361).
    assert grim_percent("34", 119).fitting_counts("half-even") == (40, 41)


def test_seed_themes() -> None:
    first = check_theme(89, [42, 19, 11, 7, 5, 3])  # 42+19+11+7+5+3 = 87
    assert (first.lower, first.upper, first.violation, first.uncoded) == (42, 87, "upper", 2)
    assert first.verdict == "inconsistent"
    for theme, subs in [
        (62, [24, 17, 12, 6, 3]),  # = 62
        (37, [14, 10, 5, 5, 3]),  # = 37
        (28, [12, 8, 5, 3]),  # = 28
    ]:
        result = check_theme(theme, subs, n=129)
        assert result.upper == theme
        assert result.violation is None
        assert result.verdict == "consistent"


def test_seed_funnel() -> None:
    f = check_funnel(["42", "59"], [119, 69])
    assert f.links == ("complete",)  # 119 − 69 = 50, and 50/119 rounds to 42 %
    assert f.stage_counts == ((50,), (41,))
    assert f.exact_shares() == (Fraction(91, 119),)
    assert f.exact_shares(2) == (Fraction(41, 119),)
    assert f.exact_shares(1) == (Fraction(50, 119),)
    # Half-up brackets [0.415, 0.425) and [0.585, 0.595): combined within
    # [1 − 0.585·0.415, 1 − 0.575·0.405] = [0.757225, 0.767125].
    low, high = check_funnel(["42", "59"], modes="half-up").share()
    assert (low, high) == (Fraction("0.757225"), Fraction("0.767125"))
    low2, high2 = check_funnel(["42", "59"], modes="half-up").share(2)
    assert (low2, high2) == (
        Fraction("0.585") * Fraction("0.575"),
        Fraction("0.595") * Fraction("0.585"),
    )


def test_funnel_links_and_statements_in_an_audit() -> None:
    toml = """
[[figures]]
id = "a"
value = "42"
n = 119
[[figures]]
id = "b"
value = "59"
n = 80
[[figures]]
id = "c"
value = "59"
[[figures]]
id = "d"
value = "59"
n = 60
[[funnels]]
id = "f1"
stages = ["a", "b"]
[[funnels.statements]]
id = "gt70"
target = "combined"
relation = "greater"
value = "70"
[[funnels]]
id = "f2"
stages = ["a", "c"]
[[funnels.statements]]
id = "gt76"
target = "combined"
relation = "greater"
value = "76"
[[funnels.statements]]
id = "lt75"
target = "combined"
relation = "less"
value = "75"
[[funnels.statements]]
id = "eq34"
target = "stage 2"
relation = "equal"
value = "34"
[[funnels.statements]]
id = "eq40"
target = "stage 2"
relation = "equal"
value = "40"
[[funnels]]
id = "f3"
stages = ["a", "d"]
"""
    report = audit_published(PublishedFigures.from_toml(toml))
    got = {k: v[0] for k, v in verdicts(report).items() if k[1] == "funnel"}
    # 42 % of 119 is k = 50 (or 51 truncated), leaving 69 (or 68): a base of 80 is too
    # many, 60 is non-response. Without counts, the hulls over the three modes are
    # 42 -> [0.415, 0.43] and 59 -> [0.585, 0.60], so the combined share lies in
    # [1 - 0.585*0.415, 1 - 0.57*0.40] = [0.757225, 0.772] and stage 2's share of everyone
    # in [0.585*0.57, 0.60*0.585] = [0.33345, 0.351].
    assert got == {
        ("f1:stage2", "funnel"): "inconsistent",
        ("gt70", "funnel"): "consistent",
        ("gt76", "funnel"): "rounding-dependent",
        ("lt75", "funnel"): "inconsistent",
        ("eq34", "funnel"): "consistent",
        ("eq40", "funnel"): "inconsistent",
        ("f3:stage2", "funnel"): "consistent",
    }
    by_key = {(f.figure, f.check): f for f in report.findings}
    assert "75.72%–77.2%" in by_key[("gt76", "funnel")].explanation
    assert "some did not answer" in by_key[("f3:stage2", "funnel")].explanation
    assert check_funnel(["42", "59"], [119, 80]).links == ("inconsistent",)
    assert check_funnel(["42", "59"], [119, 60]).links == ("partial",)
    assert check_funnel(["42", "59"], [119, None]).links == ("unknown",)
    assert check_funnel(["42", "59"], [119, 60]).exact_shares() == ()


def test_dataset_sentences_are_verbatim_and_numbers_match() -> None:
    figs = optam_2025_published()
    texts = {name: path.read_text(encoding="utf-8") for name, path in SEEDS.items()}
    items = [
        *figs.bases,
        *figs.figures,
        *figs.counts,
        *figs.themes,
        *figs.claims,
        *(s for f in figs.funnels for s in f.statements),
    ]
    quoted = 0
    for item in items:
        if item.sentence is None:
            continue
        assert item.source in texts, item.id
        assert item.sentence in texts[item.source], item.id
        quoted += 1
    assert quoted == len(items) - 1  # only the derived base "plan-to-leave" has no sentence
    for fig in figs.figures:
        if "/" not in fig.value:
            assert re.search(rf"(?<!\d){re.escape(fig.value)} ?%", fig.sentence or ""), fig.id
    for count in figs.counts:
        assert re.search(rf"(?<!\d){count.count}(?!\d)", count.sentence or ""), count.id
    for theme in figs.themes:
        assert f"({theme.count})" in (theme.sentence or "")
        for sub in theme.subthemes:
            assert f"- {sub.label} : {sub.count}\n" in texts["report"], sub.label
    for base in figs.bases:
        if base.sentence is not None:
            assert str(base.n) in base.sentence


def test_dataset_audit_verdicts() -> None:
    report = audit_published(optam_2025_published())
    got = verdicts(report)
    expected = {
        ("article-headline-third", "count"): ("wrong-base", "error"),
        ("article-motive-politics", "percent"): ("consistent", "ok"),
        ("article-motive-politics", "count"): ("count-mismatch", "error"),
        ("article-motive-targets", "count"): ("count-mismatch", "error"),
        ("article-motive-sanctions", "count"): ("consistent", "ok"),
        ("article-plan-more", "count"): ("consistent", "ok"),
        ("article-left", "count"): ("consistent", "ok"),
        ("report-optam-october", "percent"): ("not-testable", "info"),
        ("report-optam-october", "count"): ("rounding-dependent", "info"),
        ("report-plan-yes", "percent"): ("consistent", "ok"),
        ("report-plan-no", "percent"): ("rounding-dependent", "info"),
        ("changes-fees", "theme"): ("inconsistent", "error"),
        ("changes-tariff-freedom", "theme"): ("consistent", "ok"),
        ("changes-governance", "theme"): ("consistent", "ok"),
        ("changes-insurers", "theme"): ("consistent", "ok"),
        ("question-plan", "question"): ("consistent", "ok"),
        ("question-article-motives", "question"): ("consistent", "ok"),
        ("exit-funnel:stage2", "funnel"): ("consistent", "ok"),
        ("report-more-than-70", "funnel"): ("consistent", "ok"),
        ("report-conclusion-70", "funnel"): ("consistent", "ok"),
        ("article-34-more", "funnel"): ("consistent", "ok"),
        ("claim-more-than-70", "claim"): ("not-established", "warning"),
        ("claim-conclusion-70", "claim"): ("not-established", "warning"),
        ("claim-majority-still-in", "claim"): ("consistent", "ok"),
    }
    for key, value in expected.items():
        assert got[key] == value, key
    assert report.summary() == {"ok": 40, "info": 6, "warning": 2, "error": 4}
    by_key = {(f.figure, f.check): f for f in report.findings}
    politics = by_key[("article-motive-politics", "count")]
    assert "43/50 = 86%" in politics.explanation
    assert "k = 41" in politics.explanation
    targets = by_key[("article-motive-targets", "count")]
    assert "38/50 = 76%" in targets.explanation
    headline = by_key[("article-headline-third", "count")]
    assert "41/188 ≈ 21.81%" in headline.explanation  # 41/188 = 0.218085...
    assert headline.alternatives == (
        "41/119 ≈ 34.45% of sector-2 OPTAM members in October (n = 119)",
    )
    fees = by_key[("changes-fees", "theme")]
    assert "42 + 19 + 11 + 7 + 5 + 3 = 87" in fees.explanation
    assert "at least 2 theme mention(s) have no sub-code" in fees.explanation
    claim = by_key[("claim-more-than-70", "claim")]
    assert "69.5%" in claim.explanation
    assert "p = 0.073" in claim.explanation
    assert claim.alternatives[0] == "“more than 69%” is established"
    assert by_key[("report-more-than-70", "funnel")].alternatives == ("91/119 ≈ 76.47%",)
    assert "n = 50" in by_key[("question-article-motives", "question")].explanation
    assert "n = 69" in by_key[("question-plan", "question")].explanation
    assert 50 in fitting_bases(["82", "78", "78"], n_max=188)
    assert 69 in fitting_bases(["59", "41"], n_max=119, exhaustive=True)


def test_dataset_round_trips_through_dict() -> None:
    figs = optam_2025_published()
    assert PublishedFigures.from_dict(figs.to_dict()) == figs
    assert len(figs.ids()) == len(figs.figures) + len(figs.counts) + len(figs.themes) + len(
        figs.questions
    ) + len(figs.funnels) + len(figs.claims)


# --------------------------------------------------------------------------- properties


@given(n=st.integers(1, 5000), data=st.data(), decimals=st.integers(0, 3), mode=modes)
def test_any_rounded_k_over_n_is_consistent_under_its_mode(
    n: int, data: st.DataObject, decimals: int, mode: str
) -> None:
    k = data.draw(st.integers(0, n))
    value = printed(k, n, decimals, mode)
    result = grim_percent(value, n, modes=mode)
    assert k in result.fitting_counts(mode)
    assert result.consistent
    # Every k found prints the same value: the bracket is exact, not just generous.
    assert all(printed(j, n, decimals, mode) == value for j in result.fitting_counts(mode))


@given(n=st.integers(1, 300), decimals=st.integers(0, 2), mode=modes, data=st.data())
def test_fitting_counts_equal_brute_force(
    n: int, decimals: int, mode: str, data: st.DataObject
) -> None:
    scaled = data.draw(st.integers(0, 100 * 10**decimals))
    digits = str(scaled).rjust(decimals + 1, "0")
    value = f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits
    expected = tuple(k for k in range(n + 1) if printed(k, n, decimals, mode) == value)
    result = grim_percent(value, n, modes=mode)
    assert result.fitting_counts(mode) == expected
    if result.testable:
        assert result.verdict == ("consistent" if expected else "inconsistent")


@given(decimals=st.integers(0, 2), j=st.integers(0, 4), data=st.data())
def test_a_tie_ending_in_5_is_handled_per_mode(decimals: int, j: int, data: st.DataObject) -> None:
    # n = 2^(D+1)·5^j and k odd make 10^D·k/n = 5^(D−j)·k/2 a half-integer: an exact tie.
    digits = decimals + 2
    assume(j <= digits)
    n = 2 ** (digits + 1) * 5**j
    k = data.draw(st.integers(0, (n - 1) // 2)) * 2 + 1
    lower = (10**digits * k) // n  # the tie lies between `lower` and `lower + 1`
    assert 2 * 10**digits * k == (2 * lower + 1) * n

    def text(v: int) -> str:
        s = str(v).rjust(decimals + 1, "0")
        return f"{s[:-decimals]}.{s[-decimals:]}" if decimals else s

    down, up = text(lower), text(lower + 1)
    assert printed(k, n, decimals, "half-up") == up  # the oracle agrees it is a tie
    assert printed(k, n, decimals, "half-down") == down

    def fits(value: str, mode: str) -> bool:
        return k in grim_percent(value, n, modes=mode).fitting_counts(mode)

    assert fits(up, "half-up")
    assert not fits(down, "half-up")
    assert fits(down, "half-down")
    assert not fits(up, "half-down")
    assert fits(down, "truncate")
    assert not fits(up, "truncate")
    even, odd = (down, up) if lower % 2 == 0 else (up, down)
    assert fits(even, "half-even")
    assert not fits(odd, "half-even")


@given(n=st.integers(100, 3000), v=st.integers(0, 100))
def test_not_testable_means_every_value_is_reachable(n: int, v: int) -> None:
    result = grim_percent(str(v), n, modes=ROUNDING_MODES)
    assert result.verdict == "not-testable"
    assert all(result.counts)
    assert result.grim_ratio == 0.0


@given(
    subs=st.lists(st.integers(1, 400), min_size=1, max_size=8),
    extra=st.integers(0, 400),
    data=st.data(),
)
def test_adding_a_subtheme_never_turns_a_lower_violation_into_an_upper_one(
    subs: list[int], extra: int, data: st.DataObject
) -> None:
    theme = data.draw(st.integers(0, max(subs) - 1))  # below the largest: a lower violation
    assert check_theme(theme, subs).violation == "lower"
    assert check_theme(theme, [*subs, extra]).violation == "lower"
    i = data.draw(st.integers(0, len(subs) - 1))
    bumped = [c + extra * (j == i) for j, c in enumerate(subs)]
    assert check_theme(theme, bumped).violation == "lower"
    # And in general an upper violation can only disappear when a sub-theme is added.
    any_theme = data.draw(st.integers(0, 3000))
    before = check_theme(any_theme, subs).violation
    after = check_theme(any_theme, [*subs, extra]).violation
    assert after != "upper" or before == "upper"


@given(
    codes=st.lists(st.frozensets(st.integers(0, 5), min_size=1), min_size=1, max_size=60),
    uncoded=st.integers(0, 5),
)
def test_themes_built_from_respondents_are_consistent(
    codes: list[frozenset[int]], uncoded: int
) -> None:
    # Each respondent of the theme has a non-empty set of sub-codes (0-5); `uncoded`
    # more have the theme without a sub-code.
    subs = [sum(j in c for c in codes) for j in range(6)]
    coded = check_theme(len(codes), subs)
    assert coded.verdict == "consistent"
    with_uncoded = check_theme(len(codes) + uncoded, subs)
    assert (with_uncoded.violation == "upper") is (len(codes) + uncoded > sum(subs))
    assert with_uncoded.uncoded == max(0, len(codes) + uncoded - sum(subs))
    assert check_theme(len(codes) + uncoded, subs, every_mention_coded=False).verdict == (
        "consistent"
    )


@given(n=st.integers(2, 400), decimals=st.integers(0, 1), mode=modes, data=st.data())
def test_the_true_base_of_a_question_is_always_found(
    n: int, decimals: int, mode: str, data: st.DataObject
) -> None:
    options = data.draw(st.integers(2, 4))
    cuts = sorted(
        data.draw(st.lists(st.integers(0, n), min_size=options - 1, max_size=options - 1))
    )
    counts = [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    values = [printed(k, n, decimals, mode) for k in counts]
    assert n in fitting_bases(values, n_min=n, n_max=n, modes=mode, exhaustive=True)
    assert n in fitting_bases(values, n_max=n, modes=mode)
    found = fitting_bases(values, n_max=n, modes=mode, exhaustive=True)
    for m in found[:5]:  # every base returned really makes each value reachable
        assert all(grim_percent(v, m, modes=mode).consistent for v in values)


@settings(max_examples=60)
@given(
    values=st.lists(st.integers(0, 1000), min_size=1, max_size=3),
    decimals=st.integers(0, 1),
    exhaustive=st.booleans(),
    mode=modes,
)
def test_base_search_int64_path_equals_python_integers(
    values: list[int], decimals: int, exhaustive: bool, mode: str
) -> None:
    texts = [f"{v // 10}.{v % 10}" if decimals else str(min(v, 100)) for v in values]
    fast = fitting_bases(texts, n_max=400, modes=mode, exhaustive=exhaustive)
    with mock.patch.object(audit_module, "_INT64_SAFE", 0):  # force the Python-integer loop
        slow = fitting_bases(texts, n_max=400, modes=mode, exhaustive=exhaustive)
    assert fast == slow


@given(n1=st.integers(1, 500), data=st.data(), mode=modes)
def test_funnel_from_counts_recovers_them(n1: int, data: st.DataObject, mode: str) -> None:
    k1 = data.draw(st.integers(0, n1 - 1))
    n2 = n1 - k1
    k2 = data.draw(st.integers(0, n2))
    values = [printed(k1, n1, 0, mode), printed(k2, n2, 0, mode)]
    f = check_funnel(values, [n1, n2], modes=mode)
    assert f.links == ("complete",)
    assert f.stage_counts is not None
    assert f.stage_counts[0] == (k1,)
    assert k2 in f.stage_counts[1]
    assert Fraction(k1 + k2, n1) in f.exact_shares()
    low, high = f.share()
    assert low <= Fraction(k1 + k2, n1) <= high
    low2, high2 = f.share(2)
    assert low2 <= Fraction(k2, n1) <= high2


@settings(max_examples=50)
@given(n=st.integers(1, 300), data=st.data())
def test_an_established_claim_stays_established_for_lower_thresholds(
    n: int, data: st.DataObject
) -> None:
    k = data.draw(st.integers(0, n))
    t_low, t_high = sorted(data.draw(st.lists(st.integers(1, 99), min_size=2, max_size=2)))
    if check_claim(k, n, t_high / 100).verdict == "established":
        assert check_claim(k, n, t_low / 100).verdict == "established"


@settings(max_examples=40)
@given(data=st.data())
def test_verdicts_do_not_depend_on_input_order(data: st.DataObject) -> None:
    figs = optam_2025_published()

    def shuffled(items: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(data.draw(st.permutations(items)))

    permuted = replace(
        figs,
        documents=shuffled(figs.documents),
        bases=shuffled(figs.bases),
        figures=shuffled(figs.figures),
        counts=shuffled(figs.counts),
        themes=tuple(replace(t, subthemes=shuffled(t.subthemes)) for t in shuffled(figs.themes)),
        questions=tuple(replace(q, figures=shuffled(q.figures)) for q in shuffled(figs.questions)),
        funnels=tuple(
            replace(f, statements=shuffled(f.statements)) for f in shuffled(figs.funnels)
        ),
        claims=tuple(replace(c, count_from=shuffled(c.count_from)) for c in shuffled(figs.claims)),
    )
    assert verdicts(audit_published(permuted)) == verdicts(audit_published(figs))


@given(
    rows=st.lists(
        st.tuples(st.integers(1, 150), st.integers(0, 150), st.integers(0, 100)),
        min_size=1,
        max_size=8,
    ),
    data=st.data(),
)
def test_verdicts_of_random_figures_do_not_depend_on_order(
    rows: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    figures = tuple(
        PercentFigure(f"f{i}", str(v), n=n, count=min(k, n + 1)) for i, (n, k, v) in enumerate(rows)
    )
    figs = PublishedFigures(figures=figures)
    permuted = PublishedFigures(figures=tuple(data.draw(st.permutations(figures))))
    assert verdicts(audit_published(permuted)) == verdicts(audit_published(figs))


# --------------------------------------------------------------------------- API details


def test_grim_percent_details() -> None:
    r = grim_percent("7", 50)  # 3/50 = 6 %, 4/50 = 8 %
    assert r.verdict == "inconsistent"
    assert r.neighbours() == (("6", 3), ("8", 4))
    assert r.grim_ratio == 0.5  # (100 − 50)/100
    assert grim_percent("13", 8).consistent_modes == ("half-up",)  # 1/8 = 12.5 %
    assert grim_percent("12", 8).consistent_modes == ("half-even", "truncate")
    assert grim_percent("59,4 %", 69).fitting_counts() == (41,)  # 41/69 = 59.42 %
    assert grim_percent("59.5", 69).verdict == "inconsistent"  # 41/69 59.42, 42/69 60.87
    assert grim_percent(59.4, 69, decimals=1).fitting_counts() == (41,)
    assert grim_percent(42, 119, decimals=1).value == "42.0"
    assert grim_percent("42.0", 119).fitting_counts() == (50,)  # 50/119 = 42.016 %
    assert grim_percent("42.1", 119).fitting_counts() == ()  # 50/119 42.02, 51/119 42.86
    assert grim_percent("0", 7).fitting_counts() == (0,)
    assert grim_percent("100", 7).fitting_counts() == (7,)
    assert grim_percent("42", 99).testable
    assert not grim_percent("42", 100).testable
    assert grim_percent("42.0", 999).testable
    assert not grim_percent("42.0", 1000).testable
    assert grim_percent("50", 10, modes="half-even").modes == ("half-even",)
    assert grim_percent("50", 10).modes == DEFAULT_MODES


def test_fitting_bases_examples() -> None:
    # 59 % yes / 41 % no adding up to n, n ≤ 30: checked by hand, e.g. n = 17: 10/17 =
    # 58.8 %, 7/17 = 41.2 %; n = 22: 13/22 = 59.1 %, 9/22 = 40.9 %.
    assert fitting_bases(["59", "41"], n_max=30, exhaustive=True) == (17, 22, 27, 29)
    assert fitting_bases(["62.5", "37.5"], n_max=30, exhaustive=True) == (8, 16, 24)
    assert fitting_bases(["50"], n_max=4, modes="half-up") == (2, 4)


def test_finding_and_report_rendering() -> None:
    findings = (
        Finding("a|b", "range", "consistent", "ok", "x | y", ("1",), "doc", "“<s>”"),
        Finding("c", "theme", "inconsistent", "error", "z", (), None, None),
    )
    report = AuditReport("T <1>", findings, "en", (("doc", "A document"),))
    assert report.summary() == {"ok": 1, "info": 0, "warning": 0, "error": 1}
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    assert data["findings"][0]["alternatives"] == ["1"]
    assert data["documents"] == [{"id": "doc", "title": "A document"}]
    md = report.to_markdown().splitlines()
    assert md[4].startswith("| Figure | Check | Verdict | Severity | Explanation |")
    assert len(md) == 6 + len(findings)
    assert "x \\| y" in md[6]
    html = report._repr_html_()
    assert "&lt;s&gt;" in html
    assert "<s>" not in html
    assert "T &lt;1&gt;" in html
    text = report.to_text()
    assert "[error] c · theme · inconsistent" in text
    assert report.render("json") == report.to_json()
    assert report.render("markdown") == report.to_markdown()
    assert report.render() == text
    frame = report.to_frame()
    assert list(frame.columns) == [
        "figure", "check", "verdict", "severity", "explanation", "alternatives", "source",
        "sentence",
    ]  # fmt: skip
    assert frame.shape == (2, 8)
    french = AuditReport("T", findings, "fr")
    assert_text_frame(frame, [f.source for f in findings], [f.sentence for f in findings])
    assert "[erreur] c · thème · incohérent" in french.to_text()
    assert "| Chiffre | Contrôle | Verdict | Gravité |" in french.to_markdown()


def test_french_audit_explanations() -> None:
    report = audit_published(optam_2025_published(), lang="fr")
    by_key = {(f.figure, f.check): f for f in report.findings}
    assert "43/50 = 86 %" in by_key[("article-motive-politics", "count")].explanation
    assert "69,5 %" in by_key[("claim-more-than-70", "claim")].explanation
    assert report.lang == "fr"
    assert verdicts(report) == verdicts(audit_published(optam_2025_published()))


def test_docs_example_audits_as_documented() -> None:
    text = (ROOT / "docs" / "published-figures.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    report = audit_published(PublishedFigures.from_toml(block))
    assert verdicts(report) == {
        ("members", "base"): ("consistent", "ok"),
        ("still-in", "base"): ("consistent", "ok"),
        ("leavers", "base"): ("consistent", "ok"),
        ("left", "percent"): ("not-testable", "info"),
        ("left", "count"): ("consistent", "ok"),
        ("press-left", "percent"): ("not-testable", "info"),
        ("press-left", "count"): ("wrong-base", "error"),
        ("plan", "percent"): ("consistent", "ok"),
        ("reason-cost", "percent"): ("inconsistent", "error"),
        ("reason-cost-count", "range"): ("consistent", "ok"),
        ("fees", "theme"): ("consistent", "ok"),
        ("vote", "question"): ("consistent", "ok"),
        ("exit:stage2", "funnel"): ("consistent", "ok"),
        ("more-than-half", "funnel"): ("consistent", "ok"),
        ("fifteen-more", "funnel"): ("consistent", "ok"),
        ("claim-more-than-half", "claim"): ("not-established", "warning"),
    }
    by_key = {(f.figure, f.check): f for f in report.findings}
    # 13/30 = 43.3 % and 14/30 = 46.7 %, as the page says; 48/200 = 24 %.
    assert by_key[("reason-cost", "percent")].alternatives == (
        "43% (13/30)",
        "46% (14/30)",
        "47% (14/30)",
    )
    assert "48/200 = 24%" in by_key[("press-left", "count")].explanation
    # R: prop.test(66, 120, alternative = "greater", correct = FALSE)$conf.int[1] = 0.4750;
    # binom.test(66, 120, p = 0.47, alternative = "greater")$p.value = 0.0481 < 0.05.
    claim = by_key[("claim-more-than-half", "claim")]
    assert "47.5%" in claim.explanation
    assert claim.alternatives[0] == "“more than 47%” is established"


def test_read_published_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "figures.toml"
    path.write_text('[[figures]]\nid = "x"\nvalue = "7"\nn = 50\n', encoding="utf-8")
    report = audit_published(path)
    assert verdicts(report) == {("x", "percent"): ("inconsistent", "error")}
    assert read_published(str(path)).figures[0].n == 50
    assert (
        audit_published({"figures": [{"id": "x", "value": "8", "n": 50}]}).findings[0].verdict
        == "consistent"
    )


def test_import_is_light() -> None:
    code = (
        "import sys, json, optamstats.audit as a, optamstats.datasets as d; "
        "figs = d.optam_2025_published(); a.grim_percent('42', 119); "
        "a.check_theme(89, [42, 19]); a.fitting_bases(['59', '41'], n_max=100); "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'statsmodels', 'matplotlib', 'pandas', 'scipy'})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: grim_percent("110", 50), InvalidValueError,
         "`value` must be a percentage from 0 to 100; got '110'"),
        (lambda: grim_percent(59.4, 69), InvalidValueError,
         "`value` 59.4 is a float, which loses trailing zeros"),
        (lambda: grim_percent(59.45, 69, decimals=1), InvalidValueError,
         "has more decimals than `decimals`=1"),
        (lambda: grim_percent("42", 119, decimals=1), InvalidValueError,
         "`decimals`=1 disagrees with the value '42'"),
        (lambda: grim_percent("forty", 10), InvalidValueError,
         "`value` must be a percentage such as '59.4'"),
        (lambda: grim_percent("1/3", 10), InvalidValueError,
         "`value` must be a rounded percentage such as '33.3'; got the fraction '1/3'"),
        (lambda: grim_percent(True, 10), InvalidTypeError, "`value` must be a percentage"),
        (lambda: grim_percent("50", 0), InvalidValueError, "`n` must be a whole number ≥ 1"),
        (lambda: grim_percent("50", 10.0), InvalidTypeError, "`n` must be a whole number"),
        (lambda: grim_percent("50", True), InvalidTypeError, "`n` must be a whole number"),
        (lambda: grim_percent("50", 10, modes="round"), InvalidValueError,
         "`modes` must be one of 'half-up'"),
        (lambda: grim_percent("50", 10, modes=[]), InvalidValueError,
         "`modes` must be a rounding mode or a non-empty sequence"),
        (lambda: grim_percent("50", 10, decimals=11), InvalidValueError,
         "`decimals` must be a whole number of decimals from 0 to 10; got 11"),
        (lambda: grim_percent("50", 10).fitting_counts("half-down"), InvalidValueError,
         "`mode` must be one of"),
        (lambda: fitting_bases([], n_max=10), InvalidValueError,
         "`values` must be a non-empty sequence"),
        (lambda: fitting_bases("59", n_max=10), InvalidValueError,
         "`values` must be a non-empty sequence"),
        (lambda: fitting_bases(["59"], n_max=0), InvalidValueError,
         "`n_max` must be a whole number ≥ 1"),
        (lambda: fitting_bases(["59"], n_min=5, n_max=4), InvalidValueError,
         "`n_max` must be a whole number ≥ 5"),
        (lambda: fitting_bases(["59"], n_max=2_000_000), InvalidValueError,
         "`n_max` must be at most 1,000,000"),
        (lambda: fitting_bases(["59"], n_max=9, exhaustive="yes"), InvalidTypeError,
         "`exhaustive` must be True or False"),
        (lambda: check_theme(5, []), InvalidValueError, "`subthemes` must be a non-empty"),
        (lambda: check_theme(-1, [1]), InvalidValueError, "`theme` must be a whole number ≥ 0"),
        (lambda: check_theme(5, [1.5]), InvalidTypeError, r"`subthemes\[0\]` must be a whole"),
        (lambda: check_theme(5, [1], every_mention_coded=1), InvalidTypeError,
         "`every_mention_coded` must be True or False"),
        (lambda: check_theme(5, [1], n=0), InvalidValueError, "`n` must be a whole number ≥ 1"),
        (lambda: check_funnel(["42"]), InvalidValueError,
         "`values` must list at least two stage percentages"),
        (lambda: check_funnel(["42", "59"], [119]), InvalidValueError,
         r"`n` must give one base \(or None\) per stage, 2 in all"),
        (lambda: check_funnel(["42", "59"]).share(3), InvalidValueError,
         "`stage` must be from 1 to 2"),
        (lambda: check_claim(91, 119, 70), InvalidValueError,
         r"`threshold` must be a proportion in the open interval \(0, 1\); got 70. Write 0.70"),
        (lambda: check_claim(91, 119, "0.7"), InvalidTypeError, "`threshold` must be a proportion"),
        # Beyond float64 and str() (found by fuzzing): OverflowError and ValueError before.
        (lambda: check_claim(0, 1, Fraction(10**400, 3)), InvalidValueError,
         r"`threshold` must be a proportion in the open interval \(0, 1\); got Fraction"),
        (lambda: grim_percent(10**5000, 10), InvalidValueError,
         "`value` must be a percentage from 0 to 100; got an integer of about 5000 digits"),
        (lambda: check_claim(120, 119, 0.7), InvalidValueError, "`k` must be ≤ `n`"),
        (lambda: check_claim(91, 119, 0.7, relation="more"), InvalidValueError,
         "`relation` must be one of 'greater', 'less'"),
        (lambda: check_claim(91, 119, 0.7, scope="all"), InvalidValueError,
         "`scope` must be one of 'population', 'respondents'"),
        (lambda: check_claim(91, 119, 0.7, confidence=95), InvalidValueError,
         "`confidence` must be in the open interval"),
        (lambda: audit_published(42), InvalidTypeError, "`published` must be PublishedFigures"),
        (lambda: audit_published({}, lang="de"), InvalidValueError,
         "`lang` must be one of 'en', 'fr'"),
        (lambda: audit_published({}, modes="ceil"), InvalidValueError, "`modes` must be one of"),
        (lambda: AuditReport("T", ()).render("pdf"), InvalidValueError,
         "`format` must be one of 'text', 'markdown', 'json'"),
        (lambda: AuditReport("T", ()).to_text(width=10), InvalidValueError,
         "`width` must be a whole number ≥ 40; got 10"),
        (lambda: read_published("/nonexistent/figures.toml"), InvalidValueError,
         "`path` '/nonexistent/figures.toml' cannot be read"),
        (lambda: read_published(3), InvalidTypeError, "`path` must be a file path"),
        (lambda: PublishedFigures.from_toml(b"x"), InvalidTypeError, "`text` must be a TOML"),
    ],
)  # fmt: skip
def test_bad_arguments(call, error: type[Exception], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()


FIG = '[[figures]]\nid = "x"\nvalue = "42"\nn = 119\n'
BASE = '[[bases]]\nid = "b"\nn = 10\nlabel = "B"\n'


@pytest.mark.parametrize(
    ("toml", "error", "message"),
    [
        ('title = "x"\n[[figures]\nid = 3', InvalidValueError,
         r"are not valid TOML: .*\(at line 2, column 10\)"),
        ('titel = "x"', InvalidValueError,
         r"`published figures` has unknown key\(s\) 'titel'"),
        ('format = "v2"', InvalidValueError, "`format` must be 'optamstats-published-figures/1'"),
        (FIG.replace('n = 119', 'n = 119\nsentance = "x"'), InvalidValueError,
         r"`figures\[0\] \(id 'x'\)` has unknown key\(s\) 'sentance'"),
        ('[[figures]]\nvalue = "42"\nn = 119\n', InvalidValueError,
         r"`figures\[0\]` needs the key `id`"),
        ('[[figures]]\nid = "x"\nn = 119\n', InvalidValueError,
         r"`figures\[0\] \(id 'x'\)` needs the key `value`"),
        ('[[figures]]\nid = "x"\nvalue = 42.0\nn = 119\n', InvalidValueError,
         r"`figures\[0\] \(id 'x'\).value` = 42.0 is a TOML float"),
        ('[[figures]]\nid = "x"\nvalue = "1/3"\nn = 119\n', InvalidValueError,
         "give the `tolerance` in percentage points"),
        ('[[figures]]\nid = "x"\nvalue = "42"\nbase = "nope"\n', InvalidValueError,
         r"`figures \(id 'x'\).base` names an unknown base 'nope'"),
        (BASE + '[[figures]]\nid = "x"\nvalue = "42"\nbase = "b"\nn = 11\n', InvalidValueError,
         r"gives n = 11 and base 'b' of n = 10; give one of them"),
        (FIG + FIG, InvalidValueError, "the id 'x' is used twice"),
        (FIG.replace("n = 119", "n = 119\ncount = 5\ncount_from = ['y']"), InvalidValueError,
         "gives both `count` and `count_from`"),
        (FIG.replace("n = 119", "n = 119\ncount_from = ['y']"), InvalidValueError,
         r"`figures \(id 'x'\).count_from` names 'y'"),
        (FIG.replace("n = 119", "n = 119\ncount_from = ['y']")
         + FIG.replace('"x"', '"y"').replace("n = 119", "n = 119\ncount_from = ['x']"),
         InvalidValueError, "`count_from` loops: x -> y -> x"),
        (FIG.replace("n = 119", "n = 119\ncount = -1"), InvalidValueError,
         r"`figures\[0\] \(id 'x'\).count` must be a whole number ≥ 0"),
        (FIG.replace("n = 119", 'n = "119"'), InvalidTypeError,
         r"`figures\[0\] \(id 'x'\).n` must be a whole number ≥ 1"),
        ('[[documents]]\nid = "r"\ntitle = "R"\n' + FIG.replace("n = 119", 'n = 119\nsource = "s"'),
         InvalidValueError, r"`figures \(id 'x'\).source` names an unknown document 's'"),
        ('[[counts]]\nid = "c"\ncount = 3\n', InvalidValueError,
         r"`counts \(id 'c'\)` needs a base: give `n` or `base`"),
        ('[[themes]]\nid = "t"\ncount = 3\nsubthemes = []\n', InvalidValueError,
         r"`themes\[0\] \(id 't'\).subthemes` must be a non-empty array"),
        ('[[themes]]\nid = "t"\ncount = 3\nsubthemes = [{label = "a", n = 1}]\n',
         InvalidValueError, r"has unknown key\(s\) 'n'"),
        ('[[bases]]\nid = "a"\nn = 5\nlabel = "A"\nwithin = "b"\n'
         '[[bases]]\nid = "b"\nn = 5\nlabel = "B"\nwithin = "a"\n',
         InvalidValueError, "`bases` nest in a cycle: a within b within a"),
        ('[[questions]]\nid = "q"\nfigures = ["x"]\n', InvalidValueError,
         r"`questions \(id 'q'\).figures` names 'x', which is not a percentage figure"),
        ('[[figures]]\nid = "x"\nvalue = "1/3"\ntolerance = 2\n[[questions]]\nid = "q"\n'
         'figures = ["x"]\n', InvalidValueError, "an approximate figure"),
        (FIG + '[[funnels]]\nid = "f"\nstages = ["x"]\n', InvalidTypeError,
         r"`funnels\[0\] \(id 'f'\).stages` must be an id or a list of at least 2 ids"),
        (FIG + FIG.replace('"x"', '"y"') + '[[funnels]]\nid = "f"\nstages = ["x", "y"]\n'
         '[[funnels.statements]]\nid = "s"\ntarget = "stage 3"\nrelation = "equal"\n'
         'value = "3"\n', InvalidValueError,
         r"`funnels \(id 'f'\).statements \(id 's'\).target` must be 'combined' or 'stage N'"),
        (FIG + FIG.replace('"x"', '"y"') + '[[funnels]]\nid = "f"\nstages = ["x", "y"]\n'
         '[[funnels.statements]]\nid = "s"\ntarget = "combined"\nrelation = "above"\n'
         'value = "3"\n', InvalidValueError, r"`funnels \(id 'f'\).statements \(id 's'\)"
         r".relation` must be one of 'greater', 'less', 'equal'"),
        ('[[claims]]\nid = "c"\nrelation = "greater"\nthreshold = "0"\ncount = 3\nn = 9\n',
         InvalidValueError, r"`claims \(id 'c'\).threshold` must be a percentage strictly"),
        ('[[claims]]\nid = "c"\nrelation = "greater"\nthreshold = "70"\nn = 9\n',
         InvalidValueError, r"`claims \(id 'c'\)` needs exactly one of `count` and `count_from`"),
        ('[[claims]]\nid = "c"\nrelation = "greater"\nthreshold = "70"\ncount = 3\nn = 9\n'
         'method = "exactish"\n', InvalidValueError, r"`claims \(id 'c'\).method` must be one"),
        ('[settings]\nmethod = "score"\n', InvalidValueError, "`settings.method` must be one of"),
        ('[settings]\nconfidence = 95\n', InvalidValueError,
         "`settings.confidence` must be in the open interval"),
        ('[settings]\nmodes = ["up"]\n', InvalidValueError, "`modes` must be one of"),
        ('figures = 3', InvalidTypeError, r"`figures` must be an array of tables"),
    ],
)  # fmt: skip
def test_bad_published_figures(toml: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        PublishedFigures.from_toml(toml)


def test_bad_file_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('title = "Enquête"'.encode("latin-1"))
    with pytest.raises(InvalidValueError, match="is not UTF-8 text; save it as UTF-8"):
        read_published(path)


def assert_text_frame(frame: pd.DataFrame, sources: list[object], sentences: list[object]) -> None:
    """Every column of `to_frame()` is text; a missing source or sentence is <NA>, not NaN."""
    for name in frame.columns:
        dtype = frame[name].dtype
        assert isinstance(dtype, pd.StringDtype), name
        assert dtype.na_value is pd.NA, name
    assert frame["source"].isna().tolist() == [s is None for s in sources]
    assert frame["sentence"].isna().tolist() == [s is None for s in sentences]
    assert not any(isinstance(v, float) for v in frame.to_numpy().ravel())


def test_to_frame_has_no_float_nan_in_text_columns() -> None:
    # The published figures include findings without a source or a quoted sentence
    # (e.g. the claim checks): pandas 3's "str" dtype held them as float NaN.
    report = audit_published(optam_2025_published())
    assert any(f.source is None for f in report.findings)
    frame = report.to_frame()
    assert_text_frame(
        frame, [f.source for f in report.findings], [f.sentence for f in report.findings]
    )
    assert frame["alternatives"].tolist() == ["; ".join(f.alternatives) for f in report.findings]
    assert AuditReport("T", ()).to_frame().shape == (0, 8)
