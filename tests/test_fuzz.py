"""Fuzz tests of the whole public API: bad input gets the library's own error, never a crash.

Every public function (``optamstats.__all__``, the functions of ``optamstats.report`` and
``optamstats.datasets``, and ``optamstats.disclosure``) is called with arguments drawn
by hypothesis: numbers of every kind (NaN, ±inf, huge, negative, fractional, booleans,
numpy scalars, 0-d and empty arrays), arbitrary strings and bytes, DataFrames, and
plausible values of the right type, so that calls reach past the first check. The
contract checked on each call:

- it returns, or raises a subclass of :class:`optamstats.OptamstatsError` that is also
  a ``ValueError`` or ``TypeError``, whose message names an argument (or a field of
  one) in backticks;
- it emits no warning but the library's own (:class:`optamstats.OptamstatsWarning`):
  no numpy ``RuntimeWarning`` from a 0/0, no ``ResourceWarning``;
- no float NaN anywhere in what it returns (missing values of nullable columns are
  ``<NA>``, and timestamps ``NaT``, which are not NaN).

``test_every_public_function_is_fuzzed`` fails when a public function is added without a
fuzzer here. The number of examples per function is the hypothesis profile's
``max_examples`` (200 by default), a quarter of it for the slow ones (figures, whole
reports); ``--hypothesis-show-statistics`` prints the counts.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import io
import math
import re
import tempfile
import warnings
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optamstats
from optamstats import OptamstatsError, OptamstatsWarning
from optamstats import disclosure as disclosure_module

# --------------------------------------------------------------------------- inputs

WEIRD_NUMBERS: list[Any] = [
    math.nan,
    math.inf,
    -math.inf,
    -1,
    -1.5,
    0,
    0.0,
    -0.0,
    0.5,
    1.5,
    1e300,
    -1e300,
    1e-300,
    10**30,
    -(10**30),
    10**400,  # beyond float64: float() raises OverflowError
    -(10**400),
    10**5000,  # beyond str(): repr() raises ValueError (4300 digits)
    2**53 + 1,
    2**63,
    2**64 + 3,
    True,
    False,
    np.float64(math.nan),
    np.float64(-2.5),
    np.int64(-3),
    np.int64(7),
    np.uint8(3),
    np.int8(-1),
    np.float32(1e30),
    np.float16(0.5),
    np.bool_(True),
    np.bool_(False),
    np.array(3),
    np.array(2.5),
    np.array(math.nan),
    np.array(True),
    np.array([]),
    np.array([[]]),
    np.array([1, 2]),
    np.array([math.nan, 1.0]),
    np.array(["a"]),
    np.array([[1, 2], [3, 4]]),
    Fraction(1, 3),
    Fraction(10**400, 3),
    Decimal("NaN"),
    Decimal("2.5"),
    1 + 2j,
]
WEIRD_OTHER: list[Any] = [
    None,
    "",
    " ",
    "nan",
    "NaN",
    "-1",
    "1e400",
    "=1+1",
    "\x00",
    "é",
    b"",
    b"\xff\xfe",
    [],
    [[]],
    [1, [2]],
    (),
    {},
    {"a": 1},
    set(),
    object(),
    print,
    ...,
    pd.NA,
    pd.NaT,
    pd.Series([], dtype=float),
    pd.DataFrame(),
    pd.Series([1.0, math.nan]),
]

numbers = st.one_of(
    st.sampled_from(WEIRD_NUMBERS),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)


def frames() -> st.SearchStrategy[pd.DataFrame]:
    cell = st.one_of(
        st.integers(-5, 50),
        st.floats(allow_nan=True),
        st.text(max_size=8),
        st.none(),
        st.booleans(),
    )

    def build(columns: list[str], rows: int, data: st.DataObject) -> pd.DataFrame:
        return pd.DataFrame(
            {c: data.draw(st.lists(cell, min_size=rows, max_size=rows)) for c in columns}
        )

    return st.builds(
        build,
        st.lists(st.text(max_size=6), max_size=4, unique=True),
        st.integers(0, 6),
        st.data(),
    )


junk = st.one_of(
    numbers,
    st.sampled_from(WEIRD_OTHER),
    st.text(max_size=30),
    st.binary(max_size=20),
    st.lists(st.one_of(st.integers(-3, 300), st.floats(), st.text(max_size=4)), max_size=6),
    frames(),
)


def either(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A plausible value nine times out of ten, else junk.

    With five or six arguments, about half the calls are then entirely plausible and
    reach the arithmetic (where NaN and overflow hide), and a third have exactly one
    bad argument (whose error must name it).
    """
    return st.integers(0, 9).flatmap(lambda i: junk if i == 9 else valid)


counts = st.integers(0, 400)
count_arrays = st.lists(st.integers(0, 400), min_size=0, max_size=6).map(np.array)
# Valid levels, including the extremes of (0, 1) that float arithmetic makes hard.
levels = st.one_of(
    st.floats(0.01, 0.999),
    st.sampled_from([0.95, 0.9, 0.5, 1e-300, 5e-324, 1e-17, 1 - 2**-53, 0.999999999]),
)
texts = st.text(max_size=20)
seeds = st.sampled_from([None, 0, 1, 2025, np.random.default_rng(3)])

# --------------------------------------------------------------------------- the contract

_NAMED = re.compile(r"`([^`]+)`")


def _nan_in(obj: Any, path: str, seen: dict[int, Any], depth: int = 0) -> str | None:
    """Where a float NaN is in `obj`, or None.

    `seen` maps the id of each container visited to the container itself, which keeps
    temporaries alive: a freed temporary's id could be reused by the next one.
    """
    if depth > 8 or id(obj) in seen:
        return None
    if isinstance(obj, float | np.floating):
        return path if math.isnan(float(obj)) else None
    if isinstance(obj, complex):
        return path if math.isnan(obj.real) or math.isnan(obj.imag) else None
    if isinstance(obj, str | bytes | int | bool | type(None)):
        return None
    seen[id(obj)] = obj
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc":
            return path if bool(np.isnan(obj).any()) else None
        if obj.dtype.kind == "O":
            for where, value in np.ndenumerate(obj):
                found = _nan_in(value, f"{path}{list(where)}", seen, depth + 1)
                if found:
                    return found
        return None
    if isinstance(obj, pd.DataFrame):
        for name in obj.columns:
            found = _nan_in(obj[name], f"{path}[{name!r}]", seen, depth + 1)
            if found:
                return found
        return _nan_in(obj.index.to_series(), f"{path}.index", seen, depth + 1)
    if isinstance(obj, pd.Series | pd.Index):
        values = obj.array
        if isinstance(values, pd.arrays.IntegerArray | pd.arrays.BooleanArray):
            return None  # <NA> is a missing value, not NaN; these cannot hold NaN
        if isinstance(values, pd.arrays.FloatingArray):
            data = values.to_numpy(dtype=np.float64, na_value=0.0)  # <NA> is not NaN
            return path if bool(np.isnan(data).any()) else None
        return _nan_in(np.asarray(obj, dtype=object), path, seen, depth + 1)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            found = _nan_in(getattr(obj, f.name), f"{path}.{f.name}", seen, depth + 1)
            if found:
                return found
        return None
    if isinstance(obj, dict):
        for key, value in obj.items():
            found = _nan_in(value, f"{path}[{key!r}]", seen, depth + 1)
            if found:
                return found
        return None
    if isinstance(obj, list | tuple):
        for i, value in enumerate(obj):
            found = _nan_in(value, f"{path}[{i}]", seen, depth + 1)
            if found:
                return found
    return None


