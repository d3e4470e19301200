"""Error messages leak no internals (issue 11, item 8): a job's error never shows the server's upload path
(only the file's own name); a file that is not text is refused in words, naming the file, without echoing its
bytes; a formula without a stored result names its sheet and cell; a line that is too long names its line."""

from __future__ import annotations

import os
import zipfile

import openpyxl
import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.readers import read_table
from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.models import Job, Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_data(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.ZORGZAAM_JOB_RUNNER = "inline"


def refused(path) -> ZorgzaamError:
    with pytest.raises(ZorgzaamError) as caught:
        read_table(path, columns=["sector", "waarde"])
    return caught.value


def test_a_job_error_shows_the_file_name_not_the_upload_path(settings):
    workspace = Workspace.objects.create(name="Fouten", slug="fouten")
    folder = jobs.upload_dir() / "abc123"
    folder.mkdir(parents=True)
    path = folder / "bevolking.csv"  # the upload is gone (never written): the reader names the path
    job = Job.objects.create(workspace=workspace, kind="import", runner=jobs.process_id(),
                             params={"format": "long", "path": str(path), "file_name": "bevolking.csv"})
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    for lang in ("nl", "en"):
        shown = jobs.job_state(job, lang)["error"]
        assert "bevolking.csv" in shown
        assert str(settings.DATA_DIR) not in shown and "uploads" not in shown and "abc123" not in shown
        assert str(settings.DATA_DIR) not in str(job.error)  # nor in what is stored


def test_an_older_stored_error_is_shown_without_the_server_folder(settings):
    workspace = Workspace.objects.create(name="Fouten", slug="fouten")
    path = jobs.upload_dir() / "f00" / "buurten.xlsx"
    job = Job.objects.create(workspace=workspace, kind="network", status=Job.Status.FAILED,
                             params={"path": str(path), "file_name": "buurten.xlsx"},
                             error={"nl": f"Kon '{path}' niet lezen; ook {settings.DATA_DIR}/cache/x.db niet.",
                                    "en": f"Could not read {path}."})
    shown = jobs.job_state(job, "nl")["error"]
    assert shown == "Kon 'buurten.xlsx' niet lezen; ook x.db niet."
    assert jobs.job_state(job, "en")["error"] == "Could not read buurten.xlsx."


@pytest.mark.parametrize("kind", ["zip with a binary member", "zip that is no zip", "binary csv"])
def test_a_binary_file_is_not_a_table_said_in_words(tmp_path, kind):
    random = os.urandom(6000)
    if kind == "zip with a binary member":
        path = tmp_path / "foto's.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("foto.csv", random)
        shown_name = "foto's.zip/foto.csv"
    elif kind == "zip that is no zip":
        path, shown_name = tmp_path / "willekeurig.zip", "willekeurig.zip"
        path.write_bytes(b"xx" + random)
    else:
        path, shown_name = tmp_path / "gegevens.csv", "gegevens.csv"
        path.write_bytes(random)
    error = refused(path)
    assert error.problem.code == "src_not_a_table"
    nl, en = error.render("nl"), error.render("en")
    assert f"{shown_name} is geen tabel" in nl and f"{shown_name} is not a table" in en
    assert "Gevonden kolommen" not in nl
    assert all(ch.isprintable() for ch in nl)  # no bytes of the file echoed


def test_text_in_latin_1_and_utf_16_is_still_read(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("sector;waarde\n13003A00-;12\nÉcole;3\n".encode("latin-1"))
    assert len(read_table(latin, columns=["sector", "waarde"]).frame) == 2
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("sector;waarde\n13003A00-;12\n".encode("utf-16"))
    assert len(read_table(utf16, columns=["sector", "waarde"]).frame) == 1


def test_a_formula_without_a_stored_value_names_sheet_and_cell(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Bevolking"
    sheet.append(["sector", "waarde"])
    sheet.append(["13003A00-", 12])
    sheet.append(["13003A01-", "=B2*2"])  # openpyxl stores no result: the value would read as empty
    sheet.append(["13003A02-", "=B2+1"])
    path = tmp_path / "telling.xlsx"
    book.save(path)
    error = refused(path)
    assert error.problem.code == "src_formula_no_value"
    nl, en = error.render("nl"), error.render("en")
    assert "telling.xlsx" in nl and "Blad 'Bevolking', cel B3" in nl and "2 zulke cellen" in nl
    assert "Sheet 'Bevolking', cell B3" in en


def test_a_workbook_without_formulas_reads_as_before(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["sector", "waarde"])
    book.active.append(["13003A00-", 12])
    path = tmp_path / "gewoon.xlsx"
    book.save(path)
    assert read_table(path, columns=["sector", "waarde"]).frame["waarde"].tolist() == [12]


def test_a_line_that_is_too_long_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("ZORGZAAM_MAX_LINE_KB", "1")
    path = tmp_path / "lang.csv"
    path.write_text("sector;waarde\n13003A00-;12\n13003A01-;" + "9" * 5000 + "\n")
    error = refused(path)
    assert error.problem.code == "src_line_too_long"
    assert "lang.csv" in error.render("nl") and "regel 3" in error.render("nl")
    assert "line 3" in error.render("en")
