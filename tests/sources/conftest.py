"""Fixtures for the importer tests: small area tables saved with save_areas (no real area loader)."""

from __future__ import annotations

import pandas as pd
import pytest

from zorgzaam.areas.store import save_areas


@pytest.fixture
def municipalities(db):
    """A few Flemish municipalities in two vintages (2018 and 2025), as save_areas takes them."""
    rows = []
    for code, name in [("13003", "Balen"), ("13035", "Ravels"), ("13025", "Mol"), ("11001", "Aartselaar"),
                       ("41002", "Aalst"), ("44001", "Aalter"), ("24001", "Aarschot")]:
        rows.append({"level": "municipality", "code": code, "vintage": "2018", "name": name,
                     "valid_from": pd.Timestamp("2019-01-01").date(), "valid_to": pd.Timestamp("2024-12-31").date()})
        rows.append({"level": "municipality", "code": code, "vintage": "2025", "name": name,
                     "valid_from": pd.Timestamp("2025-01-01").date(), "valid_to": None})
    save_areas(pd.DataFrame(rows))


@pytest.fixture
def sectors(db):
    codes = ["13003A00-", "13003A01-", "13003A020", "13003ZZZZ", "13035A00-", "11001A00-", "11001A01-"]
    save_areas(pd.DataFrame({"level": "sector", "code": codes, "vintage": "2024"}))
    return codes
