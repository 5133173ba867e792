"""Does a multi-select question differ across groups? Tests of marginal independence.

Public facade: the code lives in :mod:`optamstats.multiselect.marginal`.
"""

from __future__ import annotations

from optamstats.multiselect.marginal import (
    MarginalIndependenceResult,
    marginal_independence_test,
)

__all__ = ["MarginalIndependenceResult", "marginal_independence_test"]
