"""Tests of optamstats.cohort: the flow, resubmissions, bases, proportions, rendering.

The main fixture is a synthetic Google Forms export of the 2025 OPTAM survey (200
rows), built here so that the published figures of the survey's report
(shared/seeds/000_*.txt: 188 respondents, 178 in sector 2, 119 OPTAM members, 50 left,
69 not, 41 of them planning to leave, motive tallies 43/39/38/25/23/17/13 of 50) come
out of the specification tests/data/optam_2025_spec.toml, with planted incomplete
answers, resubmissions, hospital-only practice and interns around them.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
from datetime import datetime, timedelta
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from optamstats._checks import InvalidTypeError, InvalidValueError, ShapeError
from optamstats.cohort import Cohort, FlowStep
from optamstats.forms import UnknownColumnError, load_spec, read_responses
from optamstats.proportions import ProportionCI, proportion

matplotlib.use("Agg")

DATA = Path(__file__).parent / "data"
SPEC = load_spec(DATA / "optam_2025_spec.toml")
COL = {q.id: q.column for q in SPEC.questions}
MOTIVES = SPEC["motives"].options
TALLIES = (43, 39, 38, 25, 23, 17, 13)  # the report's counts, of 50 leavers, in form order

# --------------------------------------------------------------------------- the export


def motive_answers() -> list[str]:
    """50 answers whose option tallies are the report's; everyone ticks at least one."""
    ticks: list[list[int]] = [[] for _ in range(50)]
    start = 0
    for j, count in enumerate(TALLIES):
        for i in range(count):
            ticks[(start + i) % 50].append(j)
        start = (start + count) % 50
    assert all(ticks)
    return [", ".join(MOTIVES[j] for j in sorted(t)) for t in ticks]


def respondent(**answers: str) -> dict[str, str]:
    row = dict.fromkeys(COL.values(), "")
    row.update(
        {
            COL["practice"]: "Libéral exclusif",
            COL["status"]: "Médecin installé",
            COL["sector"]: "Secteur 2",
            COL["specialty"]: "Pédiatrie",
        }
    )
    row.update({COL[k]: v for k, v in answers.items()})
    return row


def optam_rows() -> tuple[list[dict[str, str]], dict[str, list[int]]]:
    """The 200 rows in file order, and the positions of each planted kind."""
    motives = motive_answers()
    specialties = ["Pédiatrie", "Chirurgie", "Anesthésie", "Gynécologie", "Radiologie"]
    final = []
    for i in range(178):
        a: dict[str, str] = {
            "practice": "Libéral exclusif" if i % 2 else "Mixte (libéral et hospitalier)",
            "status": "Médecin remplaçant" if i % 7 == 0 else "Médecin installé",
            "specialty": specialties[i % 5],
            "member": "Oui" if i < 119 else "Non",
            "changes": f'Revalorisation des actes, "vraiment" ({i})' if i < 129 else "",
        }
        if i < 119:
            a["left"] = "Oui" if i < 50 else "Non"
        if i < 50:
            a["motives"] = motives[i]
        if 50 <= i < 119:
            a["plans_to_leave"] = "Oui" if i < 50 + 41 else "Non"
        final.append(respondent(**a))
    other_sector = [respondent(sector="Secteur 1", changes="rien") for _ in range(7)]
    other_sector += [respondent(sector="Non conventionné") for _ in range(3)]
    incomplete = [respondent(sector="", member="Oui"), respondent(sector=" "),
                  respondent(status="")]  # fmt: skip
    hospital = [respondent(practice="Hospitalier exclusif", member="Oui", left="Non",
                           plans_to_leave="Oui", changes=f"h{i}") for i in range(4)]  # fmt: skip
    interns = [respondent(status="Interne", changes=f"i{i}") for i in range(3)]
    main = final + other_sector + incomplete + hospital + interns
    order = np.random.default_rng(2025).permutation(len(main))
    rows = [main[k] for k in order]
    kinds = {
        "final": [],
        "other_sector": [],
        "incomplete": [],
        "hospital": [],
        "interns": [],
        "resubmission": [],
    }
    bounds = np.cumsum([0, 178, 10, 3, 4, 3])
    names = ["final", "other_sector", "incomplete", "hospital", "interns"]
    for pos, k in enumerate(order):
        kinds[names[int(np.searchsorted(bounds, k, side="right")) - 1]].append(pos)
    return rows, kinds


