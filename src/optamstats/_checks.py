"""Validation shared by every public function, and the library's exceptions.

Every message names the argument in backticks, echoes the offending value and says
how to fix it, so that a user reading a traceback in a notebook knows what to change
without opening the source.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

__all__ = [
    "DegenerateDataWarning",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingDependencyError",
    "OptamstatsError",
    "OptamstatsWarning",
    "ShapeError",
    "check_choice",
    "check_confidence",
    "check_counts",
    "check_one_sided_level",
    "check_rng",
]

# Counts above 2**53 cannot all be represented by a float64, and every interval
# formula works in float64: refuse them rather than return a rounded answer.
MAX_COUNT: Final = 2**53


class OptamstatsError(Exception):
    """Base class of every exception raised on purpose by optamstats.

    Examples
    --------
    Catch every error optamstats raises on purpose, and only those:

    >>> from optamstats import OptamstatsError, proportion
    >>> try:
    ...     proportion(5, 3)
    ... except OptamstatsError as error:
    ...     print(type(error).__name__)
    InvalidValueError
    """


class InvalidValueError(OptamstatsError, ValueError):
    """An argument has the right type but an impossible value (k > n, NaN, ...).

    Examples
    --------
    The message names the argument, echoes the value and says the fix:

    >>> from optamstats import InvalidValueError, proportion
    >>> try:
    ...     proportion(5, 3)
    ... except InvalidValueError as error:
    ...     print(error)
    `k` must be ≤ `n`; got k=5 > n=3. Check that the count and its base refer to the same
    respondents.
    >>> issubclass(InvalidValueError, ValueError)
    True
    """


class InvalidTypeError(OptamstatsError, TypeError):
    """An argument has a type the function cannot use (a string count, a boolean, ...).

    Examples
    --------
    >>> from optamstats import InvalidTypeError, proportion
    >>> try:
    ...     proportion("5", 10)
    ... except InvalidTypeError as error:
    ...     print(error)
    `k` must be an integer count or an array of counts; got '5' (dtype <U1).
    >>> issubclass(InvalidTypeError, TypeError)
    True
    """


class ShapeError(InvalidValueError):
    """Array arguments whose shapes do not broadcast together.

    Examples
    --------
    >>> from optamstats import ShapeError, proportion
    >>> try:
    ...     proportion([1, 2, 3], [10, 20])
    ... except ShapeError as error:
    ...     print(error)
    `k` and `n` must have shapes that broadcast together; got (3,) and (2,).
    """


class MissingDependencyError(OptamstatsError, ImportError):
    """An optional dependency (matplotlib) is needed for what was asked."""


def require_matplotlib(what: str) -> None:
    """Raise a clear error naming the extra to install when matplotlib is missing."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        raise MissingDependencyError(
            f"{what} needs matplotlib, which is not installed. Install it with "
            "`python -m pip install 'optamstats[plot]'`, or ask for a text, Markdown or "
            "JSON report without `--output`."
        )


class OptamstatsWarning(UserWarning):
    """Base class of optamstats warnings.

    Examples
    --------
    Silence (or turn into errors) every warning optamstats gives, and only those:

    >>> import warnings
    >>> from optamstats import OptamstatsWarning, exit_funnel
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", OptamstatsWarning)
    ...     exit_funnel(0, 0, 5).combined.low
    0.0
    """


class DegenerateDataWarning(OptamstatsWarning):
    """Valid input for which a statistic is defined only by convention.

    Examples
    --------
    Nobody left or plans to: every bootstrap resample gives 0, so the interval is the
    point 0 and the warning says which interval to cite instead.

    >>> import warnings
    >>> from optamstats import DegenerateDataWarning, exit_funnel
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     funnel = exit_funnel(0, 0, 5)
    >>> [w.category is DegenerateDataWarning for w in caught]
    [True]
    >>> funnel.combined.low, funnel.combined.high, round(funnel.wilson.high, 3)
    (0.0, 0.0, 0.434)
    """


def _repr(value: Any) -> str:
    """``repr(value)``, or a description when Python refuses to write it out.

    An int of more than 4300 digits (``sys.set_int_max_str_digits``), or a container
    holding one, makes ``repr`` raise ValueError: an error message must not.
    """
    try:
        return repr(value)
    except ValueError:
        if isinstance(value, int):
            return f"an integer of about {value.bit_length() * 0.30103:.0f} digits"
        return f"a {type(value).__name__} holding an integer too long to print"