def _repr(value: Any) -> str:
    try:
        return repr(value)
    except ValueError:  # an int beyond str()'s 4300 digits, or a container holding one
        return f"<{type(value).__name__} beyond repr()>"


def _show(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    parts = [_repr(a)[:60] for a in args] + [f"{k}={_repr(v)}"[:60] for k, v in kwargs.items()]
    return ", ".join(parts)


def check_call(
    function: Callable[..., Any], *args: Any, _passthrough: bool = False, **kwargs: Any
) -> Any:
    """Call `function`; fail unless it keeps the contract. Return its result or None.

    `_passthrough` is for functions that return their input's values as they are
    (spreadsheet neutralisation): a NaN in the result is then allowed where the input
    held one; they must not create any.
    """
    name = getattr(function, "__qualname__", repr(function))
    call = f"{name}({_show(args, kwargs)})"
    result: Any = None
    error: OptamstatsError | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(*args, **kwargs)
        except OptamstatsError as exc:
            error = exc
        except Exception as exc:  # a crash: anything but the library's own errors
            pytest.fail(f"{call} raised {type(exc).__name__}: {exc}")
    if error is not None:
        message = str(error)
        assert isinstance(error, ValueError | TypeError), f"{call}: {type(error).__name__}"
        assert _NAMED.search(message), f"{call}: message names no argument: {message}"
    foreign = [w for w in caught if not issubclass(w.category, OptamstatsWarning)]
    assert not foreign, f"{call} warned {foreign[0].category.__name__}: {foreign[0].message}"
    where = _nan_in(result, "result", {})
    if where is not None and _passthrough and _nan_in((args, kwargs), "input", {}):
        where = None
    assert where is None, f"{call} returned NaN at {where}"
    return result


PASSTHROUGH = ("spreadsheet_safe", "spreadsheet_safe_frame")


def _fuzz(
    strategy: st.SearchStrategy[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]],
    share: float = 1.0,
) -> Callable[[], None]:
    examples = max(20, int(settings.default.max_examples * share))

    @settings(max_examples=examples)
    @given(call=strategy)
    def test(call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]) -> None:
        function, args, kwargs = call
        check_call(function, *args, _passthrough=function.__name__ in PASSTHROUGH, **kwargs)

    return test


def calls(
    function: Callable[..., Any],
    *positional: st.SearchStrategy[Any],
    **optional: st.SearchStrategy[Any],
) -> st.SearchStrategy[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]:
    """Calls of `function`: every positional argument, any subset of the keywords."""
    return st.tuples(
        st.just(function),
        st.tuples(*positional),
        st.fixed_dictionaries({}, optional=optional),
    )


# --------------------------------------------------------------------------- helpers

OPTIONS = ["A", "B", "C"]
CELLS = ["A", "B", "C", "A, B", "B, C", "A, B, C", "A, C", "", None, "Z", "A, Z", "  "]


def _answers(values: list[Any], other: str = "keep") -> Any:
    from optamstats.multiselect import parse_multiselect

    try:
        return parse_multiselect(pd.Series(values, dtype=object), OPTIONS, other=other)
    except OptamstatsError:
        return None  # junk for the function under test


answers = either(st.lists(st.sampled_from(CELLS), min_size=0, max_size=25).map(_answers))


# The statistics are the user's code: they never raise here, so that an exception can
# only come from the library.
def _floats(batch: Any) -> Any:
    try:
        return np.asarray(batch, dtype=float)
    except (TypeError, ValueError):
        return np.zeros((*np.shape(batch)[:1], 1))


def _mean(batch: Any) -> Any:
    values = _floats(batch)
    return values.reshape(values.shape[0], -1).mean(axis=-1) if values.size else values


def _share(batch: Any) -> Any:
    values = _floats(batch).reshape(np.shape(batch)[0], -1)
    with np.errstate(all="ignore"):  # 0/0 is NaN: the library must refuse it
        return values[:, 0] / values.sum(axis=-1)


def _nan_statistic(batch: Any) -> Any:
    return np.full(np.shape(batch)[0], math.nan)


def _wrong_shape(batch: Any) -> Any:
    return np.zeros((2, 2))


def _scalar_statistic(batch: Any) -> Any:
    return 0.5


def _text_statistic(batch: Any) -> Any:
    return ["x"] * np.shape(batch)[0]


statistics = st.sampled_from(
    [
        _mean,
        _share,
        _nan_statistic,
        _wrong_shape,
        _scalar_statistic,
        _text_statistic,
        None,
        "mean",
        3,
    ]
)
n_resamples = st.sampled_from(
    [
        1000,
        1200,
        999,
        0,
        -1,
        1.5,
        math.nan,
        True,
        "auto",
        "exact",
        "many",
        10**30,
        2**63,
        np.int64(1000),
        None,
    ]
)
methods = st.sampled_from(
    [
        "wilson",
        "wilson-cc",
        "clopper-pearson",
        "exact",
        "jeffreys",
        "agresti-coull",
        "wald",
        "bca",
        "percentile",
        "basic",
        "newcombe",
        "WILSON",
        "",
        "score",
    ]
)
alternatives = st.sampled_from(["two-sided", "greater", "less", "both", ""])
modes = st.one_of(
    st.sampled_from(["half-up", "half-even", "half-down", "truncate", "up", ""]),
    st.lists(st.sampled_from(["half-up", "half-even", "truncate", "bogus"]), max_size=3),
)
percent_texts = st.one_of(
    st.sampled_from(
        [
            "42",
            "42.0",
            "59,4 %",
            "1/3",
            "100",
            "0",
            "-5",
            "101",
            "4 2",
            "%",
            "1e3",
            "nan",
            "inf",
            "",
            "12.345",
            "0.0001",
        ]
    ),
    st.floats(-10, 110),
    st.integers(-10, 200),
)
_TMP = Path(tempfile.mkdtemp(prefix="optamstats-fuzz-"))


def _file(content: bytes) -> str:
    """A file holding `content`, by path (files are kept until the session ends)."""
    handle = tempfile.NamedTemporaryFile(dir=_TMP, delete=False, suffix=".dat")  # noqa: SIM115
    with handle:
        handle.write(content)
    return handle.name


