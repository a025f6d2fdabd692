"""Shared pytest settings: hypothesis profiles (CI runs the same as a laptop)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The tutorial program is run by test_tutorial.py, not imported (it imports torch).
collect_ignore_glob = ["programs/*"]
