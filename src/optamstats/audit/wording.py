"""How the audit writes numbers and lists, in English and French.

Percent signs (``42%``, ``42 %``), shares ``k/n`` with their percentage, lists of counts
and of bases, and the names of the rounding rules. Every explanation of a finding is
built from these, so that both languages write a number the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction


def _scaled_text(v: int, decimals: int) -> str:
    digits = str(v).rjust(decimals + 1, "0")
    return f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits


def _tr(lang: str, en: str, fr: str) -> str:
    return fr if lang == "fr" else en


def _decimal(text: str, lang: str) -> str:
    """Write a number's decimal point as the language does (``59,4`` in French)."""
    return text.replace(".", ",") if lang == "fr" else text


def _percent(text: str, lang: str) -> str:
    return f"{text} %" if lang == "fr" else f"{text}%"


def _plain(value: Fraction, lang: str, digits: int = 2) -> str:
    """Show a rational with at most `digits` decimals, trailing zeros dropped."""
    scaled = value * 10**digits
    q = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)  # half-up
    text = _scaled_text(q, digits) if q >= 0 else "-" + _scaled_text(-q, digits)
    if digits:
        text = text.rstrip("0").rstrip(".")
    return _decimal(text, lang)


def _share_text(k: int, n: int, digits: int, lang: str) -> str:
    """``43/50 = 86%`` or ``41/119 ≈ 34.45%``: exact when it terminates within `digits`."""
    value = Fraction(100 * k, n)
    exact = (value * 10**digits).denominator == 1
    sign = "=" if exact else "≈"
    return f"{k}/{n} {sign} {_percent(_plain(value, lang, digits), lang)}"


def _mode_names(modes: Iterable[str], lang: str) -> str:
    names = {
        "half-up": ("half-up", "demi vers le haut"),
        "half-down": ("half-down", "demi vers le bas"),
        "half-even": ("half-even", "demi au pair"),
        "truncate": ("truncation", "troncature"),
    }
    words = [names[m][1 if lang == "fr" else 0] for m in modes]
    if not words:
        return ""
    joiner = " et " if lang == "fr" else " and "
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + joiner + words[-1]


def _counts_text(ks: Sequence[int], lang: str) -> str:
    """``41`` / ``119 or 120`` / ``3–7``."""
    if not ks:
        return "—"
    if len(ks) == 1:
        return str(ks[0])
    if len(ks) == 2:
        return f"{ks[0]} {_tr(lang, 'or', 'ou')} {ks[1]}"
    if ks[-1] - ks[0] + 1 == len(ks):
        return f"{ks[0]}–{ks[-1]}"
    return ", ".join(map(str, ks))


def _ranges_text(values: Sequence[int], limit: int = 12) -> str:
    """``3, 6–8, 11, …`` for a sorted list of integers."""
    groups: list[tuple[int, int]] = []
    for v in values:
        if groups and v == groups[-1][1] + 1:
            groups[-1] = (groups[-1][0], v)
        else:
            groups.append((v, v))
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in groups[:limit]]
    if len(groups) > limit:
        parts.append("…")
    return ", ".join(parts)
