"""Run every check of the audit over a set of published figures."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from optamstats import _format
from optamstats._checks import InvalidTypeError, check_confidence
from optamstats.audit.claim_findings import _claim
from optamstats.audit.context import _Run
from optamstats.audit.findings import AuditReport, Finding
from optamstats.audit.funnel_findings import _funnel_findings
from optamstats.audit.percent_findings import (
    _base_nesting,
    _count_range,
    _percent_findings,
    _question,
)
from optamstats.audit.published import PublishedFigures, read_published
from optamstats.audit.theme_findings import _theme
from optamstats.audit.values import _check_modes, _show


def audit_published(
    published: PublishedFigures | Mapping[str, Any] | str | os.PathLike[str],
    *,
    lang: str = "en",
    modes: str | Sequence[str] | None = None,
    confidence: float | None = None,
) -> AuditReport:
    """Audit a set of published figures: every check on every figure.

    Parameters
    ----------
    published : PublishedFigures, mapping, or path
        The figures: an object, a mapping of the TOML structure, or the path of a TOML
        file (format: ``docs/published-figures.md``).
    lang : {"en", "fr"}
        Language of the explanations.
    modes : str or sequence of str, optional
        Rounding modes tried (default: the figures' settings, else half-up, half-even and
        truncation).
    confidence : float, optional
        Level of the one-sided intervals of claims (default: the settings', else 0.95).

    Returns
    -------
    AuditReport
        One :class:`Finding` per check: base nesting, then for each percentage its
        reachability (``"percent"``) and its agreement with its count or base
        (``"count"``), counts within their bases (``"range"``), themes, questions (bases
        fitting all their percentages), funnels (links and statements) and claims.

    Raises
    ------
    InvalidValueError
        Invalid figures (the message names the entry), a bad file, an unknown language or
        mode, a confidence outside (0, 1).
    InvalidTypeError
        Arguments of the wrong type.

    Notes
    -----
    Verdicts: ``consistent`` (ok); ``rounding-dependent`` and ``not-testable`` (info);
    ``not-established`` (warning: a claim plausible but not shown at the level);
    ``inconsistent``, ``count-mismatch``, ``wrong-base`` and ``contradicted`` (error).
    Verdicts never depend on the order of the input. The method is described in
    ``docs/methods/audit.md``.

    References
    ----------
    .. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test: a simple technique detects
       numerous anomalies in the reporting of results in psychology", Social Psychological
       and Personality Science 8(4):363–369, 2017.
    .. [2] L. Jung, "scrutiny: Error Detection in Science", R package, ``grim()``,
       ``grim_map()``, https://lhdjung.github.io/scrutiny/

    Examples
    --------
    >>> from optamstats.audit import audit_published
    >>> from optamstats.datasets import optam_2025_published
    >>> report = audit_published(optam_2025_published())
    >>> for f in report.findings:
    ...     if f.severity == "error":
    ...         print(f.figure, f.check, f.verdict)
    article-headline-third count wrong-base
    article-motive-politics count count-mismatch
    article-motive-targets count count-mismatch
    changes-fees theme inconsistent
    """
    if isinstance(published, PublishedFigures):
        figs = published
    elif isinstance(published, Mapping):
        figs = PublishedFigures.from_dict(published)
    elif isinstance(published, str | os.PathLike):
        figs = read_published(published)
    else:
        raise InvalidTypeError(
            "`published` must be PublishedFigures, a mapping of the TOML structure or a path "
            f"to a TOML file; got {_show(published)}."
        )
    language = _format.check_lang(lang)
    mode_tuple = figs.settings.modes if modes is None else _check_modes(modes)
    level = figs.settings.confidence if confidence is None else check_confidence(confidence)
    run = _Run(figs, language, mode_tuple, level)
    findings: list[Finding] = []
    findings += [_base_nesting(run, b) for b in figs.bases if b.within is not None]
    for fig in figs.figures:
        findings += _percent_findings(run, fig)
    findings += [_count_range(run, c) for c in figs.counts]
    findings += [_theme(run, t) for t in figs.themes]
    findings += [_question(run, q) for q in figs.questions]
    for fu in figs.funnels:
        findings += _funnel_findings(run, fu)
    findings += [_claim(run, c) for c in figs.claims]
    return AuditReport(
        figs.title, tuple(findings), language, tuple((d.id, d.title) for d in figs.documents)
    )
