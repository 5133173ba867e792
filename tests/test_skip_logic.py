"""Skip logic with ``any`` / ``all`` / ``not`` (issue 14, item 2).

The main test is a property: for random trees of conditions over 2–4 single-choice
parent questions (which may themselves be behind skip logic), on random small frames
with blank, missing and space-padded answers, ``SurveySpec.asked`` agrees row by row
with an evaluator written here from the documented semantics (``docs/spec.md``, "Skip
logic"), with no numpy and no code shared with the library:

* a condition ``{ q = [values] }`` holds when the row was asked ``q`` and its answer,
  stripped of outer spaces, is among the values;
* several keys of one table, and ``all = [...]``, hold when each holds; ``any = [...]``
  when one holds;
* ``not = { ... }`` holds when the row was asked every question its rule reads and
  the rule does not hold;
* a row was asked a question with skip logic when its rule holds (so a parent's own
  skip logic applies, through the conditions on it); without skip logic, always.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats.forms import AllOf, AnyOf, Condition, NotOf, SpecError, load_spec

OPTIONS = ("a", "b", "c")
CELLS = ("a", "b", "c", " a", "b ", "", "  ", None)

Table = dict[str, Any]


@st.composite
def tables(draw: st.DrawFn, parents: tuple[str, ...], depth: int) -> Table:
    """A random `asked_if` table over `parents`, nesting any/all/not `depth` levels."""
    out: Table = {}
    for _ in range(draw(st.integers(1, 3 if depth else 2))):
        kinds = ["condition", "any", "all", "not"] if depth else ["condition"]
        kind = draw(st.sampled_from(kinds))
        if kind == "condition":
            key: str = draw(st.sampled_from(parents))
            value: Any = draw(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=3,
                                       unique=True))  # fmt: skip
        elif kind == "not":
            key, value = "not", draw(tables(parents, depth - 1))
        else:
            key, value = kind, draw(st.lists(tables(parents, depth - 1), min_size=1, max_size=3))
        out.setdefault(key, value)  # a TOML table holds each key once
    return out


def toml(table: Table) -> str:
    parts = []
    for key, value in table.items():
        if key in ("any", "all"):
            text = "[" + ", ".join(toml(t) for t in value) + "]"
        elif key == "not":
            text = toml(value)
        else:
            text = json.dumps(value)
        parts.append(f"{key} = {text}")
    return "{ " + ", ".join(parts) + " }"


# --------------------------------------------------------------------------- the evaluator


def reads(table: Table) -> set[str]:
    """The questions a table's conditions are about, at any depth."""
    found: set[str] = set()
    for key, value in table.items():
        if key in ("any", "all"):
            for sub in value:
                found |= reads(sub)
        elif key == "not":
            found |= reads(value)
        else:
            found.add(key)
    return found


def asked(qid: str, row: dict[str, Any], rules: dict[str, Table]) -> bool:
    rule = rules.get(qid)
    return True if rule is None else holds(rule, row, rules)


def holds(table: Table, row: dict[str, Any], rules: dict[str, Table]) -> bool:
    for key, value in table.items():
        if key == "any":
            ok = any(holds(t, row, rules) for t in value)
        elif key == "all":
            ok = all(holds(t, row, rules) for t in value)
        elif key == "not":
            ok = all(asked(q, row, rules) for q in reads(value)) and not holds(value, row, rules)
        else:
            cell = row[key]
            ok = asked(key, row, rules) and isinstance(cell, str) and cell.strip() in value
        if not ok:
            return False
    return True


# --------------------------------------------------------------------------- the property


@st.composite
def surveys(draw: st.DrawFn) -> tuple[dict[str, Table], pd.DataFrame]:
    k = draw(st.integers(2, 4))
    parents = tuple(f"p{i}" for i in range(k))
    rules: dict[str, Table] = {}
    for i in range(1, k):  # a parent's skip logic reads earlier parents only: no loop
        if draw(st.booleans()):
            rules[parents[i]] = draw(tables(parents[:i], draw(st.integers(0, 2))))
    rules["t"] = draw(tables(parents, draw(st.integers(0, 3))))
    n = draw(st.integers(1, 12))
    columns = {f"P{i}": draw(st.lists(st.sampled_from(CELLS), min_size=n, max_size=n))
               for i in range(k)}  # fmt: skip
    columns["T"] = draw(st.lists(st.sampled_from(("x", "", None)), min_size=n, max_size=n))
    return rules, pd.DataFrame(columns, dtype=object)


def spec_text(rules: dict[str, Table], k: int) -> str:
    lines = []
    for i in range(k):
        lines += [f"[questions.p{i}]", f'column = "P{i}"', f"options = {json.dumps(OPTIONS)}"]
        if f"p{i}" in rules:
            lines.append(f"asked_if = {toml(rules[f'p{i}'])}")
    lines += ["[questions.t]", 'column = "T"', 'options = ["x"]', f"asked_if = {toml(rules['t'])}"]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(surveys())
def test_asked_agrees_with_a_row_by_row_evaluator(
    survey: tuple[dict[str, Table], pd.DataFrame],
) -> None:
    rules, frame = survey
    k = frame.shape[1] - 1
    spec = load_spec(spec_text(rules, k))
    records = [{f"p{i}": row[f"P{i}"] for i in range(k)} for row in frame.to_dict("records")]
    for qid in [*(f"p{i}" for i in range(k)), "t"]:
        expected = [asked(qid, row, rules) for row in records]
        assert spec.asked(frame, qid).tolist() == expected, (qid, rules)
    # The cohort's base of t: asked and answered (a non-blank cell).
    cohort = spec.cohort(frame)
    answered = [
        asked("t", row, rules) and isinstance(cell, str) and bool(cell.strip())
        for row, cell in zip(records, frame["T"], strict=True)
    ]
    assert len(cohort.base("t")) == sum(answered)


