"""Excel through one reader (issue 12, item 6): :func:`zorgzaam.workbooks.read_workbook` (python-calamine) reads
the old binary ``.xls`` as well as ``.xlsx``, so every import that takes a workbook takes an ``.xls``: source
tables, the sector hierarchy, a facility list and a social map, survey responses.

No real ``.xls`` is in ../shared/data, so the real ``.xlsx`` files there (and constructed tables where a
layout has no real file offline) are saved as Excel 97–2003 by LibreOffice — a real .xls writer, as a
municipality's office suite would — and each import of the .xls must give what the .xlsx gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from zorgzaam.workbooks import OLE_SIGNATURE, read_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: it writes the .xls files these tests import "
                            "(apt-get install libreoffice-calc-nogui)")
pytestmark = needs_libreoffice


def to_xls(*workbooks: Path) -> dict[str, Path]:
    """Each .xlsx saved as .xls by LibreOffice, in one run (a few seconds): {stem: path of the .xls}."""
    out = Path(tempfile.mkdtemp(prefix="zorgzaam-xls-"))
    profile = Path(tempfile.mkdtemp(prefix="zorgzaam-lo-profile-"))  # its own profile: no clash with another run
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xls",
                    "--outdir", str(out), *map(str, workbooks)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(profile)})
    made = {p.stem: p for p in out.glob("*.xls")}
    assert set(made) == {Path(w).stem for w in workbooks}, made
    for path in made.values():
        assert path.read_bytes()[:8] == OLE_SIGNATURE  # really the old binary format
    return made


# Constructed tables (their layouts have no real workbook offline): a team's own facility list, a social
# map export and a LimeSurvey response export, as the existing CSV/XLSX tests build them.
FACILITY_LIST = pd.DataFrame({"naam": ["Dienstencentrum Dé Kring", "Praktijk Noord", "Apotheek Zuid"],
                              "categorie": ["lokaal dienstencentrum", "huisarts", "apotheek"],
                              "adres": ["Kerkstraat 1", "Nergensstraat 99", "Markt 2"],
                              "lon": [5.0, None, 5.01], "lat": [51.2, None, 51.21]})
SOCIAL_MAP = pd.DataFrame([["OCMW Balen", "Dienstencentrum De Zonnebloem", "Lokaal dienstencentrum", "Markt", "1",
                            "2490", "Balen", "014 00 00 00", "ldc@example.be", "https://example.be", "ma-vr 9-17",
                            "senioren", "51.1685", "5.1702"]],
                          columns=["Organisatie", "Naam aanbod", "Soort aanbod", "Straat", "Nummer", "Postcode",
                                   "Gemeente", "Telefoon", "E-mail", "Website", "Openingsuren", "Doelgroep", "Lat",
                                   "Lon"])
LIMESURVEY = pd.DataFrame([["11", "2025-03-01 10:00", "4", "nl", "5", "Y", "", "x"],
                           ["12", "", "2", "nl", "3", "", "Y", ""]],
                          columns=["id", "submitdate", "lastpage", "startlanguage", "satisfaction_neighbourhood",
                                   "services_used[SQ001]", "services_used[SQ005]", "Q99"])


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (the .xlsx, the same workbook as .xls). Real files from ../shared/data when it is there."""
    from zorgzaam.paths import shared_data_dir

    folder = tmp_path_factory.mktemp("xlsx")
    sources = {}
    for name, frame in (("lijst", FACILITY_LIST), ("sociale_kaart", SOCIAL_MAP), ("limesurvey", LIMESURVEY)):
        sources[name] = folder / f"{name}.xlsx"
        frame.to_excel(sources[name], index=False)
    shared = shared_data_dir()
    if shared is not None:
        sources["v2707_zorgboerderijen"] = shared / "swing_examples" / "v2707_zorgboerderijen.xlsx"
        sources["NAT_groen_buurt_VITO"] = shared / "swing_examples" / "NAT_groen_buurt_VITO.xlsx"
        hierarchy = pd.read_csv(shared / "balen_ravels" / "statsec2025_hierarchy.csv", dtype=str)
        sources["statsec2025_hierarchy"] = folder / "statsec2025_hierarchy.xlsx"
        hierarchy.to_excel(sources["statsec2025_hierarchy"], index=False)
    made = to_xls(*sources.values())
    return {name: (path, made[path.stem]) for name, path in sources.items()}