def optam_export(*, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    """The export as Google Forms writes it (or a French Excel, with ';' and cp1252)."""
    rows, kinds = optam_rows()
    start = datetime(2025, 11, 7, 8, 0)
    timed = [(start + timedelta(minutes=30 * pos), row) for pos, row in enumerate(rows)]
    # Resubmissions: two final respondents press "submit" again 3 and 4 minutes later.
    for pos, minutes in ((kinds["final"][5], 3), (kinds["final"][60], 4)):
        timed.append((timed[pos][0] + timedelta(minutes=minutes), rows[pos]))
    timed.sort(key=lambda t: t[0])
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Horodateur", *COL.values()])
    for when, row in timed:
        writer.writerow([when.strftime("%d/%m/%Y %H:%M:%S"), *row.values()])
    return out.getvalue().encode(encoding)


def optam_cohort(**kwargs: str) -> Cohort:
    frame = read_responses(io.BytesIO(optam_export(**kwargs)), spec=SPEC)
    return SPEC.cohort(frame)


EXPECTED_FLOW = pd.DataFrame(
    {
        "step": ["start", "require", "drop_resubmissions", "exclude", "exclude", "include"],
        "reason": [
            "réponses de l'export",
            "réponses incomplètes",
            "doublons (réponses identiques renvoyées)",
            "exercice hospitalier exclusif",
            "internes",
            "hors secteur 2",
        ],
        "excluded": np.array([0, 3, 2, 4, 3, 10], dtype=np.int64),
        "remaining": np.array([200, 197, 195, 191, 188, 178], dtype=np.int64),
    }
)


@pytest.mark.parametrize(
    "export", [{}, {"delimiter": ";", "encoding": "cp1252"}], ids=["google-utf8", "excel-cp1252"]
)
def test_optam_flow_counts_exactly(export: dict[str, str]) -> None:
    cohort = optam_cohort(**export)
    pd.testing.assert_frame_equal(cohort.flow, EXPECTED_FLOW)
    assert cohort.n == len(cohort) == len(cohort.data) == 178
    assert set(cohort.data[COL["sector"]]) == {"Secteur 2"}
    assert cohort.steps[-1] == FlowStep("include", "hors secteur 2", 10, 178)


def test_optam_flow_in_english() -> None:
    frame = read_responses(io.BytesIO(optam_export()), spec=SPEC)
    flow = SPEC.cohort(frame, lang="en").flow
    assert flow["reason"].tolist() == [
        "responses in the export",
        "incomplete answers",
        "duplicates (identical answers sent again)",
        "hospital-only practice",
        "interns",
        "not in sector 2",
    ]


def test_optam_removes_the_planted_rows_and_keeps_identical_answers_far_apart() -> None:
    cohort = optam_cohort()
    data = cohort.data
    # The final respondents are those built as such: compare their answers as a multiset.
    rows, kinds = optam_rows()
    built = sorted(tuple(rows[p].values()) for p in kinds["final"])
    kept = sorted(tuple(r) for r in data[list(COL.values())].itertuples(index=False))
    assert kept == built
    # Several final respondents gave identical answers 30 minutes or more apart: kept.
    answers = data.drop(columns="Horodateur")
    assert answers.duplicated().sum() > 0


def test_optam_bases_are_the_published_denominators() -> None:
    cohort = optam_cohort()
    assert len(cohort.base("member")) == 178
    assert len(cohort.base("left")) == 119
    assert len(cohort.base("plans_to_leave")) == 69
    assert len(cohort.base("motives")) == 50
    assert len(cohort.base("changes")) == 129
    assert len(cohort.base(COL["left"])) == 119  # by column header too
    assert cohort.asked("plans_to_leave").sum() == 69
    assert cohort.asked("specialty").all()


# Wilson intervals from R 4.2.2 Patched (2022-11-10 r83330), script tests/data/cohort_reference.R:
#   prop.test(k, n, correct = FALSE)$conf.int
# 119/178, 50/119, 41/69 are also in tests/test_proportions.py.
R_WILSON = {
    (119, 178): (0.596466608486405, 0.733491149162049),
    (50, 119): (0.335344137356333, 0.509984954447002),
    (41, 69): (0.476358878348368, 0.702110913587028),
    (129, 178): (0.654879091967445, 0.785064584897161),
    (43, 50): (0.738138062894145, 0.930491665729837),
    (39, 50): (0.647584504187463, 0.872460840297856),
    (38, 50): (0.625873162420571, 0.857026086030083),
    (25, 50): (0.366445143168286, 0.633554856831714),
    (23, 50): (0.329696521922244, 0.596011286008425),
    (17, 50): (0.224369492225001, 0.478461739497674),
    (13, 50): (0.158715274935524, 0.395531572648488),
}


def check_r(result: ProportionCI[float], k: int, n: int) -> None:
    assert (result.k, result.n) == (k, n)
    low, high = R_WILSON[(k, n)]
    assert result.low == pytest.approx(low, abs=1e-12)
    assert result.high == pytest.approx(high, abs=1e-12)


def test_optam_proportions_match_r_and_carry_their_base() -> None:
    cohort = optam_cohort()
    member = cohort.proportion("member", "Oui")
    check_r(member, 119, 178)
    assert member.base == "répondants de secteur 2"
    left = cohort.proportion("left", "Oui")
    check_r(left, 50, 119)
    assert left.base == "adhérents OPTAM en octobre"
    assert left.cite(lang="fr") == (
        "42,0 % (IC à 95 % : 33,5–51,0 ; n = 119 adhérents OPTAM en octobre)"
    )
    assert cohort.proportion("left", "Oui", lang="en").base == "OPTAM members in October"
    plans = cohort.proportion("plans_to_leave", "Oui")
    check_r(plans, 41, 69)
    assert plans.base == "adhérents OPTAM non encore sortis"
    answered = proportion(len(cohort.base("changes")), cohort.n)  # who answered the open question
    check_r(answered, 129, 178)
    mine = cohort.proportion("left", "Oui", base="mes adhérents", confidence=0.9, method="exact")
    assert (mine.base, mine.confidence, mine.method) == ("mes adhérents", 0.9, "clopper-pearson")
    both = cohort.proportion("left", ["Oui", "Non"])
    assert (both.k, both.n) == (119, 119)


@pytest.mark.parametrize(("option", "count"), list(zip(MOTIVES, TALLIES, strict=True)))
def test_optam_motive_tallies(option: str, count: int) -> None:
    result = optam_cohort().proportion("motives", option)
    check_r(result, count, 50)
    assert result.base == "médecins sortis de l'OPTAM"


def test_multi_select_any_of_and_bad_options() -> None:
    cohort = optam_cohort()
    either = cohort.proportion("motives", [MOTIVES[0], MOTIVES[1]])
    assert either.n == 50
    assert 43 <= either.k <= 50
    with pytest.raises(
        InvalidValueError,
        match=r"`value` 'désaccord politique' is not an option of the "
        r"multi-select question 'motives'.*Did you mean 'Désaccord "
        r"politique'\?",
    ):
        cohort.proportion("motives", "désaccord politique")


# --------------------------------------------------------------------------- rendering


def test_flow_text() -> None:
    cohort = optam_cohort()
    assert cohort.flow_text() == "\n".join(
        [
            "réponses de l'export                          200",
            "  − réponses incomplètes                        3  → 197",
            "  − doublons (réponses identiques renvoyées)    2  → 195",
            "  − exercice hospitalier exclusif               4  → 191",
            "  − internes                                    3  → 188",
            "  − hors secteur 2                             10  → 178",
            "Cohorte                                       178",
        ]
    )
    assert str(cohort) == cohort.flow_text()
    english = cohort.flow_text("en").splitlines()
    assert english[1].split() == ["−", "incomplete", "answers", "3", "→", "197"]
    assert english[-1].split() == ["Cohort", "178"]
    big = Cohort(pd.DataFrame({"a": ["x"] * 1500})).exclude(lambda d: d.index < 2, reason="r")
    assert "1 500" in big.flow_text("fr")
    assert "1,500" in big.flow_text("en")


def test_flow_figure_is_a_consort_diagram() -> None:
    from matplotlib.figure import Figure

    cohort = optam_cohort()
    fig = cohort.flow_figure(lang="en")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    # Box texts wrap to the figure's width: compare them line breaks aside.
    texts = [" ".join(t.get_text().split(" ")).replace("\n", " ")
             for t in ax.texts if type(t).__name__ == "Text"]  # fmt: skip
    texts = [t.replace(" n = ", "\nn = ") for t in texts]
    assert texts[0] == "responses in the export\nn = 200"
    assert texts[1] == "Excluded: incomplete answers\nn = 3"
    assert texts[2] == "n = 197"
    assert texts[-2] == "Excluded: not in sector 2\nn = 10"
    assert texts[-1] == "Cohort\nn = 178"
    assert len(texts) == 11  # 6 counts and 5 exclusion boxes
    assert len([t for t in ax.texts if type(t).__name__ == "Annotation"]) == 10  # 2 arrows a step
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    assert cohort.flow_figure(ax=ax) is ax.get_figure()
    plt.close("all")
    with pytest.raises(InvalidTypeError, match=r"`ax` must be a matplotlib Axes to draw"):
        cohort.flow_figure(ax="left")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_flow_diagram_arrows_meet_their_boxes(lang: str) -> None:
    # Issue 19: arrows ran into the exclusion boxes. Each arrow must end on the edge of
    # the box it points to (its head within 1 px of that box's edge, outside it), and
    # the vertical arrow must start on the edge of the box above.
    from optamstats.cohort import flow_diagram

    fig = flow_diagram(["all the answers in the export", "a long reason for excluding rows",
                        "short", "another long reason, with a comma and more words"],
                       [None, 12, 3, 1_234], [2_000, 1_988, 1_985, 751], lang=lang)  # fmt: skip
    fig.draw_without_rendering()
    ax = fig.axes[0]
    boxes = [t.get_bbox_patch().get_window_extent() for t in ax.texts
             if type(t).__name__ == "Text"]  # fmt: skip
    mains, sides = boxes[0::2], boxes[1::2]
    arrows = [a for a in ax.texts if type(a).__name__ == "Annotation"]
    assert len(arrows) == 2 * len(sides)
    to_pixels = ax.transData.transform
    for i, side in enumerate(sides):
        down, across = arrows[2 * i], arrows[2 * i + 1]
        tail, head = to_pixels(down.xyann), to_pixels(down.xy)
        assert tail[1] == pytest.approx(mains[i].y0, abs=1.0)  # leaves the box above
        assert head[1] == pytest.approx(mains[i + 1].y1, abs=1.0)  # meets the box below
        head = to_pixels(across.xy)
        assert head[0] == pytest.approx(side.x0, abs=1.0)  # meets the exclusion box
        assert side.y0 < head[1] < side.y1
        # The boxes do not overlap each other (a side box left of the main one's edge
        # would hide the arrow's head).
        assert side.x0 > max(m.x1 for m in mains)


def test_repr_and_html() -> None:
    cohort = optam_cohort()
    assert repr(cohort) == "<Cohort: 178 of 200 rows after 5 step(s)>"
    html = cohort._repr_html_()
    assert html.startswith("<table")
    assert "hors secteur 2" in html
    assert "<td>178</td>" in html


# --------------------------------------------------------------------------- steps


def small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "practice": ["private", "hospital", "private", "private", "private", "mixed"],
            "status": ["doctor", "doctor", "intern", "doctor", "doctor", "intern"],
            "sector": ["2", "2", "2", "1", "", "2"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )


def test_overlapping_criteria_count_under_the_first_step() -> None:
    df = small()
    df.loc[11, "status"] = "intern"  # hospital-only and intern
    a = (
        Cohort(df)
        .exclude(df["practice"] == "hospital", reason="h")
        .exclude(df["status"] == "intern", reason="i")
    )
    b = (
        Cohort(df)
        .exclude(df["status"] == "intern", reason="i")
        .exclude(df["practice"] == "hospital", reason="h")
    )
    assert a.flow["excluded"].tolist() == [0, 1, 2]
    assert b.flow["excluded"].tolist() == [0, 3, 0]
    assert a.data.equals(b.data)


def test_masks_align_on_remaining_or_all_rows_or_by_label() -> None:
    df = small()
    c = Cohort(df).exclude(df["practice"] == "hospital")
    remaining = c.data
    by_current = c.include(remaining["sector"] == "2")
    by_all = c.include(df["sector"] == "2")
    shuffled = (df["sector"] == "2").sample(frac=1.0, random_state=1)
    by_label = c.include(shuffled)
    by_callable = c.include(lambda d: d["sector"] == "2")
    by_array = c.include(lambda d: d["sector"].to_numpy() == "2")
    for other in (by_all, by_label, by_callable, by_array):
        assert other.data.equals(by_current.data)
    assert by_current.data.index.tolist() == [10, 12, 15]
    assert c.kept.tolist() == [True, False, True, True, True, True]


def test_require_blank_means_empty_or_spaces() -> None:
    df = pd.DataFrame({"a": ["x", "", " ", "\t", None, "y"], "b": ["1"] * 6})
    c = Cohort(df).require("a", reason="a missing")
    assert c.data.index.tolist() == [0, 5]
    assert c.flow["excluded"].tolist() == [0, 4]
    assert Cohort(df).require(["b"]).n == 6
    assert Cohort(df).require(["a", "b"]).flow["reason"].iloc[1] == "incomplete answers"


def test_require_honours_skip_logic() -> None:
    frame = read_responses(io.BytesIO(optam_export()), spec=SPEC)
    cohort = SPEC.cohort(frame)
    # Members who had left were not asked about plans: blank is not incomplete for them.
    required = cohort.require(["left", "plans_to_leave", "member"])
    assert required.flow["excluded"].iloc[-1] == 0
    # Without the spec every blank counts.
    plain = Cohort(cohort.data).require([COL["plans_to_leave"]])
    assert plain.n == 69


def test_base_leaves_out_answers_from_rows_not_asked() -> None:
    frame = read_responses(io.BytesIO(optam_export()), spec=SPEC)
    frame.loc[frame[COL["member"]] == "Non", COL["left"]] = "Non"  # answered, never asked
    cohort = SPEC.cohort(frame)
    assert len(cohort.base("left")) == 119
    assert cohort.proportion("left", "Non").n == 119


def test_a_cohort_never_changes() -> None:
    df = small()
    snapshot = df.copy(deep=True)
    c = Cohort(df)
    c2 = c.exclude(df["practice"] == "hospital", reason="h")
    assert c.n == 6
    assert c2.n == 5
    assert len(c.steps) == 1
    df.loc[10, "practice"] = "CHANGED"  # the caller edits their frame afterwards
    assert c2.data.loc[10, "practice"] == "private"
    got = c2.data
    got.loc[10, "practice"] = "EDITED"  # or the data they got back
    assert c2.data.loc[10, "practice"] == "private"
    with pytest.raises(AttributeError, match=r"a Cohort is immutable; `_keep` cannot be set"):
        c2._keep = np.ones(6, dtype=bool)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del c2._frame
    with pytest.raises(ValueError, match="read-only"):
        c2._keep[0] = False
    df.loc[10, "practice"] = "private"
    pd.testing.assert_frame_equal(df, snapshot)


def test_answers_are_checked_against_options_when_a_column_is_used() -> None:
    frame = read_responses(io.BytesIO(optam_export()), spec=SPEC)
    frame.loc[frame[COL["left"]] == "Oui", COL["left"]] = "oui"
    message = r"\(question 'left'\) has \d+ answer\(s\) that are none of its `options` e.g. 'oui'"
    with pytest.raises(InvalidValueError, match=message):
        SPEC.cohort(frame)  # drop_resubmissions compares every column
    filters = dataclasses.replace(
        SPEC, steps=tuple(s for s in SPEC.steps if s.step != "drop_resubmissions")
    )
    cohort = filters.cohort(frame)  # no step uses "left"
    with pytest.raises(InvalidValueError, match=message):
        cohort.proportion("left", "Oui")
    with pytest.raises(InvalidValueError, match=message):
        cohort.base("plans_to_leave")  # asked if left = "Non": uses the column
    frame = read_responses(io.BytesIO(optam_export()), spec=SPEC)
    frame.loc[3, COL["sector"]] = "secteur 2"
    with pytest.raises(InvalidValueError, match=r"question 'sector'\) has 1 answer\(s\)"):
        filters.cohort(frame)  # the require and include steps use "sector"


def test_from_spec_checks_the_columns_first() -> None:
    frame = read_responses(io.BytesIO(optam_export()), spec=SPEC).drop(columns=COL["status"])
    with pytest.raises(
        UnknownColumnError,
        match=r"the spec names 1 column\(s\) missing from the data: "
        r"`questions.status.column` = 'Vous êtes :'",
    ):
        Cohort.from_spec(frame, SPEC)


# --------------------------------------------------------------------------- resubmissions


def timed(minutes: list[float], answers: list[str], index: list[int] | None = None) -> pd.DataFrame:
    start = pd.Timestamp("2025-11-07 09:00")
    return pd.DataFrame(
        {"t": [start + pd.Timedelta(minutes=m) for m in minutes], "a": answers},
        index=index if index is not None else range(len(minutes)),
    )


def test_resubmission_rule() -> None:
    # A burst of clicks: 0, 8, 16 minutes apart; the chain rule drops the last two.
    df = timed([0, 8, 16, 120, 121.5], ["x", "x", "x", "x", "y"])
    c = Cohort(df).drop_resubmissions("t")
    assert c.data.index.tolist() == [0, 3, 4]  # 2 hours later: another respondent
    assert c.flow["reason"].iloc[-1] == "resubmissions (same answers within 10min)"
    assert Cohort(df).drop_resubmissions("t", within="5min").n == 5
    assert Cohort(df).drop_resubmissions("t", within=timedelta(hours=3)).n == 2
    # Same second: the later row in the file is the copy; "earlier" is by time.
    same = timed([5, 5, 0], ["x", "x", "x"])
    assert Cohort(same).drop_resubmissions("t").data.index.tolist() == [2]
    # Blank equals blank; a space is not blank-equal to nothing in the comparison.
    blanks = timed([0, 1, 2], ["", "", " "])
    assert Cohort(blanks).drop_resubmissions("t").data.index.tolist() == [0, 2]


def test_resubmissions_ignore_columns_and_read_text_timestamps() -> None:
    df = pd.DataFrame(
        {
            "ID": ["1", "2", "3"],
            "Completion time": [
                "13/11/2025 09:00:00",
                "13/11/2025 09:02:00",
                "14/11/2025 09:00:00",
            ],
            "Q": ["Oui", "Oui", "Oui"],
        }
    )
    assert Cohort(df).drop_resubmissions("Completion time").n == 3  # IDs differ
    c = Cohort(df).drop_resubmissions("Completion time", ignore=["ID"])
    assert c.data.index.tolist() == [0, 2]
    # A plain string is one column name, as in `require` (it was refused).
    one = Cohort(df).drop_resubmissions("Completion time", ignore="ID")
    assert one.data.index.tolist() == [0, 2]
    ambiguous = df.assign(**{"Completion time": ["07/11/2025 09:00:00"] * 3})
    with pytest.raises(
        InvalidValueError,
        match=r"read both day first and month first.*Here, parse the column "
        r"first: `read_responses\(\.\.\., dayfirst=True\)`",
    ):
        Cohort(ambiguous).drop_resubmissions("Completion time", ignore=["ID"])
    aware = timed([0, 3], ["x", "x"])
    aware["t"] = aware["t"].dt.tz_localize("Europe/Paris")
    assert Cohort(aware).drop_resubmissions("t").n == 1


def test_resubmissions_default_timestamp() -> None:
    frame = read_responses(io.BytesIO(optam_export()))
    assert Cohort(frame).drop_resubmissions().flow["excluded"].iloc[-1] == 2
    assert Cohort(timed([0, 1], ["x", "x"])).drop_resubmissions().n == 1  # the one datetime column
    with pytest.raises(
        InvalidValueError,
        match=r"`timestamp` must name the column of submission times: the data "
        r"has 0 datetime columns",
    ):
        Cohort(pd.DataFrame({"a": ["x"]})).drop_resubmissions()


# --------------------------------------------------------------------------- bad input


def test_unknown_columns_list_the_closest_headers() -> None:
    cohort = optam_cohort()
    with pytest.raises(
        UnknownColumnError,
        match=r"`columns` 'Vous etes :' is not a column of the data; closest: "
        r"'Vous êtes :' \(differs only in case, accents, apostrophes or "
        r"spaces\)",
    ):
        cohort.require("Vous etes :")
    with pytest.raises(
        UnknownColumnError, match=r"`column` 'lefts' is not a column of the data; closest: 'left'"
    ):
        cohort.base("lefts")
    with pytest.raises(UnknownColumnError, match=r"`column` 'sortis' is not a column"):
        cohort.proportion("sortis", "Oui")
    with pytest.raises(
        UnknownColumnError,
        match=r"`timestamp` 'horodatage' is not a column of the data; closest: 'Horodateur'",
    ):
        cohort.drop_resubmissions("horodatage")
    with pytest.raises(UnknownColumnError, match=r"`ignore` 'IDs'"):
        Cohort(small()).drop_resubmissions("practice", ignore=["IDs"])


def test_masks_of_the_wrong_shape_or_type() -> None:
    df = small()
    c = Cohort(df).exclude(df["practice"] == "hospital")
    with pytest.raises(
        ShapeError,
        match=r"`mask` has 3 rows; it must be aligned on the cohort's rows: 5 "
        r"remaining \(the index of `cohort.data`\) or 6 in all",
    ):
        c.include(pd.Series([True, False, True]))
    with pytest.raises(
        ShapeError,
        match=r"`mask` index does not match the cohort's rows: 5 of its labels "
        r"are not rows of the cohort \(e.g. \[0, 1, 2\]\)",
    ):
        c.include(pd.Series([True] * 5))
    with pytest.raises(ShapeError, match=r"its index repeats labels"):
        c.include(pd.Series([True] * 5, index=[10, 10, 12, 13, 14]))
    with pytest.raises(
        InvalidTypeError, match=r"`mask` must hold booleans \(dtype bool\); got dtype 'str'"
    ):
        c.include(df["sector"])
    with pytest.raises(InvalidTypeError, match=r"got dtype 'int64'"):
        c.exclude(pd.Series(np.ones(6, dtype=np.int64), index=df.index))
    with pytest.raises(
        InvalidValueError, match=r"`mask` has 1 missing value\(s\) \(NA\), at index \[12\]"
    ):
        c.exclude(
            pd.Series([True, False, pd.NA, True, True, False], index=df.index, dtype="boolean")
        )
    with pytest.raises(
        InvalidTypeError,
        match=r"`mask` must be a boolean pandas Series .* A bare array cannot say which rows",
    ):
        c.exclude(np.ones(5, dtype=bool))
    with pytest.raises(
        InvalidTypeError,
        match=r"`mask` returned \[True\] \(list\); a callable must return a boolean Series",
    ):
        c.exclude(lambda d: [True])
    with pytest.raises(
        InvalidValueError, match=r"`mask` returned an array of dtype int64 and shape \(5,\)"
    ):
        c.exclude(lambda d: np.ones(5, dtype=np.int64))
    with pytest.raises(
        InvalidTypeError, match=r"`reason` must be a string, a Label or None; got 3"
    ):
        c.exclude(df["practice"] == "x", reason=3)  # type: ignore[arg-type]
    ok = c.exclude(pd.Series([False] * 6, index=df.index, dtype="boolean"))
    assert ok.n == 5


def test_bad_frames_and_arguments() -> None:
    with pytest.raises(
        InvalidTypeError, match=r"`frame` must be a pandas DataFrame of responses; got \[1, 2\]"
    ):
        Cohort([1, 2])  # type: ignore[arg-type]
    with pytest.raises(
        InvalidValueError, match=r"`frame` must have a unique index.*\[1\] are repeated"
    ):
        Cohort(pd.DataFrame({"a": ["x", "y"]}, index=[1, 1]))
    dup = pd.DataFrame([["x", "y"]], columns=["a", "a"])
    with pytest.raises(InvalidValueError, match=r"`frame` must have unique column names; \['a'\]"):
        Cohort(dup)
    with pytest.raises(InvalidTypeError, match=r"`spec` must be a SurveySpec"):
        Cohort(small(), spec="spec.toml")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`lang` must be one of 'en', 'fr'; got 'de'"):
        Cohort(small(), lang="de")
    with pytest.raises(
        InvalidTypeError, match=r"`columns` must be a column name or a non-empty list"
    ):
        Cohort(small()).require([])
    with pytest.raises(InvalidTypeError, match=r"`column` must be a column name; got 3"):
        Cohort(small()).base(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("within", ["-3s", "0s", "abc", 10, 1.5, None, True])
def test_within_must_be_a_positive_duration(within: object) -> None:
    with pytest.raises(
        InvalidValueError,
        match=r"`within` must be a positive duration such as \"10min\" or \"30s\"; got ",
    ):
        Cohort(timed([0, 1], ["x", "x"])).drop_resubmissions("t", within=within)


def test_unparseable_or_blank_timestamps_name_the_row() -> None:
    df = pd.DataFrame(
        {
            "t": ["07/11/2025 09:00:00", "31/02/2025 09:00:00", "07/11/2025 10:00:00"],
            "a": ["x"] * 3,
        },
        index=[5, 6, 7],
    )
    with pytest.raises(
        InvalidValueError,
        match=r"`timestamp` column 't', row with index 6: timestamp '31/02/2025 "
        r"09:00:00' in column 't' is not a date in the layout dd/mm/yyyy "
        r"hh:mm:ss",
    ):
        Cohort(df).drop_resubmissions("t")
    nat = timed([0, 1, 2], ["x", "y", "z"], index=[3, 4, 5])
    nat.loc[4, "t"] = pd.NaT
    with pytest.raises(
        InvalidValueError,
        match=r"`timestamp` column 't' is blank at the row\(s\) with index "
        r"\[4\]: a resubmission cannot be told without a time",
    ):
        Cohort(nat).drop_resubmissions("t")
    assert Cohort(nat).exclude(nat["t"].isna()).drop_resubmissions("t").n == 2
    with pytest.raises(InvalidValueError, match=r"`ignore` leaves no column to compare"):
        Cohort(timed([0], ["x"])).drop_resubmissions("t", ignore=["a"])
    with pytest.raises(InvalidValueError, match=r"`ignore` leaves no column to compare"):
        Cohort(timed([0], ["x"])).drop_resubmissions("t", ignore="a")  # one column name
    with pytest.raises(InvalidTypeError, match=r"`ignore` must be a column name or a list of"):
        Cohort(timed([0], ["x"])).drop_resubmissions("t", ignore=3)  # type: ignore[arg-type]


def test_empty_cohort_or_base_is_an_error_never_nan() -> None:
    df = small()
    empty = Cohort(df).exclude(df["practice"] != "none", reason="everyone")
    with pytest.raises(
        InvalidValueError,
        match=r"the cohort is empty: its steps removed all 6 rows \(everyone: "
        r"6\); no proportion can be computed",
    ):
        empty.proportion("sector", "2")
    assert empty.n == 0
    assert len(empty.data) == 0
    assert len(empty.base("sector")) == 0
    assert empty.flow["remaining"].tolist() == [6, 0]
    blank = Cohort(df.assign(q=""))
    with pytest.raises(
        InvalidValueError,
        match=r"the base of 'q' is empty: of the 6 rows in the cohort, 6 were "
        r"asked the question and none answered it",
    ):
        blank.proportion("q", "x")


def test_values_must_exist() -> None:
    cohort = optam_cohort()
    with pytest.raises(
        InvalidValueError,
        match=r"`value` 'oui' is not an option of question 'left'; its options are 'Oui', 'Non'",
    ):
        cohort.proportion("left", "oui")
    plain = Cohort(small())
    with pytest.raises(
        InvalidValueError,
        match=r"`value` 'Private' is given by none of the 6 respondents who "
        r"answered 'practice' \(answers given: 'private', 'hospital', "
        r"'mixed'\)\. Check the spelling",
    ):
        plain.proportion("practice", "Private")
    many = Cohort(pd.DataFrame({"free": [f"answer {i}" for i in range(30)]}))
    with pytest.raises(InvalidValueError, match=r"\(30 distinct answers \(not printed\)\)") as err:
        many.proportion("free", "x")
    assert "answer 1" not in str(err.value)
    texts = optam_cohort()
    with pytest.raises(InvalidValueError, match=r"\(\d+ distinct answers \(not printed\)\)"):
        texts.proportion("changes", "rien du tout")
    with pytest.raises(
        InvalidTypeError,
        match=r"`value` must be an answer \(a string\) or a list of answers; got 3",
    ):
        plain.proportion("practice", 3)  # type: ignore[arg-type]
    assert plain.proportion("practice", "private").cite() == proportion(4, 6).cite()


# --------------------------------------------------------------------------- properties

ANSWERS = st.sampled_from(["", " ", "x", "y", "x, y"])


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 25))
    labels = draw(st.permutations(list(range(100, 100 + 3 * n, 3))))
    minutes = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    start = pd.Timestamp("2025-11-07 09:00")
    return pd.DataFrame(
        {
            "t": [start + pd.Timedelta(minutes=m) for m in minutes],
            "a": draw(st.lists(ANSWERS, min_size=n, max_size=n)),
            "b": draw(st.lists(ANSWERS, min_size=n, max_size=n)),
        },
        index=pd.Index(labels, dtype=np.int64),
    )


