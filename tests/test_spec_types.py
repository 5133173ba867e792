"""Question types and the report's declared tables in a survey specification (issue 14).

Three kinds of test:

* every new spec key and table with a wrong value raises a :class:`SpecError` whose
  message names the spec's file, the exact key path (``questions.plan.non_substantive``,
  ``claim[0].threshold``, ``weighting.margins.region.IDF``) and how to fix it, and whose
  ``key`` attribute is that path;
* a complete spec using every type and every table loads to the exact dataclasses,
  written out by hand here;
* the TOML of ``docs/example-2026.md`` loads, and its types are what the page says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from optamstats.declarations import (
    BreakdownDecl,
    ClaimDecl,
    Fieldwork,
    FunnelDecl,
    SectionDecl,
    WeightingDecl,
)
from optamstats.forms import (
    AllOf,
    AnyOf,
    Condition,
    Label,
    NotOf,
    Question,
    SpecError,
    load_spec,
)

DOCS = Path(__file__).parents[1] / "docs"

# One question of each type; each bad case below changes or adds one thing.
BASE = """\
[survey]
lang = "fr"

[questions.region]
column = "Région"
options = ["IDF", "Autre"]

[questions.left]
column = "Sorti ?"
type = "yesno"
options = ["Oui", "Non"]
yes = "Oui"
no = "Non"

[questions.plan]
column = "Compte sortir ?"
type = "yesno"
options = ["Oui", "Non", "Ne sait pas"]
yes = "Oui"
no = "Non"
non_substantive = ["Ne sait pas"]
asked_if = { left = "Non" }

[questions.why]
column = "Pourquoi ?"
type = "multi"
options = ["Coût, surtout", "Temps", "Aucune"]
exclusive = ["Aucune"]
other = true
asked_if = { any = [{ left = "Oui" }, { plan = "Oui" }] }

[questions.sat]
column = "Satisfaction"
type = "scale"
range = [1, 5]

[questions.years]
column = "Années d'exercice"
type = "number"
min = 0
max = 60

