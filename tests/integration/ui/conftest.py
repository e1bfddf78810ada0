"""Chromium for the UI tests: skip without it, fail under MYAGENT_REQUIRE_SERVICES=1 (CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from myagent.quality.a11y.axe import find_chromium


@pytest.fixture(scope="session")
def chromium() -> Path:
    found = find_chromium()
    if found is None:
        reason = "Chromium is not installed: apt-get install chromium"
        if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
            pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    return found
