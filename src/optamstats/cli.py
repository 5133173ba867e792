"""The ``optamstats`` command.

Examples
--------
>>> main(["proportion", "50", "119", "--lang", "fr"])
42,0 % (IC à 95 % : 33,5–51,0 ; n = 119)
0
>>> main(["audit", "--format", "json"])  # doctest: +ELLIPSIS
{
  "title": "OPTAM exit survey 2025: figures as published",
...
1
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, Final

from optamstats._checks import InvalidTypeError, OptamstatsError
from optamstats._version import __version__

__all__ = ["main"]

# `audit --fail-on`: the severities that make the command exit with status 1.
_FAIL_ON: Final = ("error", "warning", "never")
_FAILING: Final = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def _count(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        msg = f"expected a whole number of respondents, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _level(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a level such as 0.95, got {text!r}") from None


def _rule(text: str) -> str:
    from optamstats.disclosure import RULES

    if text not in RULES:
        msg = f"expected one of {', '.join(RULES)}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return text


def _min_cell(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 2:
        msg = (
            f"expected a whole number of respondents >= 2 such as 5 or 11, got {text!r} "
            "(to print every count, use --no-disclosure-control)"
        )
        raise argparse.ArgumentTypeError(msg)
    return value


def _parser() -> argparse.ArgumentParser:
    from optamstats.proportions import ALTERNATIVES, METHOD_ALIASES, METHODS

    parser = argparse.ArgumentParser(
        prog="optamstats",
        description="Honest statistical inference for union surveys of doctors.",
    )
    parser.add_argument("--version", action="version", version=f"optamstats {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    prop = commands.add_parser(
        "proportion",
        help="print the citable confidence interval of K respondents out of N",
        description="Print a proportion K/N with its confidence interval, ready to cite.",
    )
    prop.add_argument("k", metavar="K", type=_count, help="respondents counted")
    prop.add_argument("n", metavar="N", type=_count, help="the base: respondents asked")
    prop.add_argument(
        "--method", default="wilson", choices=[*METHODS, *METHOD_ALIASES], help="(default wilson)"
    )
    prop.add_argument("--confidence", type=_level, default=0.95, help="(default 0.95)")
    prop.add_argument("--alternative", default="two-sided", choices=ALTERNATIVES)
    prop.add_argument("--lang", default="en", choices=("en", "fr"), help="(default en)")
    prop.add_argument("--digits", type=int, default=1, help="decimals (default 1)")
    prop.add_argument("--base", default=None, help="who was asked, printed after n")
    audit = commands.add_parser(
        "audit",
        help="check published figures: percentages, counts, themes, funnels, claims",
        description=(
            "Audit published figures: is each percentage reachable as k/n, does it match "
            "its count and base, do coded themes fit their sub-themes, does funnel "
            "arithmetic hold, are claims such as 'more than 70 %' established? Without "
            "FILE, audits the 2025 OPTAM exit survey as published."
        ),
    )
    audit.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        default=None,
        help="TOML file of published figures (format: docs/published-figures.md)",
    )
    audit.add_argument(
        "--format", default="text", choices=("text", "markdown", "json"), help="(default text)"
    )
    audit.add_argument("--lang", default="en", choices=("en", "fr"), help="(default en)")
    audit.add_argument(
        "--fail-on",
        default="error",
        choices=_FAIL_ON,
        help="exit with status 1 when a finding is this severe: 'error' (default), 'warning' "
        "(a warning or an error), or 'never' (always 0 once the audit ran)",
    )
    _add_report(commands)
    check = commands.add_parser(
        "check",
        help="check a survey export against its specification",
        description="Check an export against its spec: missing and unknown columns, "
        "answers that are none of the options, answers where the skip logic says the "
        "question was not asked, blanks where it was asked, exclusive options ticked with "
        "others, unreadable or out-of-range numbers, scale answers outside the levels, "
        "suspected resubmissions; then a summary table. Exit status 1 when there are errors.",
    )
    check.add_argument("--responses", metavar="EXPORT", required=True, help="a survey export")
    check.add_argument("--spec", metavar="SPEC", required=True, help="the survey specification")
    check.add_argument("--format", choices=("text", "json"), default="text", help="(default text)")
    _add_init(commands)
    _add_compare(commands)
    return parser


# Python argument names a library message may hold, and the command line's name for
# them, by command: the library names its arguments to Python callers.
_FLAGS: Final = {
    "report": (
        ("the report folder `directory` (--output)", "the report folder (--output)"),
        ("`directory`", "--output"),
        ("`confidence`", "--confidence"),
        ("`min_cell`", "--min-cell"),
        ("`previous`", "--previous"),
    ),
    "audit": (("`path`", "file"),),
    "compare": (
        ("`before`", "--before"),
        ("`after`", "--after"),
        ("`lang`", "--lang"),
        ("`source`", "the export"),
        ("`confidence`", "--confidence"),
    ),
}


def _user_terms(command: str, message: str) -> str:
    """Return `message` with the Python argument names it holds replaced by flags."""
    for python, flag in _FLAGS.get(command, ()):
        message = message.replace(python, flag)
    return message


def _located(exc: Exception, responses: str | None) -> Exception:
    """Locate an error about data rows by its line in the export `responses`."""
    from optamstats.survey.errors import _given, _RowError

    if not isinstance(exc, _RowError) or exc.line is not None or responses is None:
        return exc
    from optamstats.survey.check import _export_lines

    try:
        lines = _export_lines(responses).tolist()
    except (OptamstatsError, OSError):  # the file changed since: keep the message
        return exc
    if len(lines) <= exc.rows[0]:
        return exc
    return exc.at_lines(lines, f"{_given(responses)}: ")


def _check(args: argparse.Namespace) -> int:
    from optamstats.check import check_export
    from optamstats.forms import load_spec

    spec = load_spec(args.spec)
    report = check_export(args.responses, spec)
    print(report.render(args.format), end="")
    return 0 if report.ok else 1


def _add_init(commands: Any) -> None:
    init = commands.add_parser(
        "init",
        help="draft a survey specification (TOML) from an export",
        description="Draft a survey specification from an export (Google Forms CSV, an Excel "
        "re-save, a Microsoft Forms .xlsx): the timestamp, and for each column a question "
        "with its type, options, label and skip logic guessed from the answers. Check it, "
        "then run `optamstats report --responses EXPORT --spec FILE`.",
    )
    init.add_argument("export", metavar="EXPORT", help="the survey export (.csv or .xlsx)")
    init.add_argument("--lang", choices=("fr", "en"), default=None,
                      help="language of the labels (default: detected)")  # fmt: skip
    init.add_argument("-o", "--output", metavar="TOML", default=None,
                      help="write the spec to this file (default: print it)")  # fmt: skip
    init.add_argument("--force", action="store_true", help="overwrite the --output file")


def _init(args: argparse.Namespace) -> int:
    from pathlib import Path

    from optamstats.draft import draft_spec

    text = draft_spec(args.export, lang=args.lang)
    if args.output is None:
        print(text, end="")
        return 0
    path = Path(args.output)
    if path.is_dir():
        print(f"optamstats init: error: `-o {args.output}` is a folder; give a file name "
              "such as survey.toml.", file=sys.stderr)  # fmt: skip
        return 2
    try:  # "x": never overwrite a spec someone has edited, unless asked to
        with path.open("w" if args.force else "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"optamstats init: error: `-o {args.output}` exists; pass --force to overwrite "
              "it, or choose another file name.", file=sys.stderr)  # fmt: skip
        return 2
    print(f"optamstats init: drafted {path}; check it, then run `optamstats report "
          f"--responses {args.export} --spec {path}`.", file=sys.stderr)  # fmt: skip
    return 0


def _add_compare(commands: Any) -> None:
    compare = commands.add_parser(
        "compare",
        help="compare two waves of a survey, question by question",
        description="Compare two waves of a survey: for each proportion both reports print, "
        "the change with Newcombe's interval and a Holm-adjusted score test. Each wave is a "
        "report JSON (`optamstats report --format json`) or an export with its spec; counts "
        "a wave's report hides stay hidden. The later spec's [waves] table maps renamed keys "
        "and options.",
    )
    compare.add_argument(
        "--before",
        metavar="A",
        required=True,
        help="the earlier wave: a report .json, or an export (with --spec-before)",
    )
    compare.add_argument(
        "--after",
        metavar="B",
        required=True,
        help="the later wave: a report .json, or an export (with --spec-after)",
    )
    compare.add_argument("--spec-before", metavar="TOML", help="the earlier export's spec")
    compare.add_argument(
        "--spec-after",
        metavar="TOML",
        help="the later export's spec (its [waves] table maps renamed keys)",
    )
    compare.add_argument("--format", choices=("text", "markdown", "html", "json"), default="text")
    compare.add_argument(
        "--lang", choices=("fr", "en"), default=None, help="language (default: the reports')"
    )
    compare.add_argument("--confidence", type=_level, default=0.95, help="(default 0.95)")


def _compare(args: argparse.Namespace) -> int:
    from optamstats.survey.errors import _command_line
    from optamstats.waves import compare_waves

    waves = []
    mapping = None
    for side in ("before", "after"):
        source, spec = getattr(args, side), getattr(args, f"spec_{side}")
        if source.lower().endswith(".json"):
            waves.append(source)
            if spec is not None and side == "before":
                print("optamstats compare: error: `--spec-before` goes with an export; "
                      "`--before` is a report (.json): drop `--spec-before`.",
                      file=sys.stderr)  # fmt: skip
                return 2
            if spec is not None:  # a later report: its spec's [waves] table maps keys
                from optamstats.forms import load_spec

                with _command_line(spec="--spec-after"):
                    mapping = load_spec(spec).waves
        elif spec is None:
            print(f"optamstats compare: error: `--{side} {source}` is no report (.json); "
                  f"give its spec with `--spec-{side}`, or a report written by `optamstats "
                  "report --format json`.", file=sys.stderr)  # fmt: skip
            return 2
        else:
            waves.append((source, spec))
    result = compare_waves(waves[0], waves[1], confidence=args.confidence, mapping=mapping,
                           lang=args.lang)  # fmt: skip
    print(result.render(args.format), end="")
    return 0


def _add_report(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="the full analysis of a survey (by default the embedded 2025 OPTAM survey)",
        description="Analyse a survey from its export and its specification: the attrition "
        "flow, a section for every question with intervals, and what the spec declares "
        "(funnel, claims, breakdowns, fieldwork). Without --responses: the embedded 2025 "
        "survey, from its published counts.",
    )
    report.add_argument("--responses", metavar="EXPORT",
                        help="a survey export (.csv or .xlsx); without --spec, a spec is "
                        "drafted from it as `optamstats init` does")  # fmt: skip
    report.add_argument("--spec", metavar="TOML", help="the survey specification")
    report.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=None,
        help="language (default: the spec's, French for the 2025 survey)",
    )
    report.add_argument("--format", choices=("text", "markdown", "html", "json", "pdf"),
                        default="text",
                        help="(default text) pdf needs --output and the pdf extra: "
                        "pip install 'optamstats[pdf]'")  # fmt: skip
    report.add_argument("--output", metavar="DIR", help="write report and figures (PNG, SVG) here")
    report.add_argument("--confidence", type=_level, default=0.95, help="(default 0.95)")
    report.add_argument("--seed", type=int, default=2025,
                        help="seed for any Monte Carlo bootstrap (default 2025)")  # fmt: skip
    report.add_argument(
        "--min-cell",
        metavar="N",
        type=_min_cell,
        default=None,
        help="smallest count printed: counts from 1 to N-1 are hidden as '< N' (default 5; "
        "11 follows the French health-data practice)",
    )
    report.add_argument(
        "--rule",
        metavar="{default,insee,ons,health-fr}",
        type=_rule,
        default=None,
        help="a statistical office's rule instead of --min-cell: default (5), insee (3), "
        "ons (10, counts rounded to 5: tables of counts only), health-fr (11, SNDS/CASD)",
    )
    report.add_argument(
        "--no-disclosure-control",
        dest="disclosure_control",
        action="store_false",
        help="print every count, however small (said at the top of the report)",
    )
    report.add_argument(
        "--include-free-text",
        action="store_true",
        help="print free-text answers (of questions answered by at least --min-cell "
        "respondents); never printed otherwise",
    )
    report.add_argument(
        "--previous",
        metavar="RELEASE.json",
        action="append",
        default=[],
        help="the JSON of an earlier release of this survey (--format json): cells that "
        "would give, by difference, the answers of those who came in since are hidden, or "
        "the report is refused; repeat for several",
    )
    report.add_argument(
        "--by",
        metavar="QUESTION",
        action="append",
        default=[],
        help="break every yes/no question down by this grouping question (its id in the "
        "spec); repeat for several",
    )
    report.add_argument(
        "--csv",
        action="store_true",
        help="with --output: also write every table as tables/<key>.csv, spreadsheet-safe",
    )


def _report(args: argparse.Namespace) -> int:
    from optamstats.report import build_report, render, write_report

    if args.spec is not None and args.responses is None:
        print("optamstats report: error: `--spec` describes the `--responses` export; pass "
              "both, or neither for the embedded 2025 survey.", file=sys.stderr)  # fmt: skip
        return 2
    if args.min_cell is not None and not args.disclosure_control:
        print("optamstats report: error: `--min-cell` sets the threshold of disclosure "
              "control, which `--no-disclosure-control` turns off; pass one or the other.",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.rule is not None and (args.min_cell is not None or not args.disclosure_control):
        other = "--min-cell" if args.min_cell is not None else "--no-disclosure-control"
        print(f"optamstats report: error: `--rule {args.rule}` sets the threshold of "
              f"disclosure control, and `{other}` too; pass one or the other.",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.by and args.responses is None:
        print("optamstats report: error: `--by` breaks an export's questions down; pass "
              "`--responses` and `--spec` too.", file=sys.stderr)  # fmt: skip
        return 2
    if args.format == "pdf" and not args.output:
        print("optamstats report: error: `--format pdf` writes report.pdf into the `--output` "
              "folder; pass `--output DIR` too.", file=sys.stderr)  # fmt: skip
        return 2
    if args.csv and not args.output:
        print("optamstats report: error: `--csv` writes the tables into the `--output` "
              "folder; pass `--output DIR` too.", file=sys.stderr)  # fmt: skip
        return 2
    lang = args.lang or "fr"
    counts = None
    if args.responses is not None:
        from optamstats.report.build import survey_counts_from_export

        spec, notes = _spec_or_draft(args)
        counts = survey_counts_from_export(args.responses, spec, lang=args.lang,
                                           confidence=args.confidence, notes=notes,
                                           include_free_text=args.include_free_text,
                                           by=args.by)  # fmt: skip
        lang = args.lang or counts.lang
    report = build_report(
        counts,
        lang=lang,
        confidence=args.confidence,
        rng=args.seed,
        disclosure_control=args.disclosure_control,
        min_cell=5 if args.min_cell is None else args.min_cell,
        include_free_text=args.include_free_text,
        rule=args.rule,
        previous=args.previous or None,
    )
    if args.output:
        folder = write_report(report, args.output, args.format, csv=args.csv)
        print(f"optamstats report: written to {folder}")
    else:
        print(render(report, args.format), end="")
    return 0


def _spec_or_draft(args: argparse.Namespace) -> tuple[str, tuple[str, ...]]:
    """Return `--spec`, or a spec drafted from `--responses` and the note that says so."""
    if args.spec is not None:
        return args.spec, ()
    from optamstats.draft import draft_spec
    from optamstats.forms import load_spec

    text = draft_spec(args.responses, lang=args.lang)
    if (args.lang or load_spec(text).lang) == "fr":
        note = ("Sans --spec, la spécification de cette enquête a été devinée à partir de "
                "l'export (types, options, filtres) : vérifiez-la avec `optamstats init "
                "EXPORT -o enquete.toml`, puis relancez avec --spec.")  # fmt: skip
    else:
        note = ("Without --spec, this survey's specification was guessed from the export "
                "(types, options, skip logic): check it with `optamstats init EXPORT -o "
                "survey.toml`, then run again with --spec.")  # fmt: skip
    return text, (note,)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name, one string each (``shlex.split`` cuts a
        command line into them); ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success; 1 when ``audit`` finds a problem as severe as ``--fail-on``
        (default: an error), or ``check`` finds an error in the export; 2 on bad input
        or a file that cannot be read or written (a one-line message goes to standard
        error).

    Raises
    ------
    InvalidTypeError
        `argv` is a single string (it would be read one character per argument).

    References
    ----------
    .. [1] The Python argparse documentation, https://docs.python.org/3/library/argparse.html
    """
    if isinstance(argv, str):
        raise InvalidTypeError(
            f"`argv` must be a list of arguments such as ['report', '--output', 'out']; got "
            f"the string {argv!r:.60}. Split a command line with shlex.split(...)."
        )
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    from optamstats.survey.errors import _command_line

    try:
        # Messages name --responses and --spec (and the spec's keys), not arguments.
        with _command_line(export="--responses", spec="--spec"):
            if args.command == "report":
                return _report(args)
            if args.command == "check":
                return _check(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "init":
            with _command_line(export="EXPORT"):
                return _init(args)
        if args.command == "proportion":
            from optamstats.proportions import proportion

            result = proportion(
                args.k,
                args.n,
                confidence=args.confidence,
                method=args.method,
                alternative=args.alternative,
                base=args.base,
            )
            print(result.cite(lang=args.lang, digits=args.digits))
        elif args.command == "audit":
            from optamstats.audit import audit_published

            if args.file is None:
                from optamstats.datasets import optam_2025_published

                report = audit_published(optam_2025_published(), lang=args.lang)
            else:
                report = audit_published(args.file, lang=args.lang)
            print(report.render(args.format))
            counts = report.summary()
            if any(counts.get(severity, 0) for severity in _FAILING[args.fail_on]):
                return 1
    except (OptamstatsError, OSError) as exc:
        # One line, no traceback: the library's errors name the input and the fix; an
        # OSError escaping them (a closed pipe, a device error) names its file.
        with _command_line(export="--responses", spec="--spec"):
            located = _located(exc, getattr(args, "responses", None))
        message = _user_terms(args.command, str(located))
        print(f"optamstats {args.command}: error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