[questions.comment]
column = "Commentaire"
type = "text"
"""

Q = "[questions.x]\ncolumn = 'X'\n"  # a new question, for the cases that add one


def _with(old: str, new: str) -> str:
    """BASE with `old` replaced by `new` (exactly once), or `new` appended if `old` is ""."""
    if not old:
        return BASE + "\n" + new
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


PLAN_NS = 'non_substantive = ["Ne sait pas"]\n'
WHY_IF = 'asked_if = { any = [{ left = "Oui" }, { plan = "Oui" }] }\n'
SAT = 'type = "scale"\nrange = [1, 5]\n'

# (old text of BASE, its replacement (or text appended), key path, the fix the message
# gives). Each line is a mistake a spec writer makes; the key path is where they made it.
BAD: list[tuple[str, str, str, str]] = [
    # ---- keys that do not apply to the question's type
    ("", Q + "range = [1, 5]\n", "questions.x.range", r"only to 'scale'.*remove it or change"),
    ("", Q + "top = 1\n", "questions.x.top", r"only to 'scale'.*remove it or change `type`"),
    ("", Q + "exclusive = ['a']\n", "questions.x.exclusive", r"only to 'multi'"),
    ("", Q + "min = 1\n", "questions.x.min", r"only to 'number'.*remove it or change `type`"),
    ("", Q + "type = 'multi'\noptions = ['a', 'b']\npercent_of = 'all'\n",
     "questions.x.percent_of", r"only to 'single', 'yesno', 'scale'.*remove it"),
    ("", Q + "type = 'multi'\noptions = ['a', 'b']\nnon_substantive = ['a']\n",
     "questions.x.non_substantive", r"does not apply to a `type = 'multi'`.*remove it"),
    ("", Q + "type = 'number'\nnon_substantive = ['a']\n", "questions.x.non_substantive",
     r"does not apply"),
    ("", Q + "type = 'scale'\nrange = [1, 5]\nyes = '5'\n", "questions.x.yes",
     r"only to 'single', 'yesno'"),
    ("", Q + "type = 'scale'\nrange = [1, 5]\nother = true\n", "questions.x.other",
     r"only to 'single', 'multi'"),
    ("", Q + "type = 'yesno'\nyes = 'O'\nno = 'N'\nother = true\n", "questions.x.other",
     r"only to 'single', 'multi'.*remove it"),
    ("", Q + "type = 'text'\nmax = 3\n", "questions.x.max", r"only to 'number'"),
    ("", Q + "type = 'number'\noptions = ['1', '2']\n", "questions.x.options",
     r'has no options; remove `options`, or make it `type = "single"`'),
    ("", Q + "type = 'text'\noptions = ['a']\n", "questions.x.options", r"remove `options`"),
    ("", Q + "type = 'scale'\nrange = [1, 5]\nseparator = ';'\n", "questions.x.separator",
     r"remove `separator`, or set `type = \"multi\"`"),
    ("", Q + "type = 'likert'\n", "questions.x.type", r"must be one of 'single', 'yesno'"),
    ("", Q + "type = 'scale'\nrole = 'left'\nrange = [1, 2]\n", "questions.x.type",
     r'must be "yesno" or "single".*remove `type` or give the question another role'),
    # ---- non_substantive
    ("", Q + "options = ['a', 'b']\nnon_substantive = ['c']\n", "questions.x.non_substantive",
     r"'c' is not one of the question's `options`\. Its options: 'a', 'b'; add it"),
    ("", Q + "options = ['Oui', 'Ne sait pas']\nnon_substantive = ['Ne sait pa']\n",
     "questions.x.non_substantive", r"Did you mean 'Ne sait pas'\?"),
    ("", Q + "non_substantive = ['NSP']\n", "questions.x.non_substantive",
     r"List the question's `options` first"),
    (PLAN_NS, "non_substantive = []\n", "questions.plan.non_substantive",
     r"empty list; remove it or list options"),
    (PLAN_NS, "non_substantive = 1\n", "questions.plan.non_substantive",
     r'must be a string or a list of strings; got 1\. Quote each answer as exported, '
     r'e\.g\. "Oui" or \["Oui", "Non"\]'),
    (PLAN_NS, 'non_substantive = ["Ne sait pas", "Ne sait pas"]\n',
     "questions.plan.non_substantive", r"lists 'Ne sait pas' twice; remove one"),
    (PLAN_NS, 'non_substantive = ["Non"]\n', "questions.plan.non_substantive",
     r"'Non' is also a `yes` or `no` answer; an answer is one of the three: remove it from "
     r"`non_substantive` or from `yes`/`no`"),
    ("", Q + "options = ['a', 'b']\nnon_substantive = ['a', 'b']\n",
     "questions.x.non_substantive",
     r"at least one answer must take a position; keep only the \"don't know\""),
    (PLAN_NS, "", "questions.plan.options",
     r"'Ne sait pas' is neither a `yes` nor a `no` answer of a `type = \"yesno\"` question; "
     r"add it to `no` or to `yes`, or to `non_substantive`"),
    (SAT, SAT + 'non_substantive = ["Ne sait pas"]\n', "questions.sat.non_substantive",
     r'replace `range` by `options = \["1", "2", "3", "4", "5", "Ne sait pas"\]`'),
    (SAT, 'type = "scale"\noptions = ["Bas", "NSP"]\nnon_substantive = ["NSP"]\n',
     "questions.sat.non_substantive",
     r"at least two substantive levels: list them in `options`, lowest first"),
    # ---- percent_of
    (PLAN_NS, PLAN_NS + 'percent_of = "some"\n', "questions.plan.percent_of",
     r"must be one of 'both', 'all', 'substantive'; got 'some'"),
    (PLAN_NS, PLAN_NS + "percent_of = true\n", "questions.plan.percent_of",
     r"must be one of .*; got True"),
    ("", Q + "options = ['a', 'b']\npercent_of = 'all'\n", "questions.x.percent_of",
     r"no effect without `non_substantive`: list the non-substantive options"),
    # ---- exclusive
    ('exclusive = ["Aucune"]\n', 'exclusive = ["Aucun"]\n', "questions.why.exclusive",
     r"'Aucun' is not one of the question's `options`\. Did you mean 'Aucune'\?"),
    ('exclusive = ["Aucune"]\n', "exclusive = []\n", "questions.why.exclusive",
     r"empty list; remove it"),
    ('exclusive = ["Aucune"]\n', "exclusive = [1]\n", "questions.why.exclusive",
     r"must be a string or a list of strings; got \[1\]\. Quote each answer"),
    ('exclusive = ["Aucune"]\n', 'exclusive = ["Aucune", "Aucune"]\n', "questions.why.exclusive",
     r"lists 'Aucune' twice"),
    # ---- range
    (SAT, 'type = "scale"\nrange = [5, 1]\n', "questions.sat.range",
     r"two whole numbers, lowest first, e\.g\. \[1, 5\]"),
    (SAT, 'type = "scale"\nrange = [1]\n', "questions.sat.range", r"e\.g\. \[1, 5\] or \[0, 10\]"),
    (SAT, 'type = "scale"\nrange = [1, 2, 3]\n', "questions.sat.range", r"got \[1, 2, 3\]"),
    (SAT, 'type = "scale"\nrange = [1.0, 5.0]\n', "questions.sat.range", r"two whole numbers"),
    (SAT, 'type = "scale"\nrange = [false, true]\n', "questions.sat.range", r"whole numbers"),
    (SAT, 'type = "scale"\nrange = "1-5"\n', "questions.sat.range", r"got '1-5'"),
    (SAT, 'type = "scale"\nrange = [0, 1000]\n', "questions.sat.range", r"two whole numbers"),
    (SAT, 'type = "scale"\nrange = [3, 3]\n', "questions.sat.range", r"lowest first"),
    (SAT, 'type = "scale"\nrange = [1, 5]\noptions = ["1", "2"]\n', "questions.sat.range",
     r"give one or the other"),
    (SAT, 'type = "scale"\n', "questions.sat",
     r'needs its levels, lowest first: add `options = \[.*\]` or `range = \[1, 5\]`'),
    (SAT, 'type = "scale"\noptions = ["Seul"]\n', "questions.sat", r"or `range = \[1, 5\]`"),
    # ---- top / bottom
    (SAT, SAT + "top = 3\n", "questions.sat.top",
     r"whole number of levels from 1 to 2 \(half the scale's 5 levels\); got 3"),
    (SAT, SAT + "bottom = 0\n", "questions.sat.bottom", r"from 1 to 2 .*got 0"),
    (SAT, SAT + "top = 1.5\n", "questions.sat.top", r"whole number .*got 1\.5"),
    (SAT, SAT + "top = true\n", "questions.sat.top", r"got True"),
    (SAT, SAT + 'bottom = "2"\n', "questions.sat.bottom", r"got '2'"),
    (SAT, 'type = "scale"\noptions = ["1", "2", "3", "NSP"]\nnon_substantive = ["NSP"]\ntop = 2\n',
     "questions.sat.top", r"from 1 to 1 \(half the scale's 3 levels\)"),
    # ---- min / max
    ("min = 0\n", 'min = "0"\n', "questions.years.min",
     r"must be a number; got '0'\. Write a finite number without quotes, e\.g\. `min = 0`"),
    ("max = 60\n", "max = nan\n", "questions.years.max",
     r"got nan\. Write a finite number"),
    ("max = 60\n", "max = inf\n", "questions.years.max",
     r"got inf\. Write a finite number"),
    ("min = 0\n", "min = true\n", "questions.years.min",
     r"got True\. Write a finite number without quotes"),
    ("max = 60\n", "max = 0\n", "questions.years.max",
     r"must be above `min` \(0\); got 0\. Fix `min` or `max`"),
    # ---- yesno
    ('no = "Non"\nnon_substantive', 'non_substantive', "questions.plan.no",
     r'is missing: a `type = "yesno"` question needs the answer\(s\) meaning no, e\.g\. '
     r'`no = "Non"`'),
    ("", Q + "type = 'yesno'\nno = 'N'\n", "questions.x.yes", r'e\.g\. `yes = "…"`'),
    ("", Q + "type = 'yesno'\nyes = []\nno = 'N'\n", "questions.x.yes", r"is empty"),
    ("", Q + "type = 'yesno'\noptions = ['O', 'N']\nyes = 'O'\nno = 'n'\n", "questions.x.no",
     r"'n' is not one of the question's options\. Did you mean 'N'\?"),
    ("", Q + "type = 'yesno'\nyes = 'O'\nno = ['N', 'O']\n", "questions.x",
     r"'O' is both a `yes` and a `no` answer; keep it in one of them"),
    # ---- question ids that are words of skip logic
    ("", "[questions.any]\ncolumn = 'X'\n", "questions.any", r"rename it, e\.g\."),
    ("", "[questions.not]\ncolumn = 'X'\n", "questions.not", r"word of skip logic"),
    # ---- asked_if with any / all / not
    (WHY_IF, "asked_if = { any = [] }\n", "questions.why.asked_if.any",
     r"must be a list of condition tables, e\.g\. `any = \[\{ left = \"Oui\" \}"),
    (WHY_IF, 'asked_if = { any = { left = "Oui" } }\n', "questions.why.asked_if.any",
     r"must be a list of condition tables"),
    (WHY_IF, 'asked_if = { all = "Oui" }\n', "questions.why.asked_if.all", r"got 'Oui'"),
    (WHY_IF, 'asked_if = { any = [{ left = "Oui" }, "plan"] }\n',
     "questions.why.asked_if.any[1]", r"must be a table of conditions, e\.g\..*got 'plan'"),
    (WHY_IF, 'asked_if = { any = [{ left = "Oui" }, {}] }\n', "questions.why.asked_if.any[1]",
     r"must be a table of conditions"),
    (WHY_IF, 'asked_if = { any = [{ left = "Oui" }, { plna = "Oui" }] }\n',
     "questions.why.asked_if.any[1].plna", r"no question id, role or column.*Did you mean 'plan'"),
    (WHY_IF, 'asked_if = { any = [{ left = "Oui" }, { plan = "oui" }] }\n',
     "questions.why.asked_if.any[1].plan", r"'oui' is not one of the options of 'plan'\. "
     r"Did you mean 'Oui'\?"),
    (WHY_IF, 'asked_if = { any = [{ left = "Oui" }, { plan = [] }] }\n',
     "questions.why.asked_if.any[1].plan",
     r'needs at least one answer, e\.g\. `plan = "Oui"`; or remove it'),
    (WHY_IF, 'asked_if = { any = [{ all = [{ left = "Oui" }, { plan = "Peut-être" }] }] }\n',
     "questions.why.asked_if.any[0].all[1].plan", r"Its options: 'Oui', 'Non', 'Ne sait pas'"),
    (WHY_IF, 'asked_if = { not = "Oui" }\n', "questions.why.asked_if.not",
     r"must be a table of conditions, e\.g\. `not = \{ sector = \"1\" \}`; got 'Oui'"),
    (WHY_IF, "asked_if = { not = {} }\n", "questions.why.asked_if.not",
     r'needs a condition, e\.g\. `not = \{ sector = "1" \}`'),
    (WHY_IF, 'asked_if = { not = { why = "Temps" } }\n', "questions.why.asked_if.not.why",
     r"multi-select question \('why'\) are not supported; condition on a single-choice"),
    (WHY_IF, 'asked_if = { any = [{ sat = "5" }, { why = "Temps" }] }\n',
     "questions.why.asked_if.any[1].why", r"condition on a single-choice question"),
    (WHY_IF, 'asked_if = { any = [{ left = "Oui" }, { not = { why = "Temps" } }] }\n',
     "questions.why.asked_if.any[1].not.why", r"not supported"),
    (WHY_IF, 'asked_if = { any = [{ sat = 5 }] }\n', "questions.why.asked_if.any[0].sat",
     r"must be a string or a list of strings; got 5\. Quote each answer as exported"),
    (WHY_IF, 'asked_if = { any = [{ sat = "6" }] }\n', "questions.why.asked_if.any[0].sat",
     r"'6' is not one of the options of 'sat'"),
    (WHY_IF, "asked_if = []\n", "questions.why.asked_if", r"got \[\]\. Write it as"),
    # A question without `options` but with `yes` and `no`: its answers are those.
    ("", Q + "type = 'yesno'\nyes = 'O'\nno = 'N'\n[questions.y]\ncolumn = 'Y'\n"
     "asked_if = { x = 'Peut-être' }\n", "questions.y.asked_if.x", r"Its options: 'O', 'N'"),
    # ---- [fieldwork]
    ("[survey]\n", "fieldwork = 3\n[survey]\n", "fieldwork",
     r"must be a table; got 3\. Write it as `\{ key = value, … \}` or under a `\[header\]`"),
    ("", "[fieldwork]\nstrat = 2026-03-01\n", "fieldwork.strat", r"Did you mean 'start'\?"),
    ("", '[fieldwork]\nstart = "01/03/2026"\n', "fieldwork.start",
     r'must be a date written "YYYY-MM-DD", e\.g\. "2026-03-01"; got \'01/03/2026\''),
    ("", "[fieldwork]\nstart = 2026-03-01T10:00:00\n", "fieldwork.start", r"YYYY-MM-DD"),
    ("", '[fieldwork]\nstart = "2026-03-10"\nend = "2026-03-01"\n', "fieldwork.end",
     r"2026-03-01 is before `start` \(2026-03-10\); fix one of the two dates"),
    ("", '[fieldwork]\nreminders = "2026-03-08"\n', "fieldwork.reminders",
     r"must be a list of dates, e\.g\. `reminders = \[2026-03-09\]`"),
    ("", '[fieldwork]\nreminders = ["2026-03-08", "8 mars"]\n', "fieldwork.reminders[1]",
     r"YYYY-MM-DD"),
    ("", "[fieldwork]\nmode = 3\n", "fieldwork.mode",
     r'must be a text or a table; got 3\. Write it as "…" or as \{ fr = "…", en = "…" \}'),
    ("", '[fieldwork]\ncaveat = { de = "x" }\n', "fieldwork.caveat.de", r"allowed: en, fr"),
    # ---- [[section]]
    ("", "[section]\nquestions = ['left']\n", "section", r"write each one as \[\[section\]\]"),
    ("", "[[section]]\ntitle = 'A'\n", "section[0]",
     r'needs `questions`, e\.g\. `questions = \["left", "plan"\]`'),
    ("", "[[section]]\nquestions = []\n", "section[0].questions",
     r'needs at least one question id, e\.g\. `questions = \["left"\]`'),
    ("", "[[section]]\nquestions = ['left', 'plna']\n", "section[0].questions",
     r"'plna' is no question id.*Did you mean 'plan'"),
    ("", "[[section]]\nquestions = ['left']\n[[section]]\nquestions = ['plan', 'left']\n",
     "section[1].questions",
     r"'left' is already in section\[0\]; a question is printed once: remove it"),
    ("", "[[section]]\nquestions = ['left']\ntitel = 'A'\n", "section[0].titel",
     r"Did you mean 'title'\?"),
    ("", "[[section]]\nquestions = 'left'\ntext = 1\n", "section[0].text",
     r"must be a text or a table; got 1\. Write it as"),
    # ---- [funnel]
    ("[survey]\n", "funnel = 'left'\n[survey]\n", "funnel", r"got 'left'\. Write it as"),
    ("", "[funnel]\nleft = 'left'\n", "funnel",
     r'needs `plan`, the id of its yes/no question, e\.g\. `plan = "plan"`'),
    ("", "[funnel]\nleft = 'left'\nplan = 'plna'\n", "funnel.plan", r"Did you mean 'plan'"),
    ("", "[funnel]\nleft = 'left'\nplan = 'left'\n", "funnel.plan",
     r"is the same question as `left`; name the question"),
    ("", "[funnel]\nleft = 'left'\nplan = 'why'\n", "funnel.plan",
     r"'why' must be a yes/no question \(`type = \"yesno\"` with `yes` and `no`\); it is a "
     r"'multi' question without `yes`\. Name a yes/no question here, or declare this one's "
     r"`yes` and `no` answers"),
    ("", "[funnel]\nleft = 'region'\nplan = 'plan'\n", "funnel.left", r"without `yes`"),
    ("", "[funnel]\nleft = 'left'\nplan = 'plan'\nrealisation = [0.5, 1.5]\n",
     "funnel.realisation", r"list of shares in \[0, 1\], e\.g\. \[0\.25, 0\.5, 0\.75, 1\]"),
    ("", "[funnel]\nleft = 'left'\nplan = 'plan'\nrealisation = 0.5\n", "funnel.realisation",
     r"got 0\.5"),
    ("", "[funnel]\nleft = 'left'\nplan = 'plan'\nundecided = 'yes'\n", "funnel.undecided",
     r"must be 'no' or 'no_answer'; got 'yes'"),
    ("", "[funnel]\nleft = 'left'\nplan = 'plan'\nlabels = { both = 'x' }\n",
     "funnel.labels.both", r"Did you mean 'combined'|allowed: left, plan, combined"),
    ("", "[funnel]\nleft = 'left'\nplan = 'plan'\nlables = {}\n", "funnel.lables",
     r"Did you mean 'labels'\?"),
    # ---- [[claim]]
    ("", "[claim]\nof = 'left'\n", "claim", r"write each claim as \[\[claim\]\]"),
    ("", "[[claim]]\nthreshold = 0.7\n", "claim[0]",
     r'needs `of`: "funnel" or the id of a question, e\.g\. `of = "left"`'),
    ("", "[[claim]]\nof = 'funnel'\nthreshold = 0.7\n", "claim[0].of",
     r"declares no funnel: add a \[funnel\] table"),
    ("", "[[claim]]\nof = 'left'\n", "claim[0]",
     r"needs `threshold`, the claimed share, e\.g\. `threshold = 0\.7` for 70 %"),
    ("", "[[claim]]\nof = 'left'\nthreshold = 70\n", "claim[0].threshold",
     r"strictly between 0 and 1; got 70\. Write a share: 0\.7 for 70 %"),
    ("", "[[claim]]\nof = 'left'\nthreshold = 1\n", "claim[0].threshold", r"got 1\."),
    ("", "[[claim]]\nof = 'left'\nthreshold = '70 %'\n", "claim[0].threshold",
     r"got '70 %'\. Write a share without quotes: 0\.7 for 70 %"),
    ("", "[[claim]]\nof = 'left'\nthreshold = true\n", "claim[0].threshold", r"got True"),
    ("", "[[claim]]\nof = 'left'\nthreshold = nan\n", "claim[0].threshold", r"got nan"),
    ("", "[[claim]]\nof = 'left'\nthreshold = 0.7\ndirection = 'more'\n", "claim[0].direction",
     r"must be 'above' or 'below'; got 'more'"),
    ("", "[[claim]]\nof = 'why'\nthreshold = 0.7\n", "claim[0].of",
     r"'why' is a 'multi' question; a claim is on a share of answers to a single-choice.*name "
     r"one of those in `of`"),
    ("", "[[claim]]\nof = 'region'\nthreshold = 0.7\n", "claim[0]",
     r"needs `answers`, the answers of 'region' the claim counts \(the question has no `yes`\), "
     r"e\.g\. `answers = \[\"IDF\"\]`"),
    ("", "[[claim]]\nof = 'left'\nanswers = ['oui']\nthreshold = 0.7\n", "claim[0].answers",
     r"'oui' is not one of the options of 'left'\. Did you mean 'Oui'\?"),
    ("", "[[claim]]\nof = 'lefts'\nthreshold = 0.7\n", "claim[0].of", r"Did you mean 'left'"),
    ("", "[funnel]\nleft = 'left'\nplan = 'plan'\n[[claim]]\nof = 'funnel'\nanswers = 'Oui'\n"
     "threshold = 0.7\n", "claim[0].answers",
     r"does not apply to the funnel's combined rate \(its `yes` answers\); remove it"),
    ("", "[[claim]]\nof = 'left'\nthreshold = 0.7\n[[claim]]\nof = 'left'\nthreshold = 0\n",
     "claim[1].threshold", r"strictly between 0 and 1"),
    # ---- [[breakdown]]
    ("", "[breakdown]\nby = 'region'\n", "breakdown", r"write each one as \[\[breakdown\]\]"),
    ("", "[[breakdown]]\nquestions = ['left']\n", "breakdown[0]",
     r'needs `by`, e\.g\. `by = "sector"`'),
    ("", "[[breakdown]]\nby = 'region'\n", "breakdown[0]",
     r'needs `questions`, e\.g\. `questions = \["left"\]`'),
    ("", "[[breakdown]]\nby = 'why'\nquestions = ['left']\n", "breakdown[0].by",
     r"'why' is a 'multi' question; group by a single-choice one"),
    ("", "[[breakdown]]\nby = 'region'\nquestions = []\n", "breakdown[0].questions",
     r'needs at least one question id, e\.g\. `questions = \["left"\]`'),
    ("", "[[breakdown]]\nby = 'region'\nquestions = ['region']\n", "breakdown[0].questions",
     r"'region' is the grouping question itself; remove it from `questions`"),
    ("", "[[breakdown]]\nby = 'region'\nquestions = ['sat']\n", "breakdown[0].questions",
     r"needs `yes` answers \(a yes/no question\) or the breakdown's `answers`.*add `answers = "),
    ("", "[[breakdown]]\nby = 'region'\nquestions = ['plan']\nanswers = ['Peut-être']\n",
     "breakdown[0].answers",
     r"'Peut-être' is not one of the options of 'plan'\. "
     r"Its options: 'Oui', 'Non', 'Ne sait pas'\."),
    ("", "[[breakdown]]\nby = 'regoin'\nquestions = ['left']\n", "breakdown[0].by",
     r"Did you mean 'region'"),
    # ---- [weighting]
    ("[survey]\n", "weighting = 1\n[survey]\n", "weighting", r"got 1\. Write it as"),
    ("", "[weighting]\nsource = 'INSEE'\n", "weighting",
     r"needs `margins`: add `margins = \{ <question> = \{ <option> = <share> \} \}`"),
    ("", "[weighting]\nmargins = {}\n", "weighting.margins",
     r"needs at least one question, e\.g\. `margins\.region = \{ IDF = 0\.19"),
    ("", "[weighting]\nmargins = { regoin = { IDF = 0.2, Autre = 0.8 } }\n",
     "weighting.margins.regoin", r"Did you mean 'region'"),
    ("", "[weighting.margins.region]\nIDF = 0.2\nAutres = 0.8\n",
     "weighting.margins.region.Autres",
     r"'Autres' is not one of the options of 'region'\. Did you mean 'Autre'\?"),
    ("", "[weighting.margins.region]\nIDF = -0.2\nAutre = 1.2\n", "weighting.margins.region.IDF",
     r"must be a share or count ≥ 0; got -0\.2\. Write a number without quotes, e\.g\. 0\.19"),
    ("", "[weighting.margins.region]\nIDF = '20 %'\nAutre = 0.8\n",
     "weighting.margins.region.IDF", r"got '20 %'"),
    ("", "[weighting.margins.region]\nIDF = 0\nAutre = 0\n", "weighting.margins.region",
     r"sums to 0; give the population's shares or counts"),
    ("", "[weighting.margins.region]\nIDF = 0.2\n", "weighting.margins.region",
     r"lacks 'Autre', an option of 'region'; give the population's share or count of every "
     r"option \(0 if none\)"),
    ("", "[weighting]\nmargins = { why = { Temps = 1.0 } }\n", "weighting.margins.why",
     r"'multi' question; raking needs one answer per respondent"),
    ("", "[weighting.margins.plan]\nOui = 0.2\nNon = 0.7\n'Ne sait pas' = 0.1\n",
     "weighting.margins.plan",
     r"'plan' is asked of some respondents only \(`asked_if`\): raking needs a known answer "
     r"from every respondent; give margins of questions asked of everyone"),
    ("", Q + "options = ['a', 'b']\nother = true\n[weighting.margins.x]\na = 0.5\nb = 0.5\n",
     "weighting.margins.x", r"'x' has an 'Other' box, whose answers have no population share"),
    ("", "[funnel]\nleft = 'left'\nplan = 'plan'\n" + Q
     + "type = 'yesno'\nrole = 'plans_to_leave'\nyes = 'O'\nno = 'N'\n", "funnel.plan",
     r"is 'plan', but 'x' has `role = 'plans_to_leave'`, which declares the funnel's stage too: "
     r"name 'x' here, or remove its role"),
    ("", "[weighting]\nmargins = { region = 0.2 }\n", "weighting.margins.region",
     r"must be a table; got 0\.2\. Write it as `\{ key = value"),
    ("", "[weighting.margins.region]\nIDF = 2000\nAutre = 8000\n"
     "[weighting.margins.left]\nOui = 300\nNon = 700\n", "weighting.margins.left",
     r"sums to 1000 but `weighting.margins.region` sums to 10000: give every margin as "
     r"shares \(summing to 1\) or as counts of the same population"),
]  # fmt: skip


# Words by which a message gives the fix: an example, the allowed values, what to change.
FIX = (
    r"Did you mean|e\.g\.|[Rr]emove|[Aa]dd |[Ww]rite|[Gg]ive|[Rr]eplace|must be one of|"
    r"must be '|allowed:|[Ff]ix|rename|[Nn]ame |[Ll]ist|make it|Its options|Quote|keep|"
    r"[Cc]ondition on|group by|from 1 to|strictly between|set `|e\.g\."
)


@pytest.mark.parametrize(("old", "new", "key", "fix"), BAD, ids=[b[2] for b in BAD])
def test_each_wrong_value_names_the_file_the_key_and_the_fix(
    old: str, new: str, key: str, fix: str, tmp_path: Path
) -> None:
    path = tmp_path / "enquete.toml"
    path.write_text(_with(old, new), encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    message = str(info.value)
    assert info.value.key == key, message
    assert info.value.source == str(path)
    assert message.startswith(f"spec {str(path)!r}, `{key}`: "), message
    assert re.search(fix, message), message
    # Whatever the case, the message says what to do, not only what is wrong.
    assert re.search(FIX, message.split("`: ", 1)[1]), message


def test_bad_cases_are_each_wrong_once() -> None:
    # Each case must fail on its own mistake, so BASE itself loads, and the replaced text
    # of each case is in BASE (`_with` asserts it).
    load_spec(BASE)
    assert len({(old, new) for old, new, _, _ in BAD}) == len(BAD)


# --------------------------------------------------------------------------- good specs

FULL = (
    BASE
    + """
