"""Two options of a multi-select question compared among the same respondents.

Newcombe's paired interval for the difference of the two shares and McNemar's exact
test. Part of :mod:`optamstats.multiselect`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    check_confidence,
)
from optamstats._typing import Lang
from optamstats.multiselect.parsing import MultiSelectAnswers, _check_answers, _show
from optamstats.proportions import proportion

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PairedDifferenceCI", "compare_options"]


@dataclass(frozen=True, slots=True)
class PairedDifferenceCI:
    """Difference between two options' shares among the same respondents.

    Attributes
    ----------
    option_a, option_b : str
        The two options compared, ``a`` minus ``b``.
    both, only_a, only_b, neither : int
        The paired 2×2 table: respondents who ticked both, only `option_a`, only
        `option_b`, neither.
    n : int
        Respondents who answered the question.
    estimate : float
        ``(both + only_a)/n − (both + only_b)/n = (only_a − only_b)/n``.
    low, high : float
        Confidence bounds of the difference, within [−1, 1].
    confidence : float
        Confidence level.
    method : str
        ``"newcombe-paired"`` (method 10 of Newcombe 1998).
    p_value : float
        Two-sided McNemar exact test of equal shares (binomial test on the
        ``only_a + only_b`` discordant respondents).

    See Also
    --------
    compare_options : Build it from parsed answers.

    References
    ----------
    .. [1] R. G. Newcombe, "Improved confidence intervals for the difference between
       binomial proportions based on paired data", Stat. Med. 17:2635–2650, 1998.
    .. [2] Q. McNemar, "Note on the sampling error of the difference between correlated
       proportions or percentages", Psychometrika 12:153–157, 1947.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import compare_options, parse_multiselect
    >>> rows = ["A, B"] * 20 + ["A"] * 12 + ["B"] * 2 + ["C"] * 16
    >>> r = compare_options(parse_multiselect(pd.Series(rows), ["A", "B", "C"]), "A", "B")
    >>> (r.both, r.only_a, r.only_b, r.neither), (r.k_a, r.k_b)
    ((20, 12, 2, 16), (32, 22))
    """

    option_a: str
    option_b: str
    both: int
    only_a: int
    only_b: int
    neither: int
    n: int
    estimate: float
    low: float
    high: float
    confidence: float
    method: str
    p_value: float

    @property
    def k_a(self) -> int:
        """Respondents who ticked `option_a`."""
        return self.both + self.only_a

    @property
    def k_b(self) -> int:
        """Respondents who ticked `option_b`."""
        return self.both + self.only_b

    def to_frame(self) -> pd.DataFrame:
        """Return the comparison as a one-row DataFrame.

        Returns
        -------
        pandas.DataFrame
            Columns ``option_a``, ``option_b``, ``both``, ``only_a``, ``only_b``,
            ``neither``, ``n``, ``estimate``, ``low``, ``high``, ``confidence``,
            ``method``, ``p_value``.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.multiselect import compare_options, parse_multiselect
        >>> answers = parse_multiselect(pd.Series(["A, B", "A", "B", "A"]), ["A", "B"])
        >>> compare_options(answers, "A", "B").to_frame()[["both", "only_a", "only_b"]]
           both  only_a  only_b
        0     1       2       1
        """
        import pandas as pd

        names = (
            "option_a", "option_b", "both", "only_a", "only_b", "neither", "n",
            "estimate", "low", "high", "confidence", "method", "p_value",
        )  # fmt: skip
        return pd.DataFrame({name: [getattr(self, name)] for name in names})

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Return the difference in percentage points, its interval and McNemar's p.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language and number format.
        digits : int
            Decimals of the percentages.

        Returns
        -------
        str
            E.g. ``20.0 points (95% CI 5.6 to 32.9; n = 50; McNemar exact p = 0.013)``;
            in French ``20,0 points (IC à 95 % : 5,6 à 32,9 ; n = 50 ; test exact de
            McNemar : p = 0,013)``. Negative numbers use the minus sign U+2212.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.multiselect import compare_options, parse_multiselect
        >>> rows = ["A, B"] * 20 + ["A"] * 12 + ["B"] * 2 + ["C"] * 16
        >>> answers = parse_multiselect(pd.Series(rows), ["A", "B", "C"])
        >>> compare_options(answers, "A", "B").cite()
        '20.0 points (95% CI 5.6 to 32.9; n = 50; McNemar exact p = 0.013)'
        >>> compare_options(answers, "A", "B").cite(lang="fr")
        '20,0 points (IC à 95 % : 5,6 à 32,9 ; n = 50 ; test exact de McNemar : p = 0,013)'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        est, low, high, conf = _format.interval_figures(
            self.estimate, self.low, self.high, self.confidence, digits, lang
        )
        n = _format.count(self.n, lang)
        p = _format.number(self.p_value, 3, lang) if self.p_value >= 0.001 else None
        if lang == "en":
            bounds = f"{low} to {high}"
            test = f"McNemar exact p = {p}" if p else "McNemar exact p < 0.001"
        else:
            bounds = f"{low} à {high}"
            test = f"test exact de McNemar : p = {p}" if p else "test exact de McNemar : p < 0,001"
        return _format.interval_sentence(est, conf, bounds, [f"n = {n}", test], lang, points=True)


def _newcombe_paired(
    both: int, only_a: int, only_b: int, neither: int, confidence: float
) -> tuple[float, float, float]:
    """Newcombe's (1998) method 10: Wilson limits combined with a corrected correlation."""
    n = both + only_a + only_b + neither
    k_a, k_b = both + only_a, both + only_b
    ci = proportion(np.array([k_a, k_b]), n, confidence=confidence, method="wilson")
    (l1, l2), (u1, u2) = np.asarray(ci.low), np.asarray(ci.high)
    p1, p2 = k_a / n, k_b / n
    product = float(k_a) * float(n - k_a) * float(k_b) * float(n - k_b)
    phi = 0.0
    if product > 0.0:
        # The continuity-corrected correlation of Newcombe's method 10: the
        # cross-product excess is shrunk by n/2 when positive, kept when negative.
        excess = float(both) * float(neither) - float(only_a) * float(only_b)
        if excess > n / 2.0:
            phi = (excess - n / 2.0) / math.sqrt(product)
        elif excess < 0.0:
            phi = excess / math.sqrt(product)
    d = p1 - p2
    dl1, du1, dl2, du2 = p1 - l1, u1 - p1, p2 - l2, u2 - p2
    low = d - math.sqrt(max(dl1**2 - 2.0 * phi * dl1 * du2 + du2**2, 0.0))
    high = d + math.sqrt(max(dl2**2 - 2.0 * phi * dl2 * du1 + du1**2, 0.0))
    return d, max(low, -1.0), min(high, 1.0)