csv_like = st.builds(
    lambda header, rows, sep: (
        sep.join(header) + "\n" + "\n".join(sep.join(r) for r in rows)
    ).encode("utf-8"),
    st.lists(
        st.sampled_from(["Horodateur", "Timestamp", "Q", "Q", "Pour quelles raisons?", ""]),
        min_size=1,
        max_size=4,
    ),
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "07/11/2025 09:15:02",
                    "x",
                    "",
                    '"a,b"',
                    "Oui",
                    "1",
                    "2025-13-45 99:99:99",
                    '"',
                    "é",
                ]
            ),
            max_size=4,
        ),
        max_size=5,
    ),
    st.sampled_from([",", ";", "\t"]),
)
sources = st.one_of(
    csv_like,
    st.binary(max_size=60),
    csv_like.map(_file),
    st.binary(max_size=60).map(_file),
    st.sampled_from([str(_TMP), str(_TMP / "missing.csv"), "", "a\x00b", "x\ny", 3, None]),
    csv_like.map(io.BytesIO),
    csv_like.map(lambda b: io.StringIO(b.decode("utf-8"))),
)

SPEC = """
[survey]
lang = "fr"
[questions.q]
column = "Q"
options = ["Oui", "Non"]
yes = "Oui"
no = "Non"
"""
toml_texts = st.one_of(
    st.sampled_from(
        [
            SPEC,
            "",
            "x = ",
            "[questions]\n",
            "[questions.q]\ncolumn = 3\n",
            "[questions.q]\ncolumn = 'Q'\ntype = 'multi'\n",
            "[survey]\nlang = 'de'\n[questions.q]\ncolumn = 'Q'\n",
            '[[cohort]]\nstep = "include"\n',
            "\x00",
            "a\nb",
        ]
    ),
    st.text(max_size=40).map(lambda t: "[questions.q]\ncolumn = 'Q'\n" + t),
)
published_mappings = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "format": st.sampled_from(["optamstats-published-figures/1", "x", 1]),
            "title": either(texts),
            "figures": st.lists(
                st.fixed_dictionaries(
                    {"id": either(st.sampled_from(["a", "b", "c"]))},
                    optional={
                        "value": either(percent_texts),
                        "n": either(counts),
                        "count": either(counts),
                        "decimals": either(st.integers(0, 3)),
                        "tolerance": either(st.sampled_from(["2.5", "0"])),
                        "sentence": texts,
                    },
                ),
                max_size=3,
            ),
            "claims": st.lists(
                st.fixed_dictionaries(
                    {
                        "id": st.just("c1"),
                        "relation": either(st.sampled_from(["greater", "less"])),
                        "threshold": either(percent_texts),
                        "count": either(counts),
                        "n": either(counts),
                    },
                ),
                max_size=1,
            ),
            "settings": st.fixed_dictionaries(
                {},
                optional={
                    "modes": modes,
                    "confidence": either(levels),
                    "n_max": either(st.integers(1, 2000)),
                },
            ),
        },
    ),
    junk,
)

# --------------------------------------------------------------------------- fuzzers


def _library(name: str) -> Callable[..., Any]:
    return getattr(optamstats, name)  # type: ignore[no-any-return]


FUZZERS: dict[str, tuple[Callable[[], st.SearchStrategy[Any]], float]] = {}


def fuzzer(name: str, share: float = 1.0) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    def register(make: Callable[[], Any]) -> Callable[[], Any]:
        FUZZERS[name] = (make, share)
        return make

    return register


