"""p-values as people cite them (issue 18): "p = 0.073", "p < 0.001", "p < 0,001" in
French; never "p = 0.000", "p = < 0.001" or a decimal point in French."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optamstats import InvalidValueError, exit_funnel
from optamstats._format import p_value
from optamstats.audit import PublishedFigures, audit_published


@pytest.mark.parametrize(
    ("p", "en", "fr"),
    [
        (0.072560403772153, "p = 0.073", "p = 0,073"),
        (0.05, "p = 0.050", "p = 0,050"),
        (0.001, "p = 0.001", "p = 0,001"),  # 0.001 itself is shown, not bounded
        (0.00149, "p = 0.001", "p = 0,001"),
        (0.000999999, "p < 0.001", "p < 0,001"),
        (6e-8, "p < 0.001", "p < 0,001"),
        (0.0, "p < 0.001", "p < 0,001"),
        (1.0, "p = 1.000", "p = 1,000"),
    ],
)
def test_p_value_table(p: float, en: str, fr: str) -> None:
    assert p_value(p, "en") == en
    assert p_value(p, "fr") == fr


@given(st.floats(0.0, 1.0))
def test_p_value_shape(p: float) -> None:
    en, fr = p_value(p, "en"), p_value(p, "fr")
    assert re.fullmatch(r"p (= [01]\.\d{3}|< 0\.001)", en), en
    assert re.fullmatch(r"p (= [01],\d{3}|< 0,001)", fr), fr
    assert "0.000" not in en
    assert "= <" not in en
    # the number shown is p to three decimals, or the bound it is under
    shown = float(en.split()[-1])
    assert shown == 0.001 if "<" in en else abs(shown - p) <= 0.0005 + 1e-12


@pytest.mark.parametrize("bad", [math.nan, -0.01, 1.5, math.inf])
def test_p_value_refuses_what_is_not_a_probability(bad: float) -> None:
    with pytest.raises(InvalidValueError, match="a p-value must be in"):
        p_value(bad, "en")


def test_funnel_threshold_test_cites_a_tiny_p_value() -> None:
    # R: binom.test(110, 119, p = 0.7, alternative = "greater")$p.value = 2.13237e-09
    t = exit_funnel(60, 50, 9).above(0.7)
    assert t.p_value == pytest.approx(2.13237e-09, rel=1e-5)
    assert "p < 0.001" in t.cite()
    assert "p < 0,001" in t.cite(lang="fr")
    assert "p = 0.000" not in t.cite()
    assert "p = <" not in t.cite()


CLAIMS = """
[[claims]]
id = "tiny"
relation = "greater"
threshold = "50"
count = 100
n = 119

[[claims]]
id = "headline"
relation = "greater"
threshold = "70"
count = 91
n = 119
"""


def test_audit_cites_p_values_as_people_do() -> None:
    en = {
        f.figure: f.explanation
        for f in audit_published(PublishedFigures.from_toml(CLAIMS)).findings
    }
    fr = {
        f.figure: f.explanation
        for f in audit_published(PublishedFigures.from_toml(CLAIMS), lang="fr").findings
    }
    # R: binom.test(100, 119, p = 0.5, alternative = "greater")$p.value = 9.071191e-15
    assert "gives p < 0.001:" in en["tiny"]
    assert "donne p < 0,001" in fr["tiny"]
    # R: binom.test(91, 119, p = 0.70, alternative = "greater")$p.value = 0.0725604
    assert "gives p = 0.073:" in en["headline"]
    assert "donne p = 0,073" in fr["headline"]
    for text in (*en.values(), *fr.values()):
        assert "0.000" not in text
        assert "0,000" not in text
        assert "= <" not in text