def _mcnemar_exact(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value: binomial(only_a + only_b, 1/2), doubled tail."""
    from scipy import special

    discordant = only_a + only_b
    if discordant == 0:
        return 1.0
    tail = float(special.bdtr(min(only_a, only_b), discordant, 0.5))
    return min(1.0, 2.0 * tail)


def compare_options(
    answers: MultiSelectAnswers,
    a: str,
    b: str,
    *,
    confidence: float = 0.95,
) -> PairedDifferenceCI:
    r"""Compare two options' shares of respondents: a paired difference.

    The same respondents answer both options, so the two shares are correlated and
    the interval for independent groups does not apply. This uses Newcombe's hybrid
    score interval for paired data and McNemar's exact test.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers; the base is the respondents who answered.
    a, b : str
        Labels of the two options; the difference is share(a) − share(b).
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    PairedDifferenceCI

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers; labels that are not strings.
    InvalidValueError
        Unknown labels, ``a == b``, nobody answered, a bad confidence.

    See Also
    --------
    optamstats.difference : Difference of two independent proportions.

    Notes
    -----
    With the paired table (e = both, f = only a, g = only b, h = neither, n = e + f +
    g + h), :math:`p_1 = (e+f)/n`, :math:`p_2 = (e+g)/n`, Wilson limits
    :math:`(l_i, u_i)` and the corrected correlation :math:`\hat\phi` (0 if a margin is
    0; :math:`(eh - fg - n/2)/\sqrt{\cdot}` if :math:`eh - fg > n/2`, 0 if
    :math:`0 \le eh - fg \le n/2`, :math:`(eh - fg)/\sqrt{\cdot}` if negative,
    :math:`\sqrt{\cdot} = \sqrt{(e+f)(g+h)(e+g)(f+h)}`), method 10 of [1]_ is

    .. math:: d - \sqrt{(p_1-l_1)^2 - 2\hat\phi(p_1-l_1)(u_2-p_2) + (u_2-p_2)^2},\quad
              d + \sqrt{(p_2-l_2)^2 - 2\hat\phi(p_2-l_2)(u_1-p_1) + (u_1-p_1)^2}.

    McNemar's exact test conditions on the f + g discordant respondents: under equal
    shares f ~ Binomial(f + g, ½); the two-sided p-value doubles the smaller tail
    (capped at 1) [2]_. The matching R calls are ``ratesci::pairbinci(c(e, f, g, h),
    method = "MOVER_newc", moverbase = "wilson")`` and ``binom.test(f, f + g)``;
    statsmodels' ``mcnemar(table, exact=True)`` gives the same p-value.

    References
    ----------
    .. [1] R. G. Newcombe, "Improved confidence intervals for the difference between
       binomial proportions based on paired data", Stat. Med. 17:2635–2650, 1998.
    .. [2] Q. McNemar, "Note on the sampling error of the difference between correlated
       proportions or percentages", Psychometrika 12:153–157, 1947.
    .. [3] M. W. Fagerland, S. Lydersen and P. Laake, "Recommended tests and confidence
       intervals for paired binomial proportions", Stat. Med. 33:2850–2875, 2014.

    Examples
    --------
    One of the examples of Newcombe's Table III [1]_ (method 10: 0.0562 to 0.3292): 20
    respondents tick both, 12 only A, 2 only B, 16 neither.

    >>> import pandas as pd
    >>> from optamstats.multiselect import compare_options, parse_multiselect
    >>> rows = ["A, B"] * 20 + ["A"] * 12 + ["B"] * 2 + ["C"] * 16
    >>> answers = parse_multiselect(pd.Series(rows), ["A", "B", "C"])
    >>> r = compare_options(answers, "A", "B")
    >>> round(r.estimate, 4), round(r.low, 4), round(r.high, 4)
    (0.2, 0.0562, 0.3292)
    >>> round(r.p_value, 4)
    0.0129
    """
    answers = _check_answers(answers)
    conf = check_confidence(confidence)
    options = answers.options
    for name, label in (("a", a), ("b", b)):
        if not isinstance(label, str):
            raise InvalidTypeError(
                f"`{name}` must be an option label (a string); got {_show(label)}."
            )
        if label not in options:
            raise InvalidValueError(
                f"`{name}` must be one of the options {_show(list(options), 300)}; got {label!r}."
            )
    if a == b:
        raise InvalidValueError(f"`a` and `b` must be two different options; got {a!r} twice.")
    matrix = answers._matrix()
    col_a, col_b = matrix[:, options.index(a)], matrix[:, options.index(b)]
    both = int(np.sum(col_a & col_b))
    only_a = int(np.sum(col_a & ~col_b))
    only_b = int(np.sum(~col_a & col_b))
    n = matrix.shape[0]
    neither = n - both - only_a - only_b
    d, low, high = _newcombe_paired(both, only_a, only_b, neither, conf)
    return PairedDifferenceCI(
        a, b, both, only_a, only_b, neither, n, d, low, high, conf, "newcombe-paired",
        _mcnemar_exact(only_a, only_b),
    )  # fmt: skip