@st.composite
def plans(draw: st.DrawFn, n: int) -> list[tuple[str, object]]:
    steps: list[tuple[str, object]] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["include", "exclude", "require", "drop"]))
        if kind in ("include", "exclude"):
            steps.append((kind, draw(st.lists(st.booleans(), min_size=n, max_size=n))))
        elif kind == "require":
            steps.append((kind, draw(st.sampled_from([["a"], ["b"], ["a", "b"]]))))
        else:
            steps.append((kind, draw(st.integers(1, 20))))
    return steps


def apply(cohort: Cohort, frame: pd.DataFrame, steps: list[tuple[str, object]]) -> Cohort:
    for kind, arg in steps:
        if kind == "include":
            cohort = cohort.include(pd.Series(arg, index=frame.index, dtype=bool))
        elif kind == "exclude":
            cohort = cohort.exclude(pd.Series(arg, index=frame.index, dtype=bool))
        elif kind == "require":
            cohort = cohort.require(arg)  # type: ignore[arg-type]
        else:
            cohort = cohort.drop_resubmissions("t", within=f"{arg}min")
    return cohort


@given(st.data())
def test_counts_add_up_and_rows_are_never_reordered_or_altered(data: st.DataObject) -> None:
    frame = data.draw(frames())
    snapshot = frame.copy(deep=True)
    cohort = apply(Cohort(frame), frame, data.draw(plans(len(frame))))
    flow = cohort.flow
    assert flow["remaining"].iloc[0] == len(frame)
    assert int(flow["excluded"].sum()) + cohort.n == len(frame)
    assert (flow["remaining"].diff().iloc[1:] == -flow["excluded"].iloc[1:]).all()
    kept = cohort.data
    # the same rows, in the original order, with the original labels and values
    positions = frame.index.get_indexer(kept.index)
    assert (np.diff(positions) > 0).all()
    pd.testing.assert_frame_equal(kept, frame.loc[kept.index])
    pd.testing.assert_frame_equal(frame, snapshot)
    assert cohort.kept.sum() == cohort.n


