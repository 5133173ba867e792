"""Number formatting for citations, in English and French.

Kept outside ``report/`` because results format themselves (``cite()``) and
estimators must not import the report layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from optamstats._checks import InvalidValueError, check_choice

LANGS: Final = ("en", "fr")
NBSP: Final = "\u00a0"  # no-break space, before % ; : in French typography
NNBSP: Final = "\u202f"  # narrow no-break space, French thousands separator


def check_lang(lang: object) -> str:
    """Return `lang` if it is a supported language code."""
    return check_choice("lang", lang, LANGS)


def check_digits(digits: object) -> int:
    """Return `digits` if it is a whole number of decimals between 0 and 10."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10:
        raise InvalidValueError(
            f"`digits` must be a whole number of decimals from 0 to 10; got {digits!r}."
        )
    return digits


def number(value: float, digits: int, lang: str) -> str:
    """Format `value` with `digits` decimals; a decimal comma and U+2212 minus in French."""
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]  # never print "-0.0"
    if lang == "fr":
        text = text.replace(".", ",")
    return text.replace("-", "\u2212")


def percent_number(fraction: float, digits: int, lang: str) -> str:
    """Format a fraction as a percentage number without the sign: 0.42 -> '42.0'."""
    return number(100.0 * fraction, digits, lang)


def count(value: int, lang: str, *, nbsp: bool = False) -> str:
    """Format a count with thousands separators: 1,234 / 1 234."""
    text = f"{value:,}"
    if lang == "fr":
        text = text.replace(",", NNBSP if nbsp else " ")
    return text


def level(confidence: float, lang: str) -> str:
    """Format a confidence level as a percentage number: 0.95 -> '95', 0.999 -> '99.9'."""
    text = f"{round(100.0 * confidence, 10):g}"
    return text.replace(".", ",") if lang == "fr" else text


def french_spaces(text: str) -> str:
    """Make the spaces French typography keeps unbroken no-break.

    Before ``% : ; ? ! » =`` and after ``« =``: a line never starts with a ``%`` or
    ends with an opening guillemet.
    """
    for mark in ("%", ":", ";", "?", "!", "»", "="):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    for mark in ("«", "="):
        text = text.replace(f"{mark} ", f"{mark}{NBSP}")
    return text


def p_value(p: float, lang: str) -> str:
    """Format a p-value as people cite it: 'p = 0.073', 'p < 0.001' ('p < 0,001' in French).

    Three decimals; below 0.001 the bound, never "p = 0.000" or "p = < 0.001".
    A NaN or a value outside [0, 1] is a bug upstream: refused, never printed.
    """
    if not 0.0 <= p <= 1.0:
        raise InvalidValueError(f"a p-value must be in [0, 1]; got {p!r}.")
    if p < 0.001:
        return f"p < {number(0.001, 3, lang)}"
    return f"p = {number(p, 3, lang)}"


def interval_figures(
    estimate: float, low: float, high: float, confidence: float, digits: int, lang: str
) -> tuple[str, str, str, str]:
    """Format an estimate, its bounds (fractions, as percentage numbers) and its level.

    ``(0.42, 0.335, 0.51, 0.95)`` -> ``('42.0', '33.5', '51.0', '95')``: the four numbers
    of every ``cite()`` sentence.
    """
    est, lo, hi = (percent_number(float(v), digits, lang) for v in (estimate, low, high))
    return est, lo, hi, level(confidence, lang)


def interval_sentence(
    estimate: str,
    conf: str,
    bounds: str,
    details: Sequence[str],
    lang: str,
    *,
    points: bool = False,
    one_sided: bool = False,
) -> str:
    """Write the sentence every ``cite()`` prints around formatted numbers.

    ``42.0% (95% CI 33.5–51.0; n = 119)``, in French ``42,0 % (IC à 95 % : 33,5–51,0 ;
    n = 119)``: `details` follow the bounds, joined by ``"; "`` (``" ; "`` in French);
    `points` writes a difference (``20.0 points``), `one_sided` a one-sided interval.
    """
    if lang == "en":
        value = f"{estimate} points" if points else f"{estimate}%"
        kind = "one-sided CI" if one_sided else "CI"
        return f"{value} ({conf}% {kind} {bounds}; {'; '.join(details)})"
    value = f"{estimate} points" if points else f"{estimate} %"
    kind = "IC unilatéral" if one_sided else "IC"
    return f"{value} ({kind} à {conf} % : {bounds} ; {' ; '.join(details)})"
