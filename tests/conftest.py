"""Shared test fixtures.

Each test session gets its own data directory (set before Django starts, so settings pick it up).
Tests that need the real open data in ../shared/data use the ``shared_data`` fixture, which skips
only when the folder is absent (it is always present in CI)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SESSION_DIR = tempfile.mkdtemp(prefix="zorgzaam-test-")
os.environ["ZORGZAAM_DATA_DIR"] = _SESSION_DIR
os.environ.setdefault("ZORGZAAM_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("ZORGZAAM_LANG", "nl")

from zorgzaam.paths import shared_data_dir  # noqa: E402


def _settings_in_the_session_folder() -> None:
    """pytest-django may read the settings before this file runs (so before ZORGZAAM_DATA_DIR is set above):
    point the data folder and the uploads at the session's own folder, never at the user's real data."""
    from django.conf import settings

    if settings.configured:
        settings.DATA_DIR = Path(_SESSION_DIR)
        settings.MEDIA_ROOT = str(Path(_SESSION_DIR) / "media")


_settings_in_the_session_folder()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("../shared/data is not beside the repository")
    return path


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["ZORGZAAM_DATA_DIR"])


@pytest.fixture(autouse=True)
def _fresh_profile_caches():
    """The profile service keeps area look-ups and figures per process, keyed by ids; rolled-back test rows
    hand the same ids to other content, so every test starts without them."""
    from zorgzaam.profile import service

    service.clear_caches()
    yield


@pytest.fixture(autouse=True)
def _language_back_to_dutch():
    """A test that speaks English (a CLI run with --lang en, a page asked in English) must not leave the next
    test on the same worker speaking English: the thread's Django language and $ZORGZAAM_LANG are put back."""
    before = os.environ.get("ZORGZAAM_LANG")
    yield
    if before is None:
        os.environ.pop("ZORGZAAM_LANG", None)
    else:
        os.environ["ZORGZAAM_LANG"] = before
    from django.utils import translation

    translation.deactivate()