# A count k of a base n, valid most of the time, so that calls reach the arithmetic.
pairs = st.one_of(
    st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 2**53).flatmap(
        lambda n: st.tuples(st.sampled_from([0, 1, n // 2, n - 1, n]), st.just(n))
    ),
    st.tuples(either(st.one_of(counts, count_arrays)), either(st.one_of(counts, count_arrays))),
)


@fuzzer("proportion")
def _proportion() -> Any:
    return st.tuples(
        st.just(_library("proportion")),
        pairs,
        st.fixed_dictionaries(
            {},
            optional={
                "confidence": either(levels),
                "method": either(methods),
                "alternative": either(alternatives),
                "base": either(texts),
            },
        ),
    )


@fuzzer("difference")
def _difference() -> Any:
    return st.tuples(
        st.just(_library("difference")),
        st.builds(lambda a, b: a + b, pairs, pairs),
        st.fixed_dictionaries(
            {},
            optional={
                "confidence": either(levels),
                "method": either(methods),
                "alternative": either(alternatives),
                "base": either(texts),
            },
        ),
    )


@fuzzer("bootstrap", 0.5)
def _bootstrap() -> Any:
    data = either(
        st.one_of(
            st.lists(st.floats(-5, 5), max_size=30).map(np.array),
            st.lists(st.integers(0, 1), max_size=30).map(np.array),
            st.lists(st.lists(st.integers(0, 1), min_size=2, max_size=2), max_size=20).map(
                np.array
            ),
        )
    )
    return calls(
        _library("bootstrap"),
        data,
        statistics,
        confidence=either(levels),
        method=either(methods),
        n_resamples=n_resamples,
        ties=either(st.sampled_from(["mid", "strict", "x"])),
        alternative=either(alternatives),
        batch_size=st.sampled_from([None, 1, 64, 0, -2, 1.5, 10**30, "x"]),
        rng=either(seeds),
    )


@fuzzer("bootstrap_counts", 0.5)
def _bootstrap_counts() -> Any:
    c = either(st.lists(st.integers(0, 40), max_size=5).map(np.array))
    return calls(
        _library("bootstrap_counts"),
        c,
        statistics,
        confidence=either(levels),
        method=either(methods),
        n_resamples=n_resamples,
        ties=either(st.sampled_from(["mid", "strict"])),
        alternative=either(alternatives),
        rng=either(seeds),
    )


@fuzzer("exit_funnel", 0.5)
def _exit_funnel() -> Any:
    c = either(st.integers(0, 150))
    return calls(
        _library("exit_funnel"),
        c,
        c,
        c,
        no_answer=either(st.integers(0, 20)),
        confidence=either(levels),
        method=either(methods),
        n_resamples=n_resamples,
        ties=either(st.sampled_from(["mid", "strict"])),
        rng=either(seeds),
        base=either(texts),
    )


_yes_no = st.lists(
    st.sampled_from(["Oui", "Non", "Yes", "No", "", None, "x", " Oui "]), max_size=40
)


@fuzzer("exit_funnel_from_answers", 0.5)
def _exit_funnel_from_answers() -> Any:
    series = either(st.one_of(_yes_no, _yes_no.map(lambda v: pd.Series(v, dtype=object))))
    return calls(
        _library("exit_funnel_from_answers"),
        series,
        series,
        yes=either(st.sampled_from([("Oui",), ("Oui", "Yes"), ()])),
        no=either(st.sampled_from([("Non",), ("Non", "No"), ("Oui",)])),
        confidence=either(levels),
    )


@fuzzer("exit_funnel_from_stages", 0.5)
def _exit_funnel_from_stages() -> Any:
    stage = either(
        st.lists(st.sampled_from(["left", "plan", "stay", "skip", "", None, 3]), max_size=40)
    )
    return calls(
        _library("exit_funnel_from_stages"),
        stage,
        left=either(st.just("left")),
        plan=either(st.just("plan")),
        stay=either(st.just("stay")),
        no_answer=either(st.sampled_from([None, "skip", "left"])),
        n_resamples=n_resamples,
    )


@fuzzer("check_claim")
def _check_claim() -> Any:
    return st.tuples(
        st.just(_library("check_claim")),
        st.builds(lambda kn, t: (*kn, t), pairs, either(levels)),
        st.fixed_dictionaries(
            {},
            optional={
                "relation": either(st.sampled_from(["greater", "less", "equal"])),
                "scope": either(st.sampled_from(["population", "respondents", "all"])),
                "confidence": either(levels),
                "method": either(methods),
            },
        ),
    )


@fuzzer("check_funnel")
def _check_funnel() -> Any:
    values = either(st.lists(percent_texts, max_size=4))
    bases = either(st.lists(st.one_of(st.none(), counts), max_size=4))
    return calls(
        _library("check_funnel"),
        values,
        bases,
        decimals=either(st.sampled_from([None, 0, 1, 2])),
        modes=either(modes),
    )


@fuzzer("check_theme")
def _check_theme() -> Any:
    return calls(
        _library("check_theme"),
        either(counts),
        either(st.lists(counts, max_size=5)),
        every_mention_coded=either(st.booleans()),
        n=either(st.one_of(st.none(), counts)),
    )


@fuzzer("grim_percent")
def _grim_percent() -> Any:
    return calls(
        _library("grim_percent"),
        either(percent_texts),
        either(counts),
        decimals=either(st.sampled_from([None, 0, 1, 3])),
        modes=either(modes),
    )


@fuzzer("fitting_bases", 0.5)
def _fitting_bases() -> Any:
    required = st.fixed_dictionaries(
        {"n_max": either(st.sampled_from([1, 50, 1000, 10**6, 10**6 + 1, 0]))}
    )
    optional = st.fixed_dictionaries(
        {},
        optional={
            "n_min": either(st.integers(0, 60)),
            "decimals": either(st.sampled_from([None, 0, 1])),
            "modes": either(modes),
            "exhaustive": either(st.booleans()),
        },
    )
    return st.tuples(
        st.just(_library("fitting_bases")),
        st.tuples(either(st.lists(percent_texts, max_size=4))),
        st.builds(lambda a, b: {**a, **b}, required, optional),
    )


@fuzzer("audit_published", 0.5)
def _audit_published() -> Any:
    return calls(
        _library("audit_published"),
        published_mappings,
        lang=either(st.sampled_from(["en", "fr"])),
        modes=either(modes),
        confidence=either(levels),
    )


@fuzzer("read_published", 0.5)
def _read_published() -> Any:
    path = st.one_of(
        toml_texts.map(lambda t: _file(t.encode("utf-8"))),
        st.binary(max_size=30).map(_file),
        st.sampled_from([str(_TMP), str(_TMP / "none.toml")]),
        junk,
    )
    return calls(_library("read_published"), path)


@fuzzer("load_spec", 0.5)
def _load_spec() -> Any:
    source = st.one_of(
        toml_texts,
        toml_texts.map(lambda t: Path(_file(t.encode("utf-8")))),
        st.binary(max_size=30).map(lambda b: Path(_file(b))),
        st.sampled_from([str(_TMP), _TMP / "none.toml"]),
        junk,
    )
    return calls(_library("load_spec"), source)


def _spec() -> Any:
    from optamstats.forms import load_spec

    return load_spec(SPEC)


@fuzzer("read_responses", 0.5)
def _read_responses() -> Any:
    return calls(
        _library("read_responses"),
        either(sources),
        spec=either(st.sampled_from([None, "spec"]).map(lambda v: _spec() if v == "spec" else v)),
        encoding=either(st.sampled_from([None, "utf-8", "cp1252", "latin-1", "utf-16", "klingon"])),
        delimiter=either(st.sampled_from([None, ",", ";", "\t", '"', ",,", "\n"])),
        timestamp=either(st.sampled_from([True, False, "Horodateur", "nope"])),
        dayfirst=either(st.sampled_from([None, True, False])),
        timestamp_format=either(st.sampled_from([None, "%d/%m/%Y %H:%M:%S", "%Q", ""])),
    )


@fuzzer("check_export", 0.5)
def _check_export() -> Any:
    frames = st.lists(st.sampled_from(["Oui", "Non", "oui", "", " ", "x"]), max_size=8).map(
        lambda cells: pd.DataFrame({"Q": cells})
    )
    spec = st.sampled_from(["spec", "text", "[survey\n", 3, None])
    return calls(
        _library("check_export"),
        either(st.one_of(sources, frames)),
        either(spec.map(lambda v: _spec() if v == "spec" else SPEC if v == "text" else v)),
    )


@fuzzer("draft_spec", 0.5)
def _draft_spec() -> Any:
    frames = st.lists(st.sampled_from(CELLS), min_size=1, max_size=25).map(
        lambda v: pd.DataFrame({"Q?": v, "R": v[::-1]})
    )
    return calls(
        _library("draft_spec"),
        either(st.one_of(sources, frames)),
        lang=either(st.sampled_from([None, "fr", "en", "de"])),
    )


@fuzzer("parse_multiselect")
def _parse_multiselect() -> Any:
    series = either(
        st.one_of(
            st.lists(st.sampled_from(CELLS), max_size=25),
            st.lists(st.sampled_from(CELLS), max_size=25).map(lambda v: pd.Series(v, dtype=object)),
            st.lists(
                st.lists(st.sampled_from([0, 1, "Y", "", None, True, 2]), min_size=3, max_size=3),
                max_size=10,
            ).map(lambda rows: pd.DataFrame(rows, columns=OPTIONS)),
        )
    )
    options = either(
        st.sampled_from([OPTIONS, ["A", "A"], [], ["A, B", "A"], {"A": "a"}, ["A", ""]])
    )
    return calls(
        _library("parse_multiselect"),
        series,
        options,
        sep=either(st.sampled_from([", ", ";", "", ","])),
        other=either(st.sampled_from(["error", "keep", "drop"])),
        other_column=either(st.sampled_from([None, "A", "zz"])),
        mandatory=either(st.booleans()),
    )


@fuzzer("multiselect_table", 0.5)
def _multiselect_table() -> Any:
    return calls(
        _library("multiselect_table"),
        answers,
        confidence=either(levels),
        method=either(methods),
        adjust=either(st.sampled_from([None, "bonferroni", "holm"])),
        n_resamples=n_resamples,
        rng=either(seeds),
    )


@fuzzer("multiselect_table_from_counts")
def _multiselect_table_from_counts() -> Any:
    mapping = either(st.dictionaries(st.text(max_size=5), either(counts), max_size=4))
    return calls(
        _library("multiselect_table_from_counts"),
        mapping,
        either(counts),
        confidence=either(levels),
        method=either(methods),
        adjust=either(st.sampled_from([None, "bonferroni", "x"])),
    )


@fuzzer("compare_options")
def _compare_options() -> Any:
    option = either(st.sampled_from(["A", "B", "C", "Z", ""]))
    return calls(_library("compare_options"), answers, option, option, confidence=either(levels))


@fuzzer("cooccurrence")
def _cooccurrence() -> Any:
    return calls(
        _library("cooccurrence"),
        answers,
        measure=either(st.sampled_from(["count", "jaccard", "conditional", "x"])),
    )


def _axes(_: object) -> Any:
    from matplotlib.figure import Figure

    return Figure().add_subplot()


# Something to draw into: a new Axes, or junk (an Axes is not a Figure).
axes = st.one_of(st.none(), st.none().map(_axes), st.none().map(lambda _: _axes(None).figure), junk)


@fuzzer("plot_cooccurrence", 0.1)
def _plot_cooccurrence() -> Any:
    return calls(
        _library("plot_cooccurrence"),
        answers,
        measure=either(st.sampled_from(["count", "jaccard", "conditional"])),
        ax=axes,
        annotate=either(st.booleans()),
        wrap=either(st.integers(-1, 40)),
    )


@fuzzer("marginal_independence_test", 0.5)
def _marginal_independence_test() -> Any:
    by = either(
        st.one_of(
            st.lists(st.sampled_from(["g1", "g2", "", None]), max_size=25).map(
                lambda v: pd.Series(v, dtype=object)
            ),
            answers,
        )
    )
    return calls(
        _library("marginal_independence_test"),
        answers,
        by,
        add_constant=either(st.sampled_from([0.5, 0, -1, 0.0, 1e300])),
    )


# --------------------------------------------------------------------------- breakdowns


@fuzzer("adjust_p_values")
def _adjust_p_values() -> Any:
    p_values = st.lists(st.floats(0, 1), max_size=8)
    return calls(
        _library("adjust_p_values"),
        either(p_values),
        method=either(st.sampled_from(["holm", "bh", "fdr_bh", "bonferroni", ""])),
    )


_COHORT: list[Any] = []


def _cohort() -> Any:
    if not _COHORT:
        from optamstats.datasets import optam_2025_synthetic_export

        export = optam_2025_synthetic_export()
        _COHORT.append(export.spec.cohort(export.frame()))
    return _COHORT[0]


@fuzzer("breakdown", 0.1)
def _breakdown() -> Any:
    cohort = st.just(None).map(lambda _: _cohort())
    questions = st.sampled_from(["left", "member", "specialty", "motives", "nope", ""])
    return calls(
        _library("breakdown"),
        either(cohort),
        either(questions),
        either(questions),
        confidence=either(levels),
        adjust=either(st.sampled_from(["holm", "bh", None])),
        value=either(st.sampled_from([None, "Oui", ("Oui", "Non"), "Désaccord politique"])),
        test=either(st.sampled_from(["score", "fisher"])),
        homogeneity=either(st.sampled_from(["auto", "chi-square", "exact"])),
        min_cell=either(st.integers(0, 30)),
        merged_label=either(texts),
        n_resamples=either(st.sampled_from([1000, 2000])),
        rng=either(seeds),
    )


@fuzzer("breakdown_from_counts", 0.5)
def _breakdown_from_counts() -> Any:
    def table(bases: list[int], data: st.DataObject) -> tuple[Any, ...]:
        k = [data.draw(st.integers(0, n)) for n in bases]
        groups = [f"g{i}" for i in range(len(bases))]
        return (k, bases, groups)

    valid = st.builds(table, st.lists(st.integers(1, 80), min_size=1, max_size=6), st.data())
    args = st.one_of(valid, st.tuples(junk, junk, junk), st.tuples(junk, counts, texts))
    return st.tuples(
        st.just(_library("breakdown_from_counts")),
        args,
        st.fixed_dictionaries(
            {},
            optional={
                "confidence": either(levels),
                "adjust": either(st.sampled_from(["holm", "bh", None])),
                "test": either(st.sampled_from(["score", "fisher"])),
                "homogeneity": either(st.sampled_from(["auto", "chi-square", "exact"])),
                "min_cell": either(st.integers(0, 30)),
                "n_resamples": either(st.sampled_from([1000, 2000])),
                "rng": either(seeds),
                "lang": either(st.sampled_from(["en", "fr"])),
            },
        ),
    )


# --------------------------------------------------------------------------- weighting

weights = st.one_of(
    st.lists(st.floats(0.01, 100), min_size=1, max_size=12).map(np.array),
    st.lists(st.sampled_from([1.0, 2.0, 0.5, 1e-300, 1e300, 0.0]), min_size=1, max_size=6),
)


@fuzzer("design_effect")
def _design_effect() -> Any:
    return calls(_library("design_effect"), either(weights))


@fuzzer("effective_sample_size")
def _effective_sample_size() -> Any:
    return calls(_library("effective_sample_size"), either(weights))


@fuzzer("weighted_proportion", 0.5)
def _weighted_proportion() -> Any:
    def pair(size: int, data: st.DataObject) -> tuple[Any, Any]:
        x = data.draw(st.lists(st.sampled_from([True, False, 0, 1]), min_size=size, max_size=size))
        w = data.draw(st.lists(st.floats(0.01, 100), min_size=size, max_size=size))
        return (x, w)

    args = st.one_of(
        st.builds(pair, st.integers(1, 15), st.data()),
        st.tuples(junk, junk),
        st.tuples(junk, weights),
    )
    return st.tuples(
        st.just(_library("weighted_proportion")),
        args,
        st.fixed_dictionaries(
            {},
            optional={
                "confidence": either(levels),
                "method": either(st.sampled_from(["wilson", "clopper-pearson", "x"])),
                "effective_n": either(st.sampled_from(["kish", "design", "x"])),
                "base": either(texts),
            },
        ),
    )


@fuzzer("weighted_multiselect_table", 0.5)
def _weighted_multiselect_table() -> Any:
    def pair(values: list[Any], data: st.DataObject) -> tuple[Any, Any]:
        w = data.draw(st.lists(st.floats(0.01, 100), min_size=len(values), max_size=len(values)))
        return (_answers(values), w)

    args = st.one_of(
        st.builds(pair, st.lists(st.sampled_from(CELLS), max_size=20), st.data()),
        st.tuples(answers, either(weights)),
    )
    return st.tuples(
        st.just(_library("weighted_multiselect_table")),
        args,
        st.fixed_dictionaries(
            {},
            optional={
                "confidence": either(levels),
                "method": either(st.sampled_from(["wilson", "clopper-pearson"])),
                "effective_n": either(st.sampled_from(["kish", "design"])),
                "adjust": either(st.sampled_from([None, "bonferroni"])),
            },
        ),
    )


@fuzzer("weighted_exit_funnel", 0.25)
def _weighted_exit_funnel() -> Any:
    def triple(size: int, data: st.DataObject) -> tuple[Any, Any, Any]:
        answers_ = st.sampled_from(["Oui", "Non", "", None])
        left = data.draw(st.lists(answers_, min_size=size, max_size=size))
        plan = data.draw(st.lists(answers_, min_size=size, max_size=size))
        w = data.draw(st.lists(st.floats(0.01, 100), min_size=size, max_size=size))
        return (left, plan, w)

    args = st.one_of(st.builds(triple, st.integers(1, 25), st.data()), st.tuples(junk, junk, junk))
    return st.tuples(
        st.just(_library("weighted_exit_funnel")),
        args,
        st.fixed_dictionaries(
            {},
            optional={
                "confidence": either(levels),
                "method": either(st.sampled_from(["percentile", "basic", "bca"])),
                "n_resamples": either(st.sampled_from([1000, 2000])),
                "rng": either(seeds),
                "base": either(texts),
            },
        ),
    )


@fuzzer("rake", 0.5)
def _rake() -> Any:
    def survey(size: int, data: st.DataObject) -> pd.DataFrame:
        sex = data.draw(st.lists(st.sampled_from(["F", "M"]), min_size=size, max_size=size))
        age = data.draw(st.lists(st.sampled_from(["<50", "50+"]), min_size=size, max_size=size))
        return pd.DataFrame({"sex": sex, "age": age})

    margins = st.one_of(
        st.fixed_dictionaries(
            {"sex": st.fixed_dictionaries({"F": st.floats(0, 1), "M": st.floats(0, 1)})},
            optional={
                "age": st.fixed_dictionaries({"<50": st.floats(0, 1), "50+": st.floats(0, 1)})
            },
        ),
        st.just({"sex": {"F": 0.5, "M": 0.5}, "age": {"<50": 0.6, "50+": 0.4}}),
        st.just({"sex": {"F": 50, "M": 50}}),
        st.just({"nope": {"F": 1.0}}),
    )
    return calls(
        _library("rake"),
        either(st.builds(survey, st.integers(1, 12), st.data())),
        either(margins),
        max_iter=either(st.sampled_from([1, 10, 100, 0, -1])),
        tol=either(st.sampled_from([1e-8, 1e-2, 0.0, -1.0])),
        trim=either(st.sampled_from([None, 5.0, (0.2, 5.0), (None, 3.0), (5.0, 0.2)])),
    )


# --------------------------------------------------------------------------- disclosure


@fuzzer("needs_suppression")
def _needs_suppression() -> Any:
    return st.one_of(
        st.tuples(
            st.just(disclosure_module.needs_suppression),
            pairs,
            st.fixed_dictionaries({}, optional={"min_cell": either(st.integers(2, 20))}),
        ),
        calls(
            disclosure_module.needs_suppression,
            either(st.one_of(counts, count_arrays)),
            n=either(st.one_of(st.none(), counts, count_arrays)),
            min_cell=either(st.integers(2, 20)),
        ),
    )


@fuzzer("suppress_small_cells")
def _suppress_small_cells() -> Any:
    table = either(
        st.one_of(
            st.lists(st.integers(0, 30), min_size=1, max_size=6),
            st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=2), min_size=1, max_size=4),
        )
    )
    return calls(
        disclosure_module.suppress_small_cells,
        table,
        min_cell=either(st.integers(2, 12)),
        margins=either(st.booleans()),
        primary=either(st.none()),
    )