[questions.sector]
column = "Secteur"
options = ["Secteur 1", "Secteur 2", "Je ne souhaite pas répondre"]
non_substantive = ["Je ne souhaite pas répondre"]
percent_of = "substantive"

[questions.trust]
column = "Confiance"
type = "scale"
options = ["Pas du tout", "Plutôt pas", "Plutôt", "Tout à fait", "Sans avis"]
non_substantive = ["Sans avis"]
top = 1
bottom = 1
asked_if = { not = { sector = "Secteur 1" }, left = ["Oui", "Non"] }

[questions.other_why]
column = "Autre raison"
type = "text"
asked_if = { left = "Oui", plan = "Oui" }

[fieldwork]
start = 2026-03-02
end = "2026-03-29"
mode = { fr = "questionnaire en ligne", en = "online questionnaire" }
invitation = "lien envoyé par courriel"
caveat = "échantillon auto-sélectionné"
reminders = ["2026-03-09", 2026-03-16]

[[section]]
title = "Profil"
questions = ["region", "sector", "years"]
text = { en = "Who answered." }

[[section]]
questions = ["left", "plan", "why", "sat", "trust", "comment", "other_why"]

[funnel]
left = "left"
plan = "plan"
title = "Sorties"
base = { fr = "adhérents", en = "members" }
labels = { left = "Sortis", combined = { en = "Left or planning" } }
realisation = [0.5, 1]
undecided = "no_answer"

