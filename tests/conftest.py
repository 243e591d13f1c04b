"""Shared test configuration.

Hypothesis profiles (tests/test_fuzz.py):

* ``ci`` (the default): derandomized, a few dozen examples per test, so the
  fuzz tests are quick and give the same result on every run;
* ``long``: thousands of random examples per test, for hunting bugs by hand:
  ``HYPOTHESIS_PROFILE=long python -m pytest -q tests/test_fuzz.py``.
"""
from __future__ import annotations

import os

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis is a dev requirement; only the fuzz tests need it
    settings = None

if settings is not None:
    _SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None, database=None,
                              suppress_health_check=_SLOW_OK, print_blob=True)
    settings.register_profile("long", derandomize=False, max_examples=2000, deadline=None,
                              suppress_health_check=_SLOW_OK, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