@fuzzer("spreadsheet_safe")
def _spreadsheet_safe() -> Any:
    return calls(disclosure_module.spreadsheet_safe, st.one_of(st.text(), junk))


@fuzzer("spreadsheet_safe_frame")
def _spreadsheet_safe_frame() -> Any:
    return calls(disclosure_module.spreadsheet_safe_frame, either(frames()))


@fuzzer("write_safe_csv", 0.5)
def _write_safe_csv() -> Any:
    return calls(
        disclosure_module.write_safe_csv,
        either(frames()),
        st.just(None).map(lambda _: _TMP / "fuzz.csv"),
        sep=either(st.sampled_from([",", ";", "\t", "", '"'])),
        encoding=either(st.sampled_from(["utf-8-sig", "utf-8", "cp1252", "bogus"])),
        index=either(st.booleans()),
    )


# --------------------------------------------------------------------------- report


@fuzzer("build_report", 0.1)
def _build_report() -> Any:
    from optamstats.report import build_report

    return calls(
        build_report,
        st.one_of(st.none(), junk),
        lang=either(st.just("en")),
        confidence=either(levels),
        threshold=either(levels),
        realisation=either(st.lists(st.floats(-1, 2), max_size=3)),
        rng=either(seeds),
        disclosure_control=either(st.booleans()),
        min_cell=either(st.integers(2, 30)),
        include_free_text=either(st.booleans()),
    )