[[claim]]
of = "funnel"
threshold = 0.7
text = "Plus de 70 % sortiront"

[[claim]]
of = "plan"
answers = ["Oui", "Ne sait pas"]
threshold = 0.25
direction = "below"

[[breakdown]]
by = "region"
questions = ["left", "plan"]
title = { en = "By region" }

[[breakdown]]
by = "sat"
questions = ["sector"]
answers = ["Secteur 2"]

[weighting]
margins.region = { IDF = 1800, Autre = 8200 }
margins.sector = { "Secteur 1" = 4000, "Secteur 2" = 6000 }
source = { fr = "annuaire 2026", en = "2026 directory" }
"""
)  # fmt: skip


def test_a_full_spec_loads_to_the_exact_dataclasses() -> None:
    spec = load_spec(FULL)
    fr = Label  # plain strings are labels in the survey's language (fr here)
    oui, non = Condition("left", ("Oui",)), Condition("left", ("Non",))
    expected = (
        Question("region", "Région", options=("IDF", "Autre")),
        Question("left", "Sorti ?", type="yesno", options=("Oui", "Non"), yes=("Oui",),
                 no=("Non",)),
        Question("plan", "Compte sortir ?", type="yesno", options=("Oui", "Non", "Ne sait pas"),
                 yes=("Oui",), no=("Non",), non_substantive=("Ne sait pas",), asked_if=(non,),
                 skip=AllOf((non,))),
        Question("why", "Pourquoi ?", type="multi", options=("Coût, surtout", "Temps", "Aucune"),
                 exclusive=("Aucune",), other=True,
                 skip=AllOf((AnyOf((oui, Condition("plan", ("Oui",)))),))),
        Question("sat", "Satisfaction", type="scale", options=("1", "2", "3", "4", "5")),
        Question("years", "Années d'exercice", type="number", minimum=0.0, maximum=60.0),
        Question("comment", "Commentaire", type="text"),
        Question("sector", "Secteur",
                 options=("Secteur 1", "Secteur 2", "Je ne souhaite pas répondre"),
                 non_substantive=("Je ne souhaite pas répondre",), percent_of="substantive"),
        Question("trust", "Confiance", type="scale",
                 options=("Pas du tout", "Plutôt pas", "Plutôt", "Tout à fait", "Sans avis"),
                 non_substantive=("Sans avis",), top=1, bottom=1,
                 skip=AllOf((NotOf(Condition("sector", ("Secteur 1",))),
                             Condition("left", ("Oui", "Non"))))),
        Question("other_why", "Autre raison", type="text",
                 asked_if=(oui, Condition("plan", ("Oui",))),
                 skip=AllOf((oui, Condition("plan", ("Oui",))))),
    )  # fmt: skip
    assert spec.questions == expected
    assert spec.fieldwork == Fieldwork(
        start="2026-03-02",
        end="2026-03-29",
        mode=Label(en="online questionnaire", fr="questionnaire en ligne"),
        invitation=fr(fr="lien envoyé par courriel"),
        caveat=fr(fr="échantillon auto-sélectionné"),
        reminders=("2026-03-09", "2026-03-16"),
    )
    assert spec.sections == (
        SectionDecl(fr(fr="Profil"), ("region", "sector", "years"), Label(en="Who answered.")),
        SectionDecl(None, ("left", "plan", "why", "sat", "trust", "comment", "other_why")),
    )
    assert spec.funnel == FunnelDecl(
        "left", "plan", fr(fr="Sorties"), Label(en="members", fr="adhérents"),
        (fr(fr="Sortis"), None, Label(en="Left or planning")), (0.5, 1.0), "no_answer",
    )  # fmt: skip
    assert spec.claims == (
        ClaimDecl("funnel", 0.7, "above", (), fr(fr="Plus de 70 % sortiront")),
        ClaimDecl("plan", 0.25, "below", ("Oui", "Ne sait pas"), None),
    )
    assert spec.breakdowns == (
        BreakdownDecl("region", ("left", "plan"), (), Label(en="By region")),
        BreakdownDecl("sat", ("sector",), ("Secteur 2",), None),
    )
    assert spec.weighting == WeightingDecl(
        (
            ("region", (("IDF", 1800.0), ("Autre", 8200.0))),
            ("sector", (("Secteur 1", 4000.0), ("Secteur 2", 6000.0))),
        ),
        Label(en="2026 directory", fr="annuaire 2026"),
    )
    assert spec.weighting.as_mapping({q.id: q.column for q in spec.questions}) == {
        "Région": {"IDF": 1800.0, "Autre": 8200.0},
        "Secteur": {"Secteur 1": 4000.0, "Secteur 2": 6000.0},
    }
    # Derived views of the skip logic.
    assert spec["why"].depends_on == ("left", "plan")
    assert spec["trust"].depends_on == ("sector", "left")
    assert spec["why"].asked_if == ()  # `any`: read `skip`
    assert spec["trust"].asked_if == ()  # `not`: read `skip`
    assert spec["sector"].substantive == ("Secteur 1", "Secteur 2")
    assert spec["trust"].substantive == ("Pas du tout", "Plutôt pas", "Plutôt", "Tout à fait")


def test_defaults_of_a_spec_without_declared_tables() -> None:
    spec = load_spec(BASE)
    assert spec.fieldwork is None
    assert spec.funnel is None
    assert spec.weighting is None
    assert spec.sections == spec.claims == spec.breakdowns == ()
    assert spec["plan"].percent_of == "both"
    assert spec["sat"].top is None
    assert spec["sat"].bottom is None
    assert spec["why"].separator == ", "


def test_a_claim_on_the_funnel_of_roles_needs_no_funnel_table() -> None:
    # The roles `left` and `plans_to_leave` declare the funnel (the 2025 spec's way).
    text = BASE.replace(
        'type = "yesno"\noptions = ["Oui", "Non"]\n',
        'type = "yesno"\nrole = "left"\noptions = ["Oui", "Non"]\n',
    )
    text = text.replace("[questions.plan]\n", '[questions.plan]\nrole = "plans_to_leave"\n')
    spec = load_spec(text + '\n[[claim]]\nof = "funnel"\nthreshold = 0.7\n')  # fmt: skip
    assert spec.claims == (ClaimDecl("funnel", 0.7),)


def test_margins_as_shares_may_sum_to_one_each() -> None:
    spec = load_spec(
        BASE + "\n[weighting.margins.region]\nIDF = 0.25\nAutre = 0.75\n"
        "[weighting.margins.left]\nOui = 0.4\nNon = 0.6\n"
    )
    assert spec.weighting is not None
    assert [q for q, _ in spec.weighting.margins] == ["region", "left"]


def test_a_question_built_in_python_with_asked_if_keeps_its_skip_logic() -> None:
    # Before `skip` existed, Python callers wrote Question(..., asked_if=...): every
    # reader now reads `skip`, so asked_if alone must still ask only those rows.
    member = Question("member", "Member?")
    left = Question("left", "Left?", asked_if=(Condition("member", ("Yes",)),))
    assert left.skip == AllOf((Condition("member", ("Yes",)),))
    assert left.depends_on == ("member",)
    from optamstats.forms import SurveySpec

    spec = SurveySpec(questions=(member, left))
    frame = pd.DataFrame({"Member?": ["Yes", "No", ""], "Left?": ["No", "", ""]})
    assert spec.asked(frame, "left").tolist() == [True, False, False]


# --------------------------------------------------------------------------- yes/no end to end


def test_a_yesno_question_with_a_non_substantive_answer_end_to_end() -> None:
    spec = load_spec(BASE)
    left = ["Non"] * 7 + ["Oui"] * 3 + [""]
    plan = ["Oui", "Oui", "Non", "Ne sait pas", "Ne sait pas ", "Ne sait pas", ""] + [""] * 4
    frame = pd.DataFrame({
        "Région": ["IDF"] * 11, "Sorti ?": left, "Compte sortir ?": plan,
        "Pourquoi ?": [""] * 11, "Satisfaction": ["3"] * 11, "Années d'exercice": ["12"] * 11,
        "Commentaire": [""] * 11,
    })  # fmt: skip
    spec.validate(frame)  # "Ne sait pas" (with a trailing space too) is an option
    cohort = spec.cohort(frame)
    asked = frame["Sorti ?"] == "Non"
    answered = asked & (frame["Compte sortir ?"].str.strip() != "")
    for value in ("Oui", "Non", "Ne sait pas"):
        p = cohort.proportion("plan", value)
        assert p.n == int(answered.sum()) == 6
        assert p.k == int((answered & (frame["Compte sortir ?"].str.strip() == value)).sum())
    with pytest.raises(ValueError, match=r"'Peut-être' is not an option of question 'plan'"):
        cohort.proportion("plan", "Peut-être")
    bad = frame.assign(**{"Compte sortir ?": ["Peut-être", *plan[1:]]})
    with pytest.raises(ValueError, match=r"question 'plan'\) has 1 answer\(s\)"):
        spec.validate(bad)


# --------------------------------------------------------------------------- the 2026 example


def _example_toml() -> str:
    page = (DOCS / "example-2026.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```toml\n(.*?)^```", page, flags=re.S | re.M)
    assert len(blocks) == 1, "docs/example-2026.md shows one spec"
    return blocks[0]


def test_the_2026_example_spec_loads_with_what_the_page_says() -> None:
    spec = load_spec(_example_toml())
    types = {q.id: q.type for q in spec.questions}
    assert "scale" in types.values()
    assert "multi" in types.values()
    plan = spec["plan"]
    assert plan.options == ("Oui", "Non", "Ne sait pas")
    assert plan.non_substantive == ("Ne sait pas",)
    reasons = spec["reasons"]
    assert reasons.type == "multi"
    assert any(", " in o for o in reasons.options)  # labels with commas, split whole
    assert isinstance(reasons.skip, AllOf)
    assert isinstance(reasons.skip.rules[0], AnyOf)
    assert reasons.other
    assert reasons.exclusive
    assert spec.funnel is not None
    assert spec.fieldwork is not None
    assert spec.claims
    assert spec.breakdowns
    page = (DOCS / "example-2026.md").read_text(encoding="utf-8")
    assert "optamstats init" in page
    assert "optamstats check" in page
    assert "optamstats report" in page
