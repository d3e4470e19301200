"""Importers: each format, each kind of bad input, the transaction, the CLI.

Constructed fixtures (written by the tests below) follow the published layouts and say so."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.paths import data_dir
from zorgzaam.sources.generic import WideOptions
from zorgzaam.sources.importing import run_import
from zorgzaam.sources.models import Dataset

STATBEL_HEADER = ("CD_REFNIS|TX_DESCR_NL|TX_DESCR_FR|CD_DSTR_REFNIS|TX_ADM_DSTR_DESCR_NL|TX_ADM_DSTR_DESCR_FR|"
                  "CD_PROV_REFNIS|TX_PROV_DESCR_NL|TX_PROV_DESCR_FR|CD_RGN_REFNIS|TX_RGN_DESCR_NL|TX_RGN_DESCR_FR|"
                  "CD_SEX|CD_NATLTY|TX_NATLTY_FR|TX_NATLTY_NL|CD_CIV_STS|TX_CIV_STS_FR|TX_CIV_STS_NL|CD_AGE|"
                  "MS_POPULATION")


def statbel_line(code, sex, nat, civ, age, value, name="Balen"):
    return (f"{code}|{name}|{name}|13000|Arrondissement Turnhout|Arrondissement de Turnhout|10000|"
            f"Provincie Antwerpen|Province d'Anvers|2000|Vlaams Gewest|Région flamande|{sex}|{nat}|x|x|{civ}|x|x|"
            f"{age}|{value}")


def write_zip(path: Path, member: str, text: str, encoding="utf-8") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text.encode(encoding))
    return path


def state():
    return Dataset.objects.count(), sorted(p.name for p in (data_dir() / "measures").glob("*.parquet"))


# -- Statbel population (constructed in the published TF_SOC_POP_STRUCT layout) ------------------

# The other municipalities of the ``municipalities`` fixture: a published cube holds every municipality,
# and a file lacking a loaded one is refused as incomplete, so each gets one line at the end.
OTHERS = [statbel_line(code, "F", "BEL", "20", 50, 1, name=name) for code, name in [
    ("13025", "Mol"), ("11001", "Aartselaar"), ("41002", "Aalst"), ("44001", "Aalter"), ("24001", "Aarschot")]]


def constructed_population(tmp_path, extra_lines=(), header=STATBEL_HEADER, year=2024, others=True):
    lines = [header,
             statbel_line("13003", "M", "BEL", "10", 0, 100),
             statbel_line("13003", "F", "BEL", "20", 67, 50),
             statbel_line("13003", "F", "ETR", "30", 104, 2),
             statbel_line("13035", "M", "BEL", "40", 80, 7, name="Ravels"),
             statbel_line("61039", "M", "BEL", "10", 31, 9, name="Marchin"),  # Wallonia: not loaded
             *extra_lines, *(OTHERS if others else [])]
    return write_zip(tmp_path / f"TF_SOC_POP_STRUCT_{year}.zip", f"TF_SOC_POP_STRUCT_{year}.txt",
                     "\ufeff" + "\n".join(lines) + "\n")


def test_statbel_population_measures_and_refusals(municipalities, tmp_path):
    path = constructed_population(tmp_path)
    result, dataset = run_import("statbel-population", path)
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert values[("13003", "population")] == 152
    assert values[("13003", "population_male")] == 100
    assert values[("13003", "population_age_067_067")] == 50
    assert values[("13003", "population_female_age_100_999")] == 2
    assert values[("13003", "population_non_belgian")] == 2
    assert values[("13003", "population_civil_married")] == 50
    assert values[("13035", "population_civil_divorced")] == 7
    assert set(result.values["period"]) == {"2024"}
    # period 2024 lies in the validity of the 2018 vintage (2019..2024)
    assert set(result.values["area_vintage"]) == {"2018"}
    # sparse cube: absent cells of an area in the file are 0, for every measure the reader makes
    assert values[("13035", "population_female")] == 0
    assert values[("13035", "population_age_081_081")] == 0
    assert values[("13003", "population_civil_divorced")] == 0
    report = result.report
    assert report.rows_read == 10 and report.records_kept == 9
    # the Walloon line lies outside the loaded areas: skipped and counted once, not refused
    assert "unknown_area" not in report.refusals and report.records_refused == 0
    assert report.outside_rows == 1 and report.outside_areas == 1
    assert dataset.row_count == len(result.values)
    text = report.render_text("nl")
    assert text.count("buiten de geladen gebieden") == 1 and "61039" in text
    assert "cellen ontbraken in de kubus en werden als 0 geteld" in text


def test_old_header_cd_munty_refnis_and_period_option(municipalities, tmp_path):
    header = STATBEL_HEADER.replace("CD_REFNIS", "CD_MUNTY_REFNIS", 1)
    path = constructed_population(tmp_path, header=header, year=2012)
    with pytest.raises(ZorgzaamError) as info:  # the name says 2012: refused unless forced
        run_import("statbel-population", path, period="2025", save=False)
    assert info.value.problem.code == "src_period_contradicts_name"
    assert "--force-period" in info.value.render("nl")
    result, _ = run_import("statbel-population", path, period="2025", save=False, force_period=True)
    assert set(result.values["period"]) == {"2025"}
    assert set(result.values["area_vintage"]) == {"2025"}
    assert any(w.code == "src_period_forced" for w in result.report.warnings)
    assert "--force-period" in result.report.render_text("nl")


def test_suppressed_values_stay_unknown_and_make_sums_unknown(municipalities, tmp_path):
    path = constructed_population(tmp_path, extra_lines=[statbel_line("13035", "F", "BEL", "10", 5, "x",
                                                                      name="Ravels")])
    result, _ = run_import("statbel-population", path, save=False)
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert np.isnan(values[("13035", "population_female_age_005_005")])
    assert np.isnan(values[("13035", "population")])  # a total with an unknown part is unknown
    assert values[("13035", "population_male")] == 7
    assert values[("13035", "population_female_age_006_006")] == 0  # absent from the cube: 0
    assert np.isnan(values[("13035", "population_female")])  # the hidden value is a woman of unknown count


def test_duplicates_identical_and_conflicting(municipalities, tmp_path):
    extra = [statbel_line("13003", "M", "BEL", "10", 0, 100),  # identical to line 2
             statbel_line("13035", "M", "BEL", "40", 80, 8, name="Ravels")]  # conflicts with line 5
    result, _ = run_import("statbel-population", constructed_population(tmp_path, extra), save=False)
    codes = [w.code for w in result.report.warnings]
    assert "src_duplicates_dropped" in codes
    group = result.report.refusals["conflicting_duplicate"]
    assert group.count == 2
    assert group.examples[0].line == 8 and group.examples[0].params["first_line"] == 5
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert values[("13003", "population")] == 152
    # Ravels' only line is refused: it gets no figures at all (not zeros); the report says why
    assert ("13035", "population") not in values.index
    assert not (result.values["area_code"] == "13035").any()


def test_negative_and_bad_values_refused_with_line_and_field(municipalities, tmp_path):
    extra = [statbel_line("13003", "M", "BEL", "10", 1, -3), statbel_line("13003", "M", "BEL", "10", 2, "abc"),
             statbel_line("13003", "Q", "BEL", "10", 3, 4)]
    result, _ = run_import("statbel-population", constructed_population(tmp_path, extra), save=False)
    refusals = result.report.refusals
    assert refusals["negative_count"].examples[0].line == 7
    assert refusals["not_a_number"].examples[0].line == 8
    assert refusals["not_a_number"].examples[0].column == "MS_POPULATION"
    assert refusals["src_bad_value"].examples[0].column == "sex"
    assert "regel 7" in refusals["negative_count"].examples[0].render("nl")
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert np.isnan(values[("13003", "population")])  # refused lines make their sums unknown
    assert np.isnan(values[("13003", "population_male_age_001_001")])
    assert values[("13003", "population_female_age_067_067")] == 50
    assert values[("13003", "population_female")] == 52  # the refused lines are men (or of unknown sex)


def test_no_areas_loaded_is_one_clear_message(db, tmp_path):
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", constructed_population(tmp_path))
    assert info.value.problem.code == "no_areas_loaded"
    assert "Laad eerst" in info.value.render("nl")


def test_failed_import_leaves_db_and_files_unchanged(municipalities, tmp_path, monkeypatch):
    before = state()
    broken = tmp_path / "TF_SOC_POP_STRUCT_2024.zip"
    data = constructed_population(tmp_path).read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", broken)
    assert info.value.problem.code == "zip_broken"
    assert state() == before
    # a failure while writing the Dataset row removes the Parquet file again
    from zorgzaam.sources import store

    def boom(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(store.Dataset.objects, "create", boom)
    with pytest.raises(RuntimeError):
        run_import("statbel-population", constructed_population(tmp_path))
    assert state() == before


def test_nothing_kept_is_an_error_with_report(municipalities, tmp_path):
    path = write_zip(tmp_path / "TF_SOC_POP_STRUCT_2020.zip", "TF_SOC_POP_STRUCT_2020.txt",
                     STATBEL_HEADER + "\n" + statbel_line("61039", "M", "BEL", "10", 3, 3) + "\n")
    before = state()
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", path)
    assert info.value.problem.code == "src_nothing_kept"
    assert info.value.report.outside_rows == 1
    assert state() == before


@pytest.mark.parametrize("content,code", [
    (b"", "file_empty"),
    (b"PK\x03\x04garbage", "zip_broken"),
    (b"just one column\nand another\n", "missing_columns"),
])
def test_unusable_files(municipalities, tmp_path, content, code):
    path = tmp_path / ("TF_SOC_POP_STRUCT_2020.zip" if content.startswith(b"PK") else "TF_SOC_POP_STRUCT_2020.txt")
    path.write_bytes(content)
    with pytest.raises(ZorgzaamError) as info:
        run_import("statbel-population", path)
    assert info.value.problem.code == code
    assert info.value.problem.file


def test_unknown_format(db, tmp_path):
    with pytest.raises(ZorgzaamError) as info:
        run_import("nonsense", tmp_path / "x.csv")
    assert info.value.problem.code == "unknown_format"


def test_wrong_delimiter_detected_latin1(municipalities, tmp_path):
    lines = [statbel_line("13003", "M", "BEL", "10", 0, 5, name="Liège"),
             statbel_line("13035", "M", "BEL", "10", 0, 1, name="Ravels")] + OTHERS
    text = "\n".join([STATBEL_HEADER] + lines).replace("|", ";") + "\n"
    path = tmp_path / "TF_SOC_POP_STRUCT_2024.txt"
    path.write_bytes(text.encode("latin-1"))
    result, _ = run_import("statbel-population", path, save=False)
    assert result.values.set_index(["area_code", "measure"]).loc[("13003", "population"), "value"] == 5
    assert any(w.code == "src_delimiter_other" for w in result.report.warnings)


def test_short_line_refused(municipalities, tmp_path):
    path = constructed_population(tmp_path, extra_lines=["13003|Balen|Balen|13000"])
    result, _ = run_import("statbel-population", path, save=False)
    assert result.report.refusals["src_short_line"].examples[0].line == 7


# -- Statbel sectors (constructed: OPENDATA_SECTOREN layout, CD_REFNIS|CD_SECTOR|TOTAL|…) ----------

def test_statbel_sectors_total_and_per_sex(sectors, tmp_path):
    # Constructed in the published OPENDATA_SECTOREN_YYYY layout, with per-sex columns added.
    text = ("CD_REFNIS|CD_SECTOR|TOTAL|DT_STRT_SECTOR|DT_STOP_SECTOR|OPPERVLAKKTE IN HM²|TX_DESCR_SECTOR_NL|"
            "TX_DESCR_SECTOR_FR|TX_DESCR_NL|TX_DESCR_FR|MALE|FEMALE\n"
            "13003|13003A00-|1200|01/01/1977|31/12/9999|50|BALEN-CENTRUM|BALEN-CENTRE|Balen|Balen|590|610\n"
            "13003|13003A01-|x|01/01/1977|31/12/9999|50|X|X|Balen|Balen|x|x\n"
            "13003|13003ZZZZ|1|01/01/1977|31/12/9999||NIET|NON|Balen|Balen|1|0\n"
            "13003|13003Q99-|3|01/01/1977|31/12/9999||?|?|Balen|Balen|1|2\n")
    path = write_zip(tmp_path / "OPENDATA_SECTOREN_2024.zip", "OPENDATA_SECTOREN_2024.txt", text)
    result, _ = run_import("statbel-sectors", path)
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert values[("13003A00-", "population")] == 1200
    assert values[("13003A00-", "population_female")] == 610
    assert np.isnan(values[("13003A01-", "population")])
    assert values[("13003ZZZZ", "population")] == 1
    assert set(result.values["area_level"]) == {"sector"}
    assert result.report.refusals["unknown_area"].examples[0].params["code"] == "13003Q99-"


# -- Swing ---------------------------------------------------------------------------------------

def test_swing_upload_real_csv(municipalities, shared_data):
    result, _ = run_import("swing-upload", shared_data / "swing_examples" / "Upload_PinC_level_gemeente.txt",
                           save=False)
    values = result.values
    assert "v2801_vh_totcrim" in set(values["measure"])
    assert set(values["area_level"]) == {"municipality"}
    assert {"13003", "11001"} <= set(values["area_code"])
    raw = pd.read_csv(shared_data / "swing_examples" / "Upload_PinC_level_gemeente.txt")
    expected = raw[(raw.geoitem == 11001) & (raw.period == 2011)]["v2801_vh_totcrim"].iloc[0]
    got = values[(values.area_code == "11001") & (values.period == "2011") & (values.measure == "v2801_vh_totcrim")]
    assert got["value"].iloc[0] == expected
    assert result.report.refusals["unknown_area"].count > 0  # municipalities not in the small fixture


def test_swing_upload_real_xlsx(municipalities, shared_data):
    result, _ = run_import("swing-upload", shared_data / "swing_examples" / "v2707_zorgboerderijen.xlsx",
                           save=False)
    assert set(result.values["measure"]) == {"v2707_lb_lbexploi_zorg_lnt", "v2707_lb_lbexploi_zorg_ander"}
    assert "2016" in set(result.values["period"])


def test_swing_table_export_names_and_percentages(municipalities, shared_data):
    result, _ = run_import("swing-table", shared_data / "swing_examples" / "NAT_groen_buurt_VITO.xlsx", save=False)
    values = result.values
    assert "aalst" not in set(values["area_code"])
    aalst = values[(values.area_code == "41002") & (values.period == "2013")].set_index("measure")["value"]
    assert aalst["totaal_inwoners"] == pytest.approx(81999.13)
    assert "ratio_inwoners_buurtgroen_pct" in aalst.index
    assert any(w.code == "src_rate_column" for w in result.report.warnings)


# -- IMA (constructed export: title lines, NIS + name, indicator×year columns, decimal commas) ------

def test_ima_export(municipalities, tmp_path):
    # Constructed to look like a typical IMA-atlas table export (the real ones are not offline).
    text = ("IMA-Atlas – export;;;;\n"
            ";;;;\n"
            "Gemeente;NIS-code;Personen met verhoogde tegemoetkoming (%) 2021;"
            "Personen met verhoogde tegemoetkoming (aantal) 2021;Personen met verhoogde tegemoetkoming (aantal) 2022\n"
            "Balen;13003;12,4;2.834;2.901\n"
            "Ravels (13035);13035;x;1.250;-\n"
            "Onbestaand;99999;1;2;3\n"
            "Bron: IMA-AIM;;;;\n")
    path = tmp_path / "ima_export.csv"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    result, _ = run_import("ima", path, save=False)
    values = result.values.set_index(["area_code", "period", "measure"])["value"]
    assert values[("13003", "2021", "personen_met_verhoogde_tegemoetkoming_pct")] == pytest.approx(12.4)
    assert values[("13003", "2022", "personen_met_verhoogde_tegemoetkoming_aantal")] == 2901
    assert values[("13035", "2021", "personen_met_verhoogde_tegemoetkoming_aantal")] == 1250
    assert np.isnan(values[("13035", "2022", "personen_met_verhoogde_tegemoetkoming_aantal")])
    assert result.report.refusals["unknown_area"].count == 3


# -- generic -------------------------------------------------------------------------------------

def test_generic_long_with_neighbourhood(db, tmp_path):
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.create(name="Zorgzaam Balen", slug="balen")
    Neighbourhood.objects.create(workspace=workspace, name="Balen-Centrum")
    text = ("gebied;jaar;meetwaarde;waarde\n"
            "Balen-Centrum;2023;ocmw_leefloon;12\n"
            "balen-centrum;2024;ocmw_leefloon;1.234\n"
            "Nergens;2024;ocmw_leefloon;3\n"
            "Balen-Centrum;2024;ocmw_budgetbeheer;nvt\n")
    path = tmp_path / "ocmw.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ZorgzaamError) as info:
        run_import("long", path, level="neighbourhood")
    assert info.value.problem.code == "src_need_workspace"
    result, dataset = run_import("long", path, level="neighbourhood", workspace="balen")
    values = result.values.set_index(["period", "measure"])["value"]
    assert values[("2024", "ocmw_leefloon")] == 1234
    assert np.isnan(values[("2024", "ocmw_budgetbeheer")])
    assert result.report.refusals["src_unknown_neighbourhood"].count == 1
    assert dataset.workspace_id == workspace.id


def test_census_sector_file_as_generic_wide(sectors, shared_data):
    path = shared_data / "belgium_sectors" / "Leeftijdgegevens_per_StatS.csv"
    options = WideOptions(mapping={"x65": "population_age_065_999", "rest": "population_age_000_064"},
                          skip=["prop_65plussers"])
    result, _ = run_import("wide", path, level="sector", period="2021", options=options, save=False)
    values = result.values.set_index(["area_code", "measure"])["value"]
    assert values[("11001A00-", "population_age_065_999")] == 683
    assert set(result.values["measure"]) == {"population_age_065_999", "population_age_000_064"}
    # without --skip the published percentage is kept as a rate, never as a count
    result2, _ = run_import("wide", path, level="sector", period="2021",
                            options=WideOptions(mapping=options.mapping), save=False)
    assert "prop_65plussers_pct" in set(result2.values["measure"])


def test_wide_codes_with_text_and_decimal_commas(municipalities, tmp_path):
    text = "gemeente;periode;aantal partners;aandeel (%)\n13003 Balen;2024;1 234;12,5\nBalen (13003);2023;7;x\n"
    path = tmp_path / "partners.csv"
    path.write_bytes(text.encode("cp1252"))
    result, _ = run_import("wide", path, save=False)
    values = result.values.set_index(["period", "measure"])["value"]
    assert values[("2024", "aantal_partners")] == 1234
    assert values[("2024", "aandeel_pct")] == 12.5
    assert np.isnan(values[("2023", "aandeel_pct")])


# -- real Statbel files ----------------------------------------------------------------------------

@pytest.mark.realdata
def test_real_statbel_2015(shared_data, db):
    from zorgzaam.areas.store import save_areas
    from zorgzaam.sources.readers import open_source, read_text_table

    path = shared_data / "statbel_open" / "TF_SOC_POP_STRUCT_2015.zip"
    table = read_text_table(open_source(path), expected_delimiter="|",
                            columns=["CD_MUNTY_REFNIS", "CD_RGN_REFNIS", "TX_MUNTY_DESCR_NL", "MS_POPULATION"])
    frame = table.frame
    assert pd.to_numeric(frame["MS_POPULATION"]).sum() == 11_209_044
    flemish = frame[frame["CD_RGN_REFNIS"] == "2000"][["CD_MUNTY_REFNIS", "TX_MUNTY_DESCR_NL"]].drop_duplicates()
    save_areas(pd.DataFrame({"level": "municipality", "code": flemish["CD_MUNTY_REFNIS"], "vintage": "2018",
                             "name": flemish["TX_MUNTY_DESCR_NL"]}))
    result, _ = run_import("statbel-population", path)
    values = result.values
    totals = values[values.measure == "population"].set_index("area_code")["value"]
    assert totals.sum() == 6_444_127
    balen = frame[frame["CD_MUNTY_REFNIS"] == "13003"]["MS_POPULATION"].astype(int).sum()
    assert totals["13003"] == balen == 21_969
    assert result.report.outside_rows == len(frame) - result.report.records_kept
    assert not result.report.refusals


@pytest.mark.realdata
def test_real_income_file(shared_data, municipalities):
    result, _ = run_import("statbel-income", shared_data / "statbel_open" / "TF_PSNL_INC_TAX_MUNTY.zip",
                           save=False)
    values = result.values.set_index(["area_code", "period", "measure"])["value"]
    assert values[("11001", "2005", "income_net_taxable_eur")] == pytest.approx(260615502.8)
    assert values[("11001", "2005", "tax_returns_nonzero_income_count")] == 8065
    assert "2013" in result.report.periods


# -- CLI -------------------------------------------------------------------------------------------

def test_cli_import_and_list(municipalities, tmp_path, capsys):
    from zorgzaam.cli import main

    assert main(["import", "--list-formats"]) == 0
    assert "statbel-population" in capsys.readouterr().out
    path = constructed_population(tmp_path)
    assert main(["import", "statbel-population", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["records_kept"] == 9 and data["dataset_id"]
    assert main(["import", "statbel-population", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Importverslag" in out and "Waarden geweigerd" in out
    assert main(["import", "statbel-population", str(tmp_path / "missing.zip")]) == 1


def test_encoding_utf16(municipalities, tmp_path):
    text = "gemeente,jaar,aantal\n13003,2024,5\n"
    path = tmp_path / "utf16.csv"
    path.write_bytes(text.encode("utf-16"))
    result, _ = run_import("wide", path, save=False)
    assert result.values["value"].tolist() == [5.0]


def test_io_helpers():
    from zorgzaam.sources.readers import code_candidates, parse_numbers

    assert "13003" in code_candidates("Balen (13003)") and "13003" in code_candidates("13003 Balen")
    numbers = parse_numbers(pd.Series(["1.234", "12,5", "x", "", "-", "abc", "1 000"]))
    assert numbers.values[0] == 1234 and numbers.values[1] == 12.5 and numbers.values[6] == 1000
    assert numbers.suppressed[2:5].all() and numbers.bad[5]
    assert io  # keep import