_REPORT: list[Any] = []


def _a_report() -> Any:
    from optamstats.report import Report, Section

    if not _REPORT:
        _REPORT.append(Report("T", "en", (Section("s", "S", ("=1+1",)),)))
    return _REPORT[0]


reports = st.one_of(st.just(None).map(lambda _: _a_report()), junk)


@fuzzer("render")
def _render() -> Any:
    from optamstats.report import render

    return calls(render, reports, either(st.sampled_from(["text", "markdown", "html", "json"])))


@fuzzer("render_pdf", 0.1)
def _render_pdf() -> Any:
    # A hand-made Report printed by WeasyPrint (the test extra), or junk: a clear error.
    from optamstats.report import render_pdf

    return calls(render_pdf, reports)


@fuzzer("report_dict")
def _report_dict() -> Any:
    from optamstats.report import report_dict

    return calls(report_dict, reports)


@fuzzer("disclosure_audit")
def _disclosure_audit() -> Any:
    # A hand-made Report (no record of what it publishes: a clear error) or junk.
    return calls(disclosure_module.disclosure_audit, reports)


@fuzzer("write_report", 0.1)
def _write_report() -> Any:
    from optamstats.report import write_report

    folder = st.integers(0, 10**9).map(lambda i: _TMP / f"out-{i}")
    return calls(
        write_report,
        reports,
        either(folder),
        either(st.sampled_from(["text", "markdown", "html", "json"])),
        csv=either(st.booleans()),
    )


@fuzzer("survey_counts_from_aggregates", 0.1)
def _survey_counts_from_aggregates() -> Any:
    from optamstats.report import survey_counts_from_aggregates

    return calls(
        survey_counts_from_aggregates,
        st.one_of(st.none(), junk),
        lang=either(st.sampled_from(["fr", "en"])),
        confidence=either(levels),
    )


_EXPORT: list[Any] = []


def _export_frame(rows: int) -> Any:
    if not _EXPORT:
        from optamstats.datasets import optam_2025_synthetic_export

        _EXPORT.append(optam_2025_synthetic_export())
    return _EXPORT[0].frame().head(rows)