def _show(value: Any) -> str:
    """Render a value for an error message, short enough to read."""
    text = _repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def as_float(value: Any) -> float:
    """Return ``float(value)``, or ±inf for a number beyond float64's range.

    ``float(10**400)`` raises OverflowError; as ±inf it meets the range checks that
    follow and gets their message, which names the argument.
    """
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def check_axes(ax: object) -> None:
    """Refuse an `ax` that is neither None nor a matplotlib Axes, before drawing.

    matplotlib is imported only when `ax` is given (it is then installed: the caller
    made the Axes), so that a bad value gets a message naming `ax`, not an
    AttributeError from inside the drawing code.
    """
    if ax is None:
        return
    import sys

    axes_module = sys.modules.get("matplotlib.axes")
    if axes_module is None or not isinstance(ax, axes_module.Axes):
        raise InvalidTypeError(
            f"`ax` must be a matplotlib Axes to draw into (e.g. `fig.add_subplot()`), or None "
            f"for a new figure; got {_show(ax)}."
        )


def check_choice(name: str, value: object, choices: Sequence[str]) -> str:
    """Return `value` if it is one of `choices`, else raise naming the valid ones."""
    valid = ", ".join(map(repr, choices))
    if not isinstance(value, str):
        raise InvalidTypeError(f"`{name}` must be a string, one of {valid}; got {_show(value)}.")
    if value not in choices:
        raise InvalidValueError(f"`{name}` must be one of {valid}; got {value!r}.")
    return value


def check_confidence(confidence: object, name: str = "confidence") -> float:
    """Return `confidence` as a float strictly between 0 and 1."""
    if isinstance(confidence, bool | np.bool_) or not isinstance(confidence, numbers.Real):
        raise InvalidTypeError(
            f"`{name}` must be a real number in (0, 1), such as 0.95; got {_show(confidence)}."
        )
    value = as_float(confidence)
    if not 0.0 < value < 1.0:  # also rejects NaN
        hint = " Write a level such as 0.95, not a percentage." if 1.0 < value <= 100.0 else ""
        raise InvalidValueError(
            f"`{name}` must be in the open interval (0, 1); got {_show(confidence)}.{hint}"
        )
    return value


def check_one_sided_level(confidence: float, alternative: str) -> float:
    """Refuse one-sided levels below 1/2, whose "lower bound" lies above the estimate."""
    if alternative != "two-sided" and confidence < 0.5:
        raise InvalidValueError(
            f"`confidence` must be at least 0.5 for a one-sided interval (`alternative`="
            f"{alternative!r}): below it the bound crosses the estimate; got {confidence!r}."
        )
    return confidence


def _scalar_count(name: str, value: object) -> int | None:
    """Fast path for one Python/numpy count; None when `value` is not a scalar number."""
    if isinstance(value, bool | np.bool_):
        raise InvalidTypeError(
            f"`{name}` must be an integer count, not a boolean; got {value!r}. "
            "Sum the booleans first (e.g. `mask.sum()`)."
        )
    if isinstance(value, numbers.Integral):
        count = int(value)
    elif isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:  # a Fraction beyond float64's range
            bound = "be a count ≥ 0" if value < 0 else "be at most 2**53"
            raise InvalidValueError(f"`{name}` must {bound}; got {_show(value)}.") from None
        if not math.isfinite(number):
            raise InvalidValueError(f"`{name}` must be a finite count; got {_show(value)}.")
        if not number.is_integer():
            raise InvalidValueError(
                f"`{name}` must be a whole number of respondents; got {_show(value)}. "
                "Pass counts, not proportions or weighted totals."
            )
        count = int(number)
    else:
        return None
    if count < 0:
        raise InvalidValueError(f"`{name}` must be a count ≥ 0; got {count}.")
    if count > MAX_COUNT:
        raise InvalidValueError(f"`{name}` must be at most 2**53; got {_show(count)}.")
    return count


