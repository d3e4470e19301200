"""Property-based tests: malformed files never crash an importer, and suppressed values never become 0."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.importers import FORMATS, import_file

KNOWN = pd.DataFrame({"code": ["13003", "13035", "11001"], "vintage": "2025", "name": ["Balen", "Ravels", "Aartselaar"],
                      "valid_from": None, "valid_to": None})


def lookup(level):
    return KNOWN if level == "municipality" else None


def check(format_name: str, data: bytes, suffix: str, **kwargs) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"TF_SOC_POP_STRUCT_2024{suffix}"
        path.write_bytes(data)
        try:
            result = import_file(format_name, path, areas=lookup, **kwargs)
        except ZorgzaamError as error:
            assert error.problem.file or error.problem.code in ("src_need_level",)
            assert error.render("nl") and error.render("en")
            return
        assert result.report.render_text("nl")
        assert set(result.values.columns) >= {"area_code", "measure", "value"}


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=st.binary(max_size=400), fmt=st.sampled_from(sorted(FORMATS)), suffix=st.sampled_from([".txt", ".csv",
                                                                                                     ".zip", ".xlsx"]))
def test_random_bytes_never_crash(data, fmt, suffix):
    check(fmt, data, suffix, period="2024", level="municipality")


HEADER = "CD_REFNIS|CD_SEX|CD_NATLTY|CD_CIV_STS|CD_AGE|MS_POPULATION"
MARKERS = ["x", "nvt", "-", "...", "", "NA"]


@st.composite
def statbel_text(draw):
    rows = draw(st.lists(st.tuples(st.sampled_from(["13003", "13035", "61039", "1300", "abc"]),
                                   st.sampled_from(["M", "F", "X"]), st.sampled_from(["BEL", "ETR"]),
                                   st.sampled_from(["10", "20", "30", "40", "99"]),
                                   st.integers(-2, 120), st.one_of(st.integers(-5, 500), st.sampled_from(MARKERS))),
                         max_size=25))
    lines = [HEADER] + ["|".join(map(str, r)) for r in rows]
    if draw(st.booleans()) and len(lines) > 1:  # truncate the last line
        cut = draw(st.integers(0, len(lines[-1])))
        lines[-1] = lines[-1][:cut]
    delimiter = draw(st.sampled_from(["|", "|", ";", ",", "\t"]))
    text = "\n".join(line.replace("|", delimiter) for line in lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding)


@SETTINGS
@given(data=statbel_text(), zipped=st.booleans())
def test_malformed_statbel_files(data, zipped):
    if zipped:
        import io

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("TF_SOC_POP_STRUCT_2024.txt", data)
        data = buffer.getvalue()
    check("statbel-population", data, ".zip" if zipped else ".txt")


@SETTINGS
@given(values=st.lists(st.one_of(st.integers(0, 1000), st.sampled_from(MARKERS)), min_size=1, max_size=20),
       delimiter=st.sampled_from([";", ",", "\t", "|"]))
def test_suppressed_never_zero(values, delimiter):
    lines = [delimiter.join(["gebied", "periode", "meetwaarde", "waarde"])]
    for index, value in enumerate(values):
        lines.append(delimiter.join(["13003", str(2000 + index), "ocmw_steun", str(value)]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "eigen.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = import_file("long", path, areas=lookup, level="municipality")
    got = result.values.set_index("period")["value"]
    for index, value in enumerate(values):
        cell = got[str(2000 + index)]
        if isinstance(value, str):
            assert np.isnan(cell)
        else:
            assert cell == value
