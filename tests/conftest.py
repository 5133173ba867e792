"""Shared test configuration: a deterministic hypothesis profile (as scipy does)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "deterministic",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", parent=settings.get_profile("deterministic"), max_examples=2000
)
settings.load_profile(os.environ.get("OPTAMSTATS_HYPOTHESIS_PROFILE", "deterministic"))