@given(st.data())
def test_steps_on_disjoint_masks_commute(data: st.DataObject) -> None:
    frame = data.draw(frames())
    n = len(frame)
    m1 = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    m2 = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool) & ~m1
    s1, s2 = pd.Series(m1, index=frame.index), pd.Series(m2, index=frame.index)
    base = apply(Cohort(frame), frame, data.draw(plans(n)))
    one = base.exclude(s1).exclude(s2)
    two = base.exclude(s2).exclude(s1)
    assert one.data.equals(two.data)
    assert one.flow["excluded"].iloc[-2:].tolist() == two.flow["excluded"].iloc[-2:].tolist()[::-1]
    # include steps whose removed sets are disjoint commute too
    three = base.include(~s1).include(~s2)
    four = base.include(~s2).include(~s1)
    assert three.data.equals(four.data)
    assert three.data.equals(one.data)


def resubmissions_by_definition(frame: pd.DataFrame, within: pd.Timedelta) -> set[object]:
    """The documented rule, row by row (quadratic): the oracle for the vectorised code."""
    out = set()
    rows = list(frame.itertuples())
    for pos_j, j in enumerate(rows):
        for pos_i, i in enumerate(rows):
            earlier = (i.t, pos_i) < (j.t, pos_j)
            if earlier and (i.a, i.b) == (j.a, j.b) and j.t - i.t <= within:
                out.add(j.Index)
                break
    return out


@given(frames(), st.integers(1, 20))
def test_drop_resubmissions_follows_its_definition_and_is_idempotent(
    frame: pd.DataFrame, minutes: int
) -> None:
    within = pd.Timedelta(minutes=minutes)
    once = Cohort(frame).drop_resubmissions("t", within=within)
    removed = set(frame.index) - set(once.data.index)
    assert removed == resubmissions_by_definition(frame, within)
    twice = once.drop_resubmissions("t", within=within)
    assert twice.data.equals(once.data)
    assert twice.flow["excluded"].iloc[-1] == 0


def test_copy_and_pickle() -> None:
    import pickle

    cohort = optam_cohort()
    assert copy.copy(cohort) is cohort
    assert copy.deepcopy(cohort) is cohort
    back = pickle.loads(pickle.dumps(cohort))
    pd.testing.assert_frame_equal(back.flow, cohort.flow)
    pd.testing.assert_frame_equal(back.data, cohort.data)
    assert back.proportion("left", "Oui").cite() == cohort.proportion("left", "Oui").cite()
    assert back.flow_text("en") == cohort.flow_text("en")
