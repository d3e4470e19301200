"""Statbel's population cube as published: sparse cells, cut files, areas outside the loaded ones,
the period option, the code lists of both layouts, and the limits against zip bombs and endless lines.

The real files are read from ../shared/data/statbel_open (tests marked ``realdata``); the cut and the
bomb files are made from them (or generated) in a temporary folder by the tests themselves."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.importing import run_import
from zorgzaam.sources.models import Dataset
from zorgzaam.sources.statbel import period_from_name

from .test_importers import OTHERS, STATBEL_HEADER, statbel_line, state, write_zip

REPO = Path(__file__).resolve().parents[2]
# Balen, Ravels and neighbours (pre-2019 codes), loaded in the 2018 vintage (valid until 2018-12-31) and
# again in the 2025 vintage: a 2015 file must be stored against the 2018 vintage.
SMALL = {"13003": "Balen", "13035": "Ravels", "13025": "Mol", "13010": "Geel", "13006": "Dessel",
         "13036": "Retie", "13019": "Hoogstraten", "13002": "Baarle-Hertog"}


def load_small_areas(codes=SMALL):
    from zorgzaam.areas.store import save_areas

    rows = []
    for code, name in codes.items():
        rows.append({"level": "municipality", "code": code, "vintage": "2018", "name": name,
                     "valid_from": None, "valid_to": pd.Timestamp("2018-12-31").date()})
        rows.append({"level": "municipality", "code": code, "vintage": "2025", "name": name,
                     "valid_from": pd.Timestamp("2025-01-01").date(), "valid_to": None})
    save_areas(pd.DataFrame(rows))


def real_lines(shared_data, year=2015):
    """The file's own lines, read with plain zipfile + csv (independent of the importer)."""
    path = shared_data / "statbel_open" / f"TF_SOC_POP_STRUCT_{year}.zip"
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as handle:
        return list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"), delimiter="|"))


@pytest.fixture(scope="module")
def lines_2015(shared_data):
    return real_lines(shared_data)


# -- real files ------------------------------------------------------------------------------------

@pytest.mark.realdata
def test_real_2015_sparse_cube_filled_with_zeros(shared_data, lines_2015, db):
    load_small_areas()
    result, dataset = run_import("statbel-population", shared_data / "statbel_open" / "TF_SOC_POP_STRUCT_2015.zip")
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert set(result.values["area_vintage"]) == {"2018"}  # a 2015 file: the municipalities before 2019
    ravels = result.values[result.values["area_code"] == "13035"].set_index("measure")["value"]
    ages = [m for m in ravels.index if m.startswith(("population_age_", "population_male_age_",
                                                     "population_female_age_"))]
    assert len(ages) == 3 * 101  # 0..99 and 100+, all, men and women
    assert ravels[ages].notna().all()
    ravels_lines = [r for r in lines_2015 if r["CD_MUNTY_REFNIS"] == "13035"]
    present = {(r["CD_SEX"], min(int(r["CD_AGE"]), 100)) for r in ravels_lines}
    absent = [(s, a) for s in "MF" for a in range(101) if (s, a) not in present]
    assert absent  # some sex × age cells are absent from the cube, and they are stored as 0, not unknown:
    sex, age = absent[0]
    assert ravels[f"population_{'male' if sex == 'M' else 'female'}_age_{age:03d}_{age:03d}"] == 0
    # 65+ equals the sum of the file's own lines for Ravels aged 65 and over
    over_65 = sum(int(r["MS_POPULATION"]) for r in ravels_lines if int(r["CD_AGE"]) >= 65)
    assert sum(ravels[f"population_age_{a:03d}_{a:03d}"] for a in range(65, 100)) + \
        ravels["population_age_100_999"] == over_65
    balen = sum(int(r["MS_POPULATION"]) for r in lines_2015 if r["CD_MUNTY_REFNIS"] == "13003")
    assert values[("13003", "population")] == balen == 21_969
    report = result.report
    assert not report.refusals
    outside = len(lines_2015) - sum(1 for r in lines_2015 if r["CD_MUNTY_REFNIS"] in SMALL)
    assert report.outside_rows == outside and report.outside_areas == 589 - len(SMALL)
    for lang, phrase in (("nl", "buiten de geladen gebieden"), ("en", "outside the loaded areas")):
        text = report.render_text(lang)
        assert text.count(phrase) == 1  # counted once, not listed line by line
        assert "61039" not in text or text.count("61039") == 1
    assert "werden als 0 geteld" in report.render_text("nl")
    assert Dataset.objects.filter(id=dataset.id).exists()