@fuzzer("survey_counts_from_export", 0.1)
def _survey_counts_from_export() -> Any:
    from optamstats.report.build import survey_counts_from_export

    frames_ = st.integers(0, 200).map(_export_frame)
    specs = st.sampled_from(["synthetic", "small"]).map(
        lambda v: _EXPORT[0].spec if v == "synthetic" and _EXPORT else _spec()
    )
    return calls(
        survey_counts_from_export,
        either(st.one_of(frames_, sources)),
        either(specs),
        lang=either(st.sampled_from([None, "fr", "en"])),
        confidence=either(levels),
        rng=either(seeds),
        include_free_text=either(st.booleans()),
    )


# Single-choice, scale and numeric questions (issue 14).
_choice_labels = st.sampled_from(["1", "2", "3", "4", "5", "Oui", "Non", "NSP", "", "10"])
_choice_counts = either(
    st.dictionaries(_choice_labels, either(st.one_of(counts, st.integers(0, 2**53))),
                    max_size=6)
)  # fmt: skip
_skipped = either(st.lists(_choice_labels, max_size=3))
_answers_values = either(
    st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False),
            st.integers(-(10**6), 10**6),
            st.sampled_from([1e308, -1e308, 5e-324, 2.0**1000]),
        ),
        max_size=12,
    )
)


@fuzzer("single_choice_table")
def _single_choice_table() -> Any:
    return calls(
        _library("single_choice_table"),
        _choice_counts,
        non_substantive=_skipped,
        confidence=either(levels),
        method=either(methods),
    )


@fuzzer("scale_summary")
def _scale_summary() -> Any:
    box = either(st.one_of(st.none(), st.integers(0, 6)))
    return calls(
        _library("scale_summary"),
        _choice_counts,
        top=box,
        bottom=box,
        non_substantive=_skipped,
        confidence=either(levels),
    )


@fuzzer("number_summary")
def _number_summary() -> Any:
    return calls(_library("number_summary"), _answers_values, confidence=either(levels))


@fuzzer("median_interval")
def _median_interval() -> Any:
    return calls(_library("median_interval"), _answers_values, either(levels))


def _parse_numbers_without_blanks(texts: Any) -> Any:
    # parse_numbers marks a blank cell with NaN, as its docstring says (a float column
    # has no other missing value): check that NaN stands exactly where a cell is blank,
    # then hand the contract checker the numbers without them.
    from optamstats import parse_numbers

    result = parse_numbers(texts)
    blank = [
        c is None
        or (isinstance(c, float) and math.isnan(c))
        or (isinstance(c, str) and not c.strip())
        for c in texts
    ]
    assert np.isnan(result).tolist() == blank
    return result[~np.isnan(result)]


@fuzzer("parse_numbers")
def _parse_numbers() -> Any:
    cell = st.one_of(
        st.sampled_from(["12", "12,5", " 3 ", "1 234", "1\u00a0234", "", "  ", "-3", "1" * 400,
                         "douze", "1,234.5", None, math.nan]),
        st.from_regex(r"[0-9 ,.\-]{0,8}", fullmatch=True),
        texts,
    )  # fmt: skip
    return st.tuples(
        st.just(_parse_numbers_without_blanks),
        st.tuples(either(st.lists(cell, max_size=6))),
        st.just({}),
    )


@fuzzer("response_trend")
def _response_trend() -> Any:
    ks = st.lists(counts, min_size=0, max_size=5)
    return calls(
        _library("response_trend"),
        either(ks),
        either(st.lists(st.integers(0, 400), min_size=0, max_size=5)),
        scores=either(st.lists(st.floats(-5, 5), max_size=5)),
        labels=either(st.lists(texts, max_size=5)),
    )


@fuzzer("response_waves")
def _response_waves() -> Any:
    stamps = st.lists(
        st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2100, 1, 1)), max_size=8
    )
    days = st.sampled_from(["2026-03-09", "2026-03-16", "9 March", "", datetime.date(2026, 3, 2)])
    return calls(_library("response_waves"), either(stamps), reminders=either(st.lists(days)))


@fuzzer("response_rate")
def _response_rate() -> Any:
    return calls(_library("response_rate"), either(counts), either(counts),
                 ineligible=either(counts))  # fmt: skip


@fuzzer("nonresponse_bounds")
def _nonresponse_bounds() -> Any:
    rate = st.tuples(st.floats(allow_nan=True), st.floats(allow_nan=True))
    return st.tuples(
        st.just(_library("nonresponse_bounds")),
        st.builds(lambda a, m: (*a, m), pairs, either(st.one_of(counts, st.integers(0, 2**53)))),
        st.fixed_dictionaries({}, optional={"rate": either(rate)}),
    )


@fuzzer("compare_to_population")
def _compare_to_population() -> Any:
    options = st.sampled_from(["a", "b", "c"])
    return calls(
        _library("compare_to_population"),
        either(st.dictionaries(options, counts, max_size=3)),
        either(st.dictionaries(options, st.floats(0, 10), max_size=3)),
        confidence=either(levels),
    )


def _wave_report(rows: list[tuple[str, int | None, int]]) -> dict[str, Any]:
    questions = {
        key: {"key": key, "type": "multi", "title": key, "base": "b",
              "table": [{"option": "x", "k": k, "n": n, "suppressed": k is None}]}
        for key, k, n in rows
    }  # fmt: skip
    return {"schema": "optamstats-report/1", "title": "w", "lang": "en",
            "results": {"confidence": 0.95, "proportions": {}, "questions": questions}}  # fmt: skip


@fuzzer("compare_waves", 0.5)
def _compare_waves() -> Any:
    row = st.tuples(
        st.sampled_from(["q1", "q2", "q3"]),
        st.one_of(st.none(), st.integers(-1, 60)),
        st.integers(0, 50),
    )
    reports = st.lists(row, max_size=3).map(_wave_report)
    return calls(
        _library("compare_waves"),
        either(reports),
        either(reports),
        confidence=either(levels),
        adjust=either(st.sampled_from(["holm", "bh", "none", "bonferroni"])),
        mapping=either(st.sampled_from([None, {"questions": {"q1": "q2"}}, {"x": 1}])),
    )


# Functions that take no argument: called once each.
NO_ARGUMENTS = (
    "optam_2025",
    "optam_2025_published",
    "optam_2025_synthetic_export",
    "optam_2026_synthetic_wave",
)

for _name, (_make, _share_of) in FUZZERS.items():
    globals()[f"test_fuzz_{_name}"] = _fuzz(_make(), _share_of)


# Regression tests of bugs this fuzzer found and their owners fixed.


@pytest.mark.parametrize("alternative", ["greater", "less"])
def test_one_sided_confidence_near_zero_is_refused(alternative: str) -> None:
    # Was NaN: the tail 1 − 1e-300 rounds to 1 and z = −inf.
    with pytest.raises(optamstats.InvalidValueError, match=r"`confidence` must be at least"):
        optamstats.proportion(1, 3, confidence=1e-300, alternative=alternative)