def test_one_reader_for_both_formats_and_by_content_not_name(workbooks, tmp_path):
    xlsx, xls = workbooks["lijst"]
    expected = read_workbook(xlsx)
    pd.testing.assert_frame_equal(read_workbook(xls), expected)
    assert read_workbook(xls)["naam"].iloc[0] == "Dienstencentrum Dé Kring"  # accents survive the old format
    renamed = tmp_path / "eigenlijk_oud.xlsx"  # an .xls saved under the new name, as exports often are
    renamed.write_bytes(xls.read_bytes())
    pd.testing.assert_frame_equal(read_workbook(renamed), expected)
    pd.testing.assert_frame_equal(read_workbook(xls.read_bytes(), dtype=str), read_workbook(xlsx, dtype=str))


@pytest.mark.realdata
@pytest.mark.django_db
def test_real_swing_upload_as_xls_imports_like_the_xlsx(workbooks, municipalities):
    from zorgzaam.sources.importing import run_import

    if "v2707_zorgboerderijen" not in workbooks:
        pytest.skip("../shared/data is not beside the repository")
    xlsx, xls = workbooks["v2707_zorgboerderijen"]
    expected, _ = run_import("swing-upload", xlsx, save=False)
    result, _ = run_import("swing-upload", xls, save=False)
    assert set(result.values["measure"]) == {"v2707_lb_lbexploi_zorg_lnt", "v2707_lb_lbexploi_zorg_ander"}
    assert len(result.values) == len(expected.values) > 0
    pd.testing.assert_frame_equal(result.values.reset_index(drop=True), expected.values.reset_index(drop=True))


@pytest.mark.realdata
@pytest.mark.django_db
def test_real_swing_table_as_xls_keeps_its_decimals(workbooks, municipalities):
    from zorgzaam.sources.importing import run_import

    if "NAT_groen_buurt_VITO" not in workbooks:
        pytest.skip("../shared/data is not beside the repository")
    xlsx, xls = workbooks["NAT_groen_buurt_VITO"]
    expected, _ = run_import("swing-table", xlsx, save=False)
    result, _ = run_import("swing-table", xls, save=False)
    values = result.values
    aalst = values[(values.area_code == "41002") & (values.period == "2013")].set_index("measure")["value"]
    assert aalst["totaal_inwoners"] == pytest.approx(81999.13)
    pd.testing.assert_frame_equal(values.reset_index(drop=True), expected.values.reset_index(drop=True))


@pytest.mark.realdata
def test_real_sector_hierarchy_as_xls(workbooks):
    from zorgzaam.areas import flanders

    if "statsec2025_hierarchy" not in workbooks:
        pytest.skip("../shared/data is not beside the repository")
    xlsx, xls = workbooks["statsec2025_hierarchy"]
    frame = flanders.read_table(xls)
    pd.testing.assert_frame_equal(frame, flanders.read_table(xlsx))
    assert len(frame) > 300  # Balen, Ravels and their neighbours


def test_facility_list_and_social_map_from_xls(workbooks):
    from zorgzaam.environment.facilities import import_list, import_social_map

    xlsx, xls = workbooks["lijst"]
    expected = import_list(xlsx, geocode=lambda address: None)
    result = import_list(xls, geocode=lambda address: None)
    assert result.facilities["name"].tolist() == ["Dienstencentrum Dé Kring", "Apotheek Zuid"]
    assert result.facilities["category"].tolist() == ["ldc", "pharmacy"]
    same = [c for c in expected.facilities.columns if c not in ("source", "source_ref")]  # they name the file
    pd.testing.assert_frame_equal(result.facilities[same], expected.facilities[same])
    assert result.facilities["source"].str.endswith("(lijst.xls)").all()
    assert result.facilities["source_ref"].tolist() == ["lijst.xls:2", "lijst.xls:4"]  # the rows of the sheet
    assert [(p.code, p.line) for p in result.problems] == [("facility_no_place", 3)]

    xlsx, xls = workbooks["sociale_kaart"]
    social = import_social_map(xls).facilities
    assert social["category"].tolist() == ["ldc"]
    expected = import_social_map(xlsx).facilities
    same = [c for c in expected.columns if c not in ("source", "source_ref")]
    pd.testing.assert_frame_equal(social[same], expected[same])