def cut_copy(shared_data, tmp_path, share=0.4) -> tuple[Path, int]:
    """The 2015 zip with its text cut in the middle of a line (as an interrupted download leaves it)."""
    source = shared_data / "statbel_open" / "TF_SOC_POP_STRUCT_2015.zip"
    with zipfile.ZipFile(source) as archive:
        name = archive.namelist()[0]
        data = archive.read(name)
    cut = int(len(data) * share)
    while data[cut - 1:cut + 1].count(b"\n"):  # not at a line break
        cut += 1
    target = tmp_path / "TF_SOC_POP_STRUCT_2015.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(name, data[:cut])
    return target, data[:cut].count(b"\n") + 1


@pytest.mark.realdata
def test_real_cut_file_stores_nothing(shared_data, tmp_path, db, capsys):
    from zorgzaam.cli import main

    load_small_areas()
    path, last_line = cut_copy(shared_data, tmp_path)
    before = state()
    assert main(["import", "statbel-population", str(path)]) != 0
    err = capsys.readouterr().err
    assert "onvolledig" in err and f"regel {last_line}" in err and "TF_SOC_POP_STRUCT_2015" in err
    assert "veld" in err and "Traceback" not in err
    assert state() == before and Dataset.objects.count() == 0


@pytest.mark.realdata
def test_real_period_abc_is_one_error_before_reading(shared_data, db, capsys, monkeypatch):
    from zorgzaam.cli import main
    from zorgzaam.sources import readers

    load_small_areas()

    def never(*args, **kwargs):  # the period is checked before the file is read at all
        raise AssertionError("the file was read")

    monkeypatch.setattr(readers, "open_source", never)
    path = shared_data / "statbel_open" / "TF_SOC_POP_STRUCT_2015.zip"
    assert main(["import", "statbel-population", str(path), "--period", "abc"]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("abc") == 1 and captured.err.count("\n") == 1
    assert "MS_POPULATION" not in captured.err
    assert main(["import", "statbel-population", str(path), "--period", "abc", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["error"]["code"] == "src_bad_period_option"
    assert Dataset.objects.count() == 0


@pytest.mark.realdata
def test_real_period_contradicting_name_needs_force(shared_data, db, capsys):
    from zorgzaam.cli import main

    load_small_areas()
    path = shared_data / "statbel_open" / "TF_SOC_POP_STRUCT_2015.zip"
    assert main(["import", "statbel-population", str(path), "--period", "2016", "--dry-run"]) == 1
    assert "--force-period" in capsys.readouterr().err
    assert main(["import", "statbel-population", str(path), "--period", "2016", "--force-period",
                 "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["periods"] == ["2016"]
    assert any(w["code"] == "src_period_forced" for w in data["warnings"])


@pytest.mark.realdata
def test_real_file_lacking_a_loaded_municipality_is_refused(shared_data, lines_2015, tmp_path, db):
    load_small_areas()
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(lines_2015[0]), delimiter="|", lineterminator="\n")
    writer.writeheader()
    writer.writerows(r for r in lines_2015 if r["CD_MUNTY_REFNIS"] != "13035")  # Ravels left out
    path = write_zip(tmp_path / "TF_SOC_POP_STRUCT_2015.zip", "TF_SOC_POP_STRUCT_2015.txt", text.getvalue())
    before = state()
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", path)
    assert info.value.problem.code == "src_missing_areas"
    assert "13035" in info.value.render("nl") and "1 van de 8" in info.value.render("nl")
    assert state() == before


# -- constructed files -----------------------------------------------------------------------------

# The current layout (CD_REFNIS header, TX_DESCR_NL, single-digit civil-status codes 1..4 as Statbel's
# recent files describe them in TX_CIV_STS_NL: 1 Ongehuwd, 2 Gehuwd, 3 Weduwstaat, 4 Gescheiden).
# Constructed for this test: no file in this layout is available offline.
CURRENT_HEADER = STATBEL_HEADER.replace("TX_NATLTY_FR|TX_NATLTY_NL", "TX_NATLTY_NL|TX_NATLTY_FR").replace(
    "TX_CIV_STS_FR|TX_CIV_STS_NL", "TX_CIV_STS_NL|TX_CIV_STS_FR")


def test_current_layout_single_digit_civil_status_imports_completely(municipalities, tmp_path):
    lines = [statbel_line("13003", "M", "BEL", "1", 30, 40), statbel_line("13003", "F", "BEL", "2", 45, 30),
             statbel_line("13003", "F", "ETR", "3", 88, 5), statbel_line("13003", "M", "BEL", "4", 52, 6),
             statbel_line("13035", "F", "BEL", "7", 70, 3, name="Ravels"),  # a code no layout documents
             statbel_line("13035", "M", "BEL", "1", 2, 9, name="Ravels"), *OTHERS]
    path = write_zip(tmp_path / "TF_SOC_POP_STRUCT_2021.zip", "TF_SOC_POP_STRUCT_2021.txt",
                     "\n".join([CURRENT_HEADER] + lines) + "\n")
    result, _ = run_import("statbel-population", path, save=False)
    report = result.report
    assert report.records_kept == report.rows_read == len(lines) and not report.refusals
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert values[("13003", "population")] == 81
    assert values[("13003", "population_civil_never_married")] == 40
    assert values[("13003", "population_civil_married")] == 30
    assert values[("13003", "population_civil_widowed")] == 5
    assert values[("13003", "population_civil_divorced")] == 6
    # the unknown code is reported once and its persons still count for total, sex and age
    unknown = [w for w in report.warnings if w.code == "src_unknown_code"]
    assert len(unknown) == 1 and unknown[0].params["count"] == 1 and "7" in unknown[0].params["values"]
    assert values[("13035", "population")] == 12
    assert values[("13035", "population_female_age_070_070")] == 3
    assert values[("13035", "population_civil_never_married")] == 9


def test_cut_last_line_and_last_value_refused(municipalities, tmp_path):
    full = [statbel_line("13003", "M", "BEL", "10", 0, 100), statbel_line("13035", "M", "BEL", "10", 1, 7),
            *OTHERS]
    before = state()
    text = "\n".join([STATBEL_HEADER] + full) + "\n"
    cut = text[: text.rindex("|Arrondissement de")]  # the last line stops after its 5th field
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", write_zip(tmp_path / "TF_SOC_POP_STRUCT_2024.zip", "a.txt", cut))
    problem = info.value.problem
    assert problem.code == "src_incomplete_file" and problem.line == len(full) + 1
    assert problem.column == "TX_ADM_DSTR_DESCR_FR" and problem.params["found"] == 5
    for lang in ("nl", "en"):
        assert "TF_SOC_POP_STRUCT_2024" in info.value.render(lang) and str(len(full) + 1) in info.value.render(lang)
    # every field there, but no line break and an empty count: cut right after the last '|'
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", write_zip(tmp_path / "TF_SOC_POP_STRUCT_2024.zip", "a.txt",
                                                   text.rstrip("\n")[: -1]))
    assert info.value.problem.code == "src_incomplete_last_value"
    assert info.value.problem.column == "MS_POPULATION"
    assert state() == before


def test_period_option_checked_once(municipalities, tmp_path):
    from .test_importers import constructed_population

    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", constructed_population(tmp_path), period="abc")
    assert info.value.problem.code == "src_bad_period_option"
    result, _ = run_import("statbel-population", constructed_population(tmp_path), period="2024-01-01", save=False)
    assert set(result.values["period"]) == {"2024-01-01"}
    assert period_from_name("TF_SOC_POP_STRUCT_2015.zip") == "2015"


# -- limits: zip bombs, endless lines, too many members ---------------------------------------------

BOMB_SCRIPT = r"""
import json, resource, sys, zipfile
from pathlib import Path
import pandas as pd
from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.importers import import_file

folder, kind, megabytes = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
header = b"CD_REFNIS|CD_SEX|CD_AGE|MS_POPULATION\n"
chunk = b"1" * (1 << 20)
if kind == "zip":
    path = folder / "TF_SOC_POP_STRUCT_2015.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("TF_SOC_POP_STRUCT_2015.txt", "w", force_zip64=True) as member:
            member.write(header)
            for _ in range(megabytes):
                member.write(chunk)  # one line of `megabytes` MB
    fmt = "statbel-population"
else:
    path = folder / "eigen.csv"
    with open(path, "wb") as handle:
        handle.write(b"gemeente,aantal\n")
        for _ in range(megabytes):
            handle.write(chunk)
    fmt = "wide"
known = pd.DataFrame({"code": ["13003"], "vintage": "2025", "name": ["Balen"], "valid_from": None,
                      "valid_to": None})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    import_file(fmt, path, areas=lambda level: known, level="municipality", period="2015")
    code, line = None, None
except ZorgzaamError as error:
    code, line = error.problem.code, error.problem.line
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "line": line, "grown_mb": (after - before) / 1024,
                  "size": path.stat().st_size}))
"""


def run_bomb(tmp_path, kind, megabytes):
    out = subprocess.run([sys.executable, "-c", BOMB_SCRIPT, str(tmp_path), kind, str(megabytes)],
                         capture_output=True, text=True, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_zip_bomb_one_endless_line_refused_with_low_memory(tmp_path):
    result = run_bomb(tmp_path, "zip", 400)  # 400 MB on one line, compressed to well under 1 MB
    assert result["size"] < 2_000_000
    assert result["code"] == "src_line_too_long" and result["line"] == 2
    assert result["grown_mb"] < 150  # before: the whole line (and more) was held in memory


def test_single_line_csv_refused_with_low_memory(tmp_path):
    result = run_bomb(tmp_path, "csv", 200)
    assert result["code"] == "src_line_too_long"
    assert result["grown_mb"] < 150


def test_uncompressed_size_and_member_limits(tmp_path, monkeypatch, municipalities):
    monkeypatch.setenv("ZORGZAAM_MAX_UNCOMPRESSED_MB", "5")
    path = tmp_path / "TF_SOC_POP_STRUCT_2015.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("TF_SOC_POP_STRUCT_2015.txt", (STATBEL_HEADER + "\n") + ("x" * 100 + "\n") * 60_000)
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", path)
    assert info.value.problem.code == "src_too_big" and "ZORGZAAM_MAX_UNCOMPRESSED_MB" in info.value.render("en")
    # an .xlsx is a zip too: refused on its declared size before openpyxl inflates anything
    xlsx = tmp_path / "tabel.xlsx"
    with zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<x>" + "0" * 6_000_000 + "</x>")
    with pytest.raises(ZorgzaamError) as info:
        run_import("wide", xlsx, level="municipality", period="2024")
    assert info.value.problem.code == "src_too_big"
    # a plain text file above the limit
    big = tmp_path / "groot.csv"
    big.write_bytes(b"gemeente,aantal\n" + b"13003,1\n" * 800_000)
    with pytest.raises(ZorgzaamError) as info:
        run_import("wide", big, level="municipality", period="2024")
    assert info.value.problem.code == "src_too_big"
    monkeypatch.delenv("ZORGZAAM_MAX_UNCOMPRESSED_MB")
    many = tmp_path / "veel.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for index in range(1_001):
            archive.writestr(f"deel_{index}.txt", "a")
    with pytest.raises(ZorgzaamError) as info:
        run_import("wide", many, level="municipality", period="2024")
    assert info.value.problem.code == "src_zip_members" and "1001" in info.value.render("nl").replace(".", "")


def test_line_limit_names_the_long_line(tmp_path, monkeypatch):
    from zorgzaam.sources.readers import open_source, read_text_table

    monkeypatch.setenv("ZORGZAAM_MAX_LINE_KB", "1")
    path = tmp_path / "lang.csv"
    path.write_text("gemeente,aantal\n13003,1\n13035," + "9" * 2000 + "\n11001,3\n", encoding="utf-8")
    with pytest.raises(ZorgzaamError) as info:
        read_text_table(open_source(path))
    assert info.value.problem.code == "src_line_too_long" and info.value.problem.line == 3
    assert "ZORGZAAM_MAX_LINE_KB" in info.value.render("nl")