@settings(max_examples=100, deadline=None)
@given(surveys())
def test_asked_if_is_kept_for_plain_tables_only(
    survey: tuple[dict[str, Table], pd.DataFrame],
) -> None:
    rules, frame = survey
    spec = load_spec(spec_text(rules, frame.shape[1] - 1))
    for qid, table in rules.items():
        q = spec[qid]
        plain = not set(table) & {"any", "all", "not"}
        expected = tuple(Condition(key, tuple(v)) for key, v in table.items()) if plain else ()
        assert q.asked_if == expected
        assert isinstance(q.skip, AllOf)
        assert set(q.depends_on) == reads(table)


def test_the_nesting_is_read_as_written() -> None:
    spec = load_spec(
        '[questions.a]\ncolumn = "A"\n[questions.b]\ncolumn = "B"\n[questions.c]\ncolumn = "C"\n'
        '[questions.q]\ncolumn = "Q"\n'
        'asked_if = { any = [{ a = "1", b = ["2", "3"] }, { not = { c = "4" } }], c = "5" }\n'
    )
    assert spec["q"].skip == AllOf((
        AnyOf((AllOf((Condition("a", ("1",)), Condition("b", ("2", "3")))),
               NotOf(Condition("c", ("4",))))),
        Condition("c", ("5",)),
    ))  # fmt: skip
    assert spec["q"].depends_on == ("a", "b", "c")


# --------------------------------------------------------------------------- loops


LOOPS = [
    # through any
    ('asked_if = { any = [{ b = "x" }, { c = "x" }] }', 'asked_if = { a = "x" }', ""),
    # through not
    ('asked_if = { not = { b = "x" } }', 'asked_if = { not = { a = "x" } }', ""),
    # through all, and a three-question chain
    ('asked_if = { all = [{ c = "x" }] }', 'asked_if = { a = "x" }',
     'asked_if = { any = [{ b = "x" }] }'),
    # nested: any inside not inside any
    ('asked_if = { any = [{ not = { any = [{ c = "x" }] } }] }', "",
     'asked_if = { not = { a = "x" } }'),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "c"), LOOPS)
def test_loops_through_any_all_not_are_refused(a: str, b: str, c: str) -> None:
    text = (
        f'[questions.a]\ncolumn = "A"\n{a}\n[questions.b]\ncolumn = "B"\n{b}\n'
        f'[questions.c]\ncolumn = "C"\n{c}\n'
    )
    with pytest.raises(SpecError, match=r"skip logic loops: (\w+ -> )+\w+\.") as info:
        load_spec(text)
    assert info.value.key.endswith(".asked_if")
    loop = str(info.value).rsplit("loops: ", 1)[1].rstrip(".").split(" -> ")
    assert loop[0] == loop[-1]  # the message shows the cycle, closed


@pytest.mark.parametrize(
    "rule",
    ['{ any = [{ a = "x" }] }', '{ not = { a = "x" } }', '{ all = [{ b = "y" }, { a = "x" }] }'],
)
def test_a_question_cannot_depend_on_itself_through_a_group(rule: str) -> None:
    text = f'[questions.b]\ncolumn = "B"\n[questions.a]\ncolumn = "A"\nasked_if = {rule}\n'
    with pytest.raises(SpecError, match=r"a question cannot depend on itself") as info:
        load_spec(text)
    assert info.value.key == "questions.a.asked_if"


# --------------------------------------------------------------------------- in a cohort

SPEC = """\
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
options = ["X", "Y"]
asked_if = { any = [{ left = "Oui" }, { plan = "Oui" }] }

[questions.stay]
column = "Pourquoi rester ?"
options = ["X", "Y"]
asked_if = { not = { plan = "Oui" } }

[[cohort]]
step = "exclude"
where = { region = "Autre" }
"""

ROW = st.tuples(
    st.sampled_from(("IDF", "Autre", "IDF ")),
    st.sampled_from(("Oui", "Non", " Non", "")),
    st.sampled_from(("Oui", "Non", "Ne sait pas", "")),
    st.sampled_from(("X", "Y", "", " ")),
    st.sampled_from(("X", "Y", "")),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=40))
def test_proportions_behind_any_and_not_count_the_right_rows(rows: list[tuple[str, ...]]) -> None:
    frame = pd.DataFrame(rows, columns=["Région", "Sorti ?", "Compte sortir ?", "Pourquoi ?",
                                        "Pourquoi rester ?"])  # fmt: skip
    s = {c: frame[c].str.strip() for c in frame.columns}
    kept = s["Région"] != "Autre"
    asked_plan = s["Sorti ?"] == "Non"
    # pandas, from the documented semantics: why if left = Oui or (asked plan and plan = Oui);
    # stay if asked plan and plan is not Oui (a blank answer included).
    why = kept & ((s["Sorti ?"] == "Oui") | (asked_plan & (s["Compte sortir ?"] == "Oui")))
    stay = kept & asked_plan & (s["Compte sortir ?"] != "Oui")
    cohort = load_spec(SPEC).cohort(frame)
    assert cohort.n == int(kept.sum())
    for column, asked_rows in (("Pourquoi ?", why), ("Pourquoi rester ?", stay)):
        base = asked_rows & (s[column] != "")
        assert cohort.asked(column).sum() == int(asked_rows.sum())
        assert len(cohort.base(column)) == int(base.sum())
        if base.any():
            p = cohort.proportion(column, "X")
            assert (p.k, p.n) == (int((base & (s[column] == "X")).sum()), int(base.sum()))