@pytest.mark.django_db
def test_survey_responses_from_xls(workbooks):
    from zorgzaam.voices import services
    from zorgzaam.voices.bank import build_questionnaire
    from zorgzaam.voices.models import Respondent
    from zorgzaam.voices.responses_import import plan_import, read_table
    from zorgzaam.workspaces.models import Workspace

    spec = build_questionnaire(["satisfaction_neighbourhood", "talk_neighbours", "services_used", "age_band",
                                "needs_open"], title_nl="T")
    xlsx, xls = workbooks["limesurvey"]
    pd.testing.assert_frame_equal(read_table(xls), read_table(xlsx))
    plan = plan_import(read_table(xls), spec, "limesurvey", file=xls.name)
    assert plan.report()["unmatched_columns"] == ["Q99"]
    first, second = plan.rows
    assert first.answers["services_used"] == ["gp"] and first.complete
    assert second.answers["services_used"] == ["ldc"] and not second.complete

    workspace = Workspace.objects.create(name="Xls", slug="xls")
    questionnaire = services.create_questionnaire(workspace, spec, source="test")
    survey = services.create_survey(workspace, questionnaire, "Bevraging xls")
    report = services.import_responses(survey, xls, "limesurvey")
    assert report["stored"] == 2 and Respondent.objects.filter(survey=survey).count() == 2


@pytest.mark.django_db
def test_an_xls_uploaded_on_the_data_screen_imports(client, tmp_path, django_capture_on_commit_callbacks):
    """The whole way a team member takes: the import screen, the background job, the dataset."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from zorgzaam.sources.models import Dataset
    from zorgzaam.sources.store import load_values
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
    from zorgzaam.workspaces.models import Job, Membership, Role, Workspace

    install_demo(extensions=False)
    workspace = Workspace.objects.get(slug=WORKSPACE_SLUG)
    user = get_user_model().objects.create_user("xls-beleid", "xls@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=workspace, role=Role.POLICY)
    client.force_login(user)
    table = pd.DataFrame({"gebied": ["99001A00-", "99001A01-", "99001A02-", "99999Z99-"],
                          "periode": [2024, 2024, 2024, 2024], "meetwaarde": ["ocmw_clients"] * 4,
                          "waarde": [12.5, "x", 7, 3]})  # 'x' is suppressed; 99999Z99- is no sector
    table.to_excel(tmp_path / "ocmw.xlsx", index=False)
    xls = to_xls(tmp_path / "ocmw.xlsx")["ocmw"]
    with override_settings(ZORGZAAM_JOB_RUNNER="inline"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/w/{workspace.slug}/gegevens/importeren/", {
            "file": SimpleUploadedFile("ocmw.xls", xls.read_bytes(), content_type="application/vnd.ms-excel"),
            "format": "long", "level": "sector", "period": "", "name": "OCMW-klanten uit xls"})
    job = Job.objects.get(workspace=workspace, params__file_name="ocmw.xls")
    assert response.status_code == 302 and job.status == Job.Status.DONE, job.error
    dataset = Dataset.objects.get(name="OCMW-klanten uit xls")
    values = load_values(Dataset.objects.filter(pk=dataset.pk)).set_index("area_code")["value"]
    assert values["99001A00-"] == 12.5 and values["99001A02-"] == 7
    assert "99999Z99-" not in values.index and ("99001A01-" not in values.index or pd.isna(values["99001A01-"]))
