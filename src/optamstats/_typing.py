"""Type aliases shared across the package."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

#: One count: a Python or numpy integer, or a float holding a whole number (3.0).
ScalarCount: TypeAlias = int | float | np.integer[Any] | np.floating[Any]
#: Several counts: anything numpy turns into an array of counts.
ArrayCount: TypeAlias = npt.NDArray[Any] | Sequence[Any]

#: A float for scalar results, an array of floats for vectorised ones.
F = TypeVar("F", float, FloatArray)

Alternative: TypeAlias = Literal["two-sided", "greater", "less"]
Lang: TypeAlias = Literal["en", "fr"]
RngLike: TypeAlias = int | np.random.Generator | None