def _array_count(name: str, value: object) -> npt.NDArray[Any]:
    """Validate an array of counts; return it as is when integer, as float64 when float.

    Integer arrays are not converted: the interval formulas promote them to float64 as
    they go, which saves two full copies on large inputs.
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise InvalidTypeError(
            f"`{name}` must be an integer count or an array of counts; got {_show(value)}."
        ) from exc
    kind = array.dtype.kind
    if kind == "b":
        raise InvalidTypeError(
            f"`{name}` must hold integer counts, not booleans; got {_show(value)}. "
            "Sum the booleans first (e.g. `mask.sum()`)."
        )
    if kind not in "iuf":
        raise InvalidTypeError(
            f"`{name}` must be an integer count or an array of counts; got {_show(value)} "
            f"(dtype {array.dtype})."
        )
    floats = array if kind in "iu" else array.astype(np.float64, copy=False)
    if kind == "f":
        bad = ~np.isfinite(floats)
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            raise InvalidValueError(
                f"`{name}` must hold finite counts; got {float(floats[where])!r} at index {where}."
            )
        fractional = floats != np.floor(floats)
        if fractional.any():
            where = tuple(int(i) for i in np.argwhere(fractional)[0])
            raise InvalidValueError(
                f"`{name}` must hold whole numbers of respondents; got {float(floats[where])!r} "
                f"at index {where}. Pass counts, not proportions or weighted totals."
            )
    negative = floats < 0
    if negative.any():
        where = tuple(int(i) for i in np.argwhere(negative)[0])
        raise InvalidValueError(
            f"`{name}` must hold counts ≥ 0; got {float(floats[where]):g} at index {where}."
        )
    if floats.size and floats.max() > MAX_COUNT:
        raise InvalidValueError(f"`{name}` must hold counts of at most 2**53.")
    return floats


def check_counts(
    k: object, n: object, *, k_name: str = "k", n_name: str = "n"
) -> tuple[int, int] | tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """Validate successes `k` out of `n` trials.

    Returns two Python ints when both arguments are scalars (including 0-d arrays),
    otherwise two arrays (integer, or float64 holding whole numbers) broadcast to a
    common shape.
    """
    k_int = _scalar_count(k_name, k)
    n_int = _scalar_count(n_name, n)
    if k_int is not None and n_int is not None:
        if n_int == 0:
            raise InvalidValueError(
                f"`{n_name}` must be ≥ 1: a proportion of nobody is undefined; got {n_name}=0."
            )
        if k_int > n_int:
            raise InvalidValueError(
                f"`{k_name}` must be ≤ `{n_name}`; got {k_name}={k_int} > {n_name}={n_int}. "
                "Check that the count and its base refer to the same respondents."
            )
        return k_int, n_int
    k_arr = _array_count(k_name, k)
    n_arr = _array_count(n_name, n)
    try:
        k_b, n_b = np.broadcast_arrays(k_arr, n_arr)
    except ValueError as exc:
        raise ShapeError(
            f"`{k_name}` and `{n_name}` must have shapes that broadcast together; "
            f"got {k_arr.shape} and {n_arr.shape}."
        ) from exc
    if k_b.ndim == 0:  # 0-d arrays behave as scalars
        return check_counts(int(k_b), int(n_b), k_name=k_name, n_name=n_name)
    zero = n_b == 0
    if zero.any():
        where = tuple(int(i) for i in np.argwhere(zero)[0])
        raise InvalidValueError(
            f"`{n_name}` must be ≥ 1: a proportion of nobody is undefined; "
            f"got {n_name}=0 at index {where}."
        )
    over = k_b > n_b
    if over.any():
        where = tuple(int(i) for i in np.argwhere(over)[0])
        raise InvalidValueError(
            f"`{k_name}` must be ≤ `{n_name}`; got {k_name}={float(k_b[where]):g} > "
            f"{n_name}={float(n_b[where]):g} at index {where}. "
            "Check that the count and its base refer to the same respondents."
        )
    return k_b, n_b


def check_rng(rng: object, name: str = "rng") -> np.random.Generator:
    """Normalise a seed or Generator into a Generator (SPEC 7)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        if rng is not None and int(rng) < 0:
            raise InvalidValueError(f"`{name}` must be a seed ≥ 0 or a Generator; got {rng!r}.")
        return np.random.default_rng(None if rng is None else int(rng))
    raise InvalidTypeError(
        f"`{name}` must be None, an integer seed or a numpy.random.Generator; got {_show(rng)}. "
        "Pass e.g. `rng=2025` for reproducible digits."
    )
