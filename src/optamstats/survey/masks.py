"""Masks of a cohort's rows: a boolean Series or a callable, aligned on the rows it means.

A bare boolean array cannot say which rows it is about, so it is refused; a Series is
aligned on its index (the remaining rows, or every row of the frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, ShapeError, _show

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.survey.coding import BoolArray

MaskLike = Any  # a boolean pandas Series, or a callable taking the data


def _mask_rows(
    mask: MaskLike, frame: pd.DataFrame, keep: BoolArray, argument: str = "mask"
) -> BoolArray:
    """Turn a mask into a boolean array over all rows of `frame` (`keep`: the remaining).

    See the Notes of :class:`~optamstats.survey.cohort.Cohort` for the masks allowed.
    """
    import pandas as pd

    positions = np.flatnonzero(keep)
    current = frame.index[positions]
    if callable(mask) and not isinstance(mask, pd.Series):
        data = frame.copy(deep=False) if keep.all() else frame[keep]  # Cohort.data
        result = mask(data)
        if isinstance(result, np.ndarray):
            if result.dtype != np.bool_ or result.shape != (len(data),):
                raise InvalidValueError(
                    f"`{argument}` returned an array of dtype {result.dtype} and shape "
                    f"{result.shape}; a callable must return booleans, one per row of the "
                    f"data it is given ({len(data)})."
                )
            full = np.zeros(len(frame), dtype=bool)
            full[positions] = result
            return full
        if not isinstance(result, pd.Series):
            raise InvalidTypeError(
                f"`{argument}` returned {_show(result)} ({type(result).__name__}); a callable "
                "must return a boolean Series aligned on the data it is given, e.g. "
                "`lambda d: d['Q'] == 'Oui'`."
            )
        mask = result
    if not isinstance(mask, pd.Series):
        raise InvalidTypeError(
            f"`{argument}` must be a boolean pandas Series aligned on the cohort's rows, or "
            f"a callable taking the data; got {_show(mask)} ({type(mask).__name__}). "
            "A bare array cannot say which rows it is about: wrap it as "
            "`pd.Series(values, index=cohort.data.index)`."
        )
    if not pd.api.types.is_bool_dtype(mask.dtype):
        raise InvalidTypeError(
            f"`{argument}` must hold booleans (dtype bool); got dtype {str(mask.dtype)!r}. "
            "Build it with a comparison, e.g. `df['Q'] == 'Oui'` or `df['Q'].isin([...])`."
        )
    missing = np.asarray(mask.isna().to_numpy(), dtype=bool)
    if missing.any():
        labels = mask.index[missing][:3].tolist()
        raise InvalidValueError(
            f"`{argument}` has {int(missing.sum())} missing value(s) (NA), at index "
            f"{labels!r}{'...' if missing.sum() > 3 else ''}; decide them, e.g. "
            "`mask.fillna(False)`."
        )
    values = np.asarray(mask.to_numpy(dtype=bool), dtype=bool)
    full_index = frame.index
    if mask.index.equals(full_index):
        return values
    if mask.index.equals(current):
        full = np.zeros(len(frame), dtype=bool)
        full[positions] = values
        return full
    for target in (current, full_index):
        if len(mask) == len(target) and mask.index.is_unique:
            unknown = mask.index.difference(target)
            if unknown.empty:  # same rows, another order: align on the labels
                aligned = np.asarray(mask.reindex(target).to_numpy(dtype=bool), dtype=bool)
                full = np.zeros(len(frame), dtype=bool)
                if target is full_index:
                    return aligned
                full[positions] = aligned
                return full
    sizes = (
        f"{int(keep.sum())} remaining (the index of `cohort.data`) or {len(full_index)} in all "
        "(the index of the frame the cohort was built from)"
    )
    if len(mask) not in (len(current), len(full_index)):
        raise ShapeError(
            f"`{argument}` has {len(mask)} rows; it must be aligned on the cohort's rows: "
            f"{sizes}. Build it from `cohort.data`, e.g. `cohort.data['Q'] == 'Oui'`, or "
            "pass a callable such as `lambda d: d['Q'] == 'Oui'`."
        )
    target = current if len(mask) == len(current) else full_index
    stray = mask.index.difference(target)
    shown = stray[:3].tolist()
    detail = (
        f"{len(stray)} of its labels are not rows of the cohort (e.g. {shown!r})"
        if len(stray)
        else "its index repeats labels"
    )
    raise ShapeError(
        f"`{argument}` index does not match the cohort's rows: {detail}. It must be "
        f"aligned on {sizes}; build it from `cohort.data`, or pass a callable."
    )