def test_confidence_close_to_one_is_finite() -> None:
    # Was NaN: 1 − tail rounded to 1 and z = ndtri(1) = inf.
    result = check_call(optamstats.proportion, 1, 3, confidence=1 - 2**-53)
    assert 0.0 < result.low < 1 / 3 < result.high < 1.0


def test_p_value_above_2_31() -> None:
    from optamstats.proportions import binomial_p_value

    # Was NaN (scipy's bdtrc takes n as a C int). P(X ≥ 1), X ~ Binomial(2**31, 1/2),
    # is 1 − 2**-(2**31), which is 1.0 in float64; P(X ≥ 1), X ~ Binomial(10**12,
    # 1e-12), is 1 − (1 − 1e-12)**(10**12) = 1 − e**−1 to 1e-12 (Poisson limit).
    assert binomial_p_value(1, 2**31, 0.5) == 1.0
    assert math.isclose(binomial_p_value(1, 10**12, 1e-12), 1 - math.exp(-1), rel_tol=1e-9)
    assert check_call(optamstats.check_claim, 1, 2**31, 0.5).p_value == 1.0


def _public_functions() -> set[str]:
    from optamstats import datasets, report

    names = set()
    from optamstats.report import build

    for module in (optamstats, report, build, datasets, disclosure_module):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                names.add(name)
    return names


def test_every_public_function_is_fuzzed() -> None:
    missing = _public_functions() - set(FUZZERS) - set(NO_ARGUMENTS)
    assert not missing, f"public functions without a fuzzer: {sorted(missing)}"


@pytest.mark.parametrize("name", NO_ARGUMENTS)
def test_functions_without_arguments(name: str) -> None:
    from optamstats import datasets

    check_call(getattr(datasets, name))


def test_the_contract_checker_catches_violations() -> None:
    def crashes() -> None:
        raise KeyError("boom")

    def nan() -> Any:
        return {"x": [1.0, math.nan]}

    def warns() -> int:
        warnings.warn("0/0", RuntimeWarning, stacklevel=1)
        return 1

    def unnamed() -> None:
        raise optamstats.InvalidValueError("bad value")

    for function in (crashes, nan, warns, unnamed):
        with pytest.raises((AssertionError, pytest.fail.Exception)):
            check_call(function)
    frame = pd.DataFrame({"a": pd.array([1.5, None], dtype="Float64")})
    assert check_call(lambda: frame) is frame  # <NA> in a nullable column is not NaN


# Bugs the fuzzer found outside validation code (issue 17), each pinned with its input.


@pytest.mark.parametrize("weight", [1e300, 1e-300, 5e-324, 8e307])
@pytest.mark.parametrize("name", ["design_effect", "effective_sample_size"])
def test_kish_at_extreme_weights(name: str, weight: float) -> None:
    # Equal weights, whatever their scale: n_eff = n = 2 and deff = 1. (Σw)² overflowed
    # (OverflowError) near 1e300 and Σw² underflowed to 0 (ZeroDivisionError) near 1e-300.
    assert check_call(_library(name), [weight, weight]) == (1.0 if name == "design_effect" else 2.0)


def test_kish_weights_whose_sum_overflows_are_refused() -> None:
    check_call(_library("effective_sample_size"), [1.7e308, 1.7e308])
    with pytest.raises(optamstats.InvalidValueError, match=r"`weights` sum to more than the larg"):
        optamstats.effective_sample_size([1.7e308, 1.7e308])


def test_weighted_funnel_validates_before_reading() -> None:
    # A set of answers raised pandas' TypeError, bytes a UnicodeDecodeError.
    for bad in ({"Non"}, b"Non", pd.DataFrame({"a": ["Non"]}), np.array([["Non"]])):
        check_call(_library("weighted_exit_funnel"), ["Oui"], bad, [1.0])
        with pytest.raises(optamstats.InvalidTypeError, match=r"`plans_to_leave` must be one col"):
            optamstats.weighted_exit_funnel(["Oui"], bad, [1.0])
    with pytest.raises(optamstats.InvalidTypeError, match=r"`has_left` must be one column"):
        optamstats.weighted_exit_funnel(b"Oui", ["Non"], [1.0])


def test_design_effective_n_with_one_respondent() -> None:
    # Was 0/0 (a RuntimeWarning and NaN): one respondent's share is 0 or 1, where the
    # design size falls back to Kish's, 1.
    table = check_call(
        _library("weighted_multiselect_table"), _answers(["A"]), [1.0], effective_n="design"
    )
    assert table["effective_n"].tolist() == [1.0, 1.0, 1.0]
    one = check_call(_library("weighted_proportion"), [True], [2.5], effective_n="design")
    assert (one.effective_n, one.effective_n_method) == (1.0, "design (kish at 0 or 1)")


def test_p_value_at_2_53() -> None:
    # Was NaN: scipy.special.betaincc(2**52 + 1, 2**52, 0.5). P(X ≤ 2**52) for X ~
    # Binomial(2**53, 1/2) is 1/2 + C(2m, m) / 2**(2m + 1) with m = 2**52, which mpmath
    # (40 digits: exp(loggamma(2m + 1) − 2 loggamma(m + 1) − 2m log 2)) gives as
    # 0.5000000042035399641674479.
    p_value = check_call(optamstats.check_claim, 2**52, 2**53, 0.5, relation="less").p_value
    assert math.isclose(p_value, 0.5000000042035399641674479, rel_tol=1e-14)


def test_weighted_proportion_ragged_input() -> None:
    # Was numpy's ValueError ("inhomogeneous shape").
    check_call(_library("weighted_proportion"), [1, [2]], [1.0, 1.0])
    with pytest.raises(optamstats.InvalidTypeError, match=r"`x` must hold booleans or 0/1"):
        optamstats.weighted_proportion([1, [2]], [1.0, 1.0])
    with pytest.raises(optamstats.InvalidTypeError, match=r"`weights` must hold positive numbers"):
        optamstats.weighted_proportion([1, 0], [1.0, [2.0]])


def test_rake_subnormal_margin() -> None:
    # Was ZeroDivisionError: margins summing to a subnormal number.
    frame = pd.DataFrame({"sex": ["M"], "age": ["<50"]})
    subnormal = {"sex": {"F": 0.0, "M": 2.225073858507203e-309}}
    check_call(_library("rake"), frame, subnormal)
    with pytest.raises(optamstats.InvalidValueError, match=r"`margins\['sex'\]` sums to 2.2"):
        optamstats.rake(frame, subnormal)
    with pytest.raises(optamstats.InvalidValueError, match=r"`margins\['sex'\]` sums to inf"):
        optamstats.rake(frame, {"sex": {"F": 1e308, "M": 1e308}})
    # A tiny but normal total still rakes: the weights sum to it.
    weights = check_call(_library("rake"), frame, {"sex": {"F": 0.0, "M": 1e-300}})
    assert weights.tolist() == [1e-300]
