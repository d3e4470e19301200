"""`zorgzaam data download` against fixtures served by a local HTTP server (no internet)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import threading
import zipfile

import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.download import CATALOGUE, download, fetch


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, honouring 'Range: bytes=N-' so resuming can be tested."""

    def log_message(self, *args):
        pass

    def send_head(self):
        range_header = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not range_header or not range_header.startswith("bytes="):
            return super().send_head()
        try:
            data = open(path, "rb").read()
        except OSError:
            self.send_error(404)
            return None
        start = int(range_header[6:].split("-")[0])
        if start >= len(data):
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Length", str(len(data) - start))
        self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        return io.BytesIO(data[start:])


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(RangeHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def make_zip(path, member="TF_SOC_POP_STRUCT_2019.txt"):
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, "CD_REFNIS|MS_POPULATION\n13003|5\n" * 2000)
    return path


def test_download_with_year_and_progress(server, tmp_path):
    root, base = server
    entry = CATALOGUE["statbel-population"]
    served = make_zip(root / entry.resolved_path(2019).replace("%20", " ").replace("%2C", ","))
    seen = []
    results = download(["statbel-population-2019"], tmp_path / "out", base_url=base,
                       progress=lambda name, done, total: seen.append((done, total)))
    assert results[0].path.read_bytes() == served.read_bytes()
    assert results[0].sha256 == hashlib.sha256(served.read_bytes()).hexdigest()
    assert seen and seen[-1][0] == seen[-1][1] == served.stat().st_size
    assert not list((tmp_path / "out").glob("*.part"))


def test_resume_partial_file(server, tmp_path):
    root, base = server
    served = make_zip(root / "x" / "file.zip")
    target = tmp_path / "file.zip"
    (tmp_path / "file.zip.part").write_bytes(served.read_bytes()[:100])
    result = fetch(f"{base}/x/file.zip", target)
    assert result.resumed and target.read_bytes() == served.read_bytes()


def test_clean_failures(server, tmp_path):
    root, base = server
    with pytest.raises(ZorgzaamError) as info:
        fetch(f"{base}/missing.zip", tmp_path / "missing.zip")
    assert info.value.problem.code == "dl_failed"
    (root / "bad.zip").write_bytes(b"not a zip at all")
    with pytest.raises(ZorgzaamError) as info:
        fetch(f"{base}/bad.zip", tmp_path / "bad.zip")
    assert info.value.problem.code == "dl_not_zip"
    assert not (tmp_path / "bad.zip").exists() and not (tmp_path / "bad.zip.part").exists()
    make_zip(root / "good.zip")
    with pytest.raises(ZorgzaamError) as info:
        fetch(f"{base}/good.zip", tmp_path / "good.zip", sha256="0" * 64)
    assert info.value.problem.code == "dl_checksum_mismatch"
    with pytest.raises(ZorgzaamError) as info:
        download(["nope"], tmp_path)
    assert info.value.problem.code == "dl_unknown_name"


def test_cli_list_and_download(server, tmp_path, capsys):
    from zorgzaam.cli import main

    root, base = server
    assert main(["data", "download", "--list"]) == 0
    assert "statbel-sectors" in capsys.readouterr().out
    make_zip(root / "bevolking" / "sectoren" / "OPENDATA_SECTOREN_2024.zip", "OPENDATA_SECTOREN_2024.txt")
    assert main(["data", "download", "statbel-sectors", "--dest", str(tmp_path), "--base-url", base, "--json"]) == 0
    assert (tmp_path / "OPENDATA_SECTOREN_2024.zip").exists()
