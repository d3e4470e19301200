"""Downloading the official open files (plain module, no Django).

The catalogue lists what a user with internet may fetch; each entry has a base (a host) and a path
so a mirror or a test server can stand in with ``base_url``. Downloads stream to ``<file>.part``,
report progress, resume a partial file when the server honours a Range request, check the size the
server announced, an optional sha256, and that a ``.zip`` opens; on any failure the partial file is
removed (unless it can be resumed later) and nothing is left under the final name.

Addresses: the Statbel open-data paths below follow the pattern of Statbel's published download
links; the fiscal-income path could not be verified offline and is marked so. The Provincies in
Cijfers area tables are fetched from their public GitHub repository (default branch).
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from zorgzaam.messages import ZorgzaamError, gettext_noop
from zorgzaam.sources import problems as _problems  # noqa: F401  (message codes)

BASES = {
    "statbel": "https://statbel.fgov.be/sites/default/files/files/opendata",
    "github_pinc": "https://github.com/provinciesincijfers/gebiedsniveaus/raw/HEAD",
}
CHUNK = 1 << 16
TIMEOUT = 60


@dataclass(frozen=True)
class Entry:
    name: str
    base: str
    path: str  # below the base; may hold {year}
    description: str  # Dutch msgid
    default_year: int | None = None
    sha256: str | None = None
    verified: bool = True

    def resolved_path(self, year: int | None = None) -> str:
        return self.path.format(year=year or self.default_year)

    def url(self, base_url: str | None = None, year: int | None = None) -> str:
        base = (base_url or BASES[self.base]).rstrip("/")
        return f"{base}/{self.resolved_path(year)}"

    @property
    def file_name(self) -> str:
        return self.resolved_path().rsplit("/", 1)[-1].replace("%20", " ")


CATALOGUE: dict[str, Entry] = {e.name: e for e in [
    Entry("statbel-population", "statbel",
          "bevolking%20naar%20woonplaats%2C%20nationaliteit%20burgelijke%20staat%20%2C%20leeftijd%20en%20geslacht/"
          "TF_SOC_POP_STRUCT_{year}.zip",
          gettext_noop("Statbel bevolking per gemeente × geslacht × leeftijd × nationaliteit × burgerlijke staat"), 2024),
    Entry("statbel-sectors", "statbel", "bevolking/sectoren/OPENDATA_SECTOREN_{year}.zip",
          gettext_noop("Statbel bevolking per statistische sector"), 2024),
    Entry("statbel-sector-boundaries", "statbel",
          "Statistische%20sectoren/sh_statbel_statistical_sectors_31370_{year}0101.geojson.zip",
          gettext_noop("Statbel grenzen van de statistische sectoren (GeoJSON, Lambert 72)"), 2025),
    Entry("statbel-income", "statbel", "fisc/TF_PSNL_INC_TAX_MUNTY.zip",
          gettext_noop("Statbel fiscale inkomens per gemeente (adres niet offline nagekeken: gebruik zo nodig --base-url)"),
          verified=False),
    Entry("pinc-sectors", "github_pinc", "verzamelbestanden/statsec_als_basis.xlsx",
          gettext_noop("Provincies in Cijfers: elke sector (2025) met wijk, gemeente, eerstelijnszone, provincie …")),
    Entry("pinc-sectors-2024", "github_pinc", "verzamelbestanden/statsec2024_als_basis.xlsx",
          gettext_noop("Provincies in Cijfers: elke sector (2024) met alle gebiedsniveaus")),
]}


@dataclass
class DownloadResult:
    name: str
    url: str
    path: Path
    size: int
    sha256: str
    resumed: bool = False

    def as_dict(self) -> dict:
        return {"name": self.name, "url": self.url, "path": str(self.path), "size": self.size,
                "sha256": self.sha256, "resumed": self.resumed}


def resolve(name: str) -> tuple[Entry, int | None]:
    """'statbel-population' or 'statbel-population-2019' → (entry, year)."""
    if name in CATALOGUE:
        return CATALOGUE[name], None
    match = re.match(r"^(.*)-((?:19|20)\d{2})$", name)
    if match and match.group(1) in CATALOGUE and "{year}" in CATALOGUE[match.group(1)].path:
        return CATALOGUE[match.group(1)], int(match.group(2))
    raise ZorgzaamError("dl_unknown_name", name=name, known=", ".join(CATALOGUE))


def download(names: list[str], dest: str | Path, *, base_url: str | None = None,
             progress: Callable[[str, int, int | None], None] | None = None,
             session: requests.Session | None = None) -> list[DownloadResult]:
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    session = session or requests.Session()
    results = []
    for name in names:
        entry, year = resolve(name)
        url = entry.url(base_url, year)
        file_name = entry.resolved_path(year).rsplit("/", 1)[-1].replace("%20", " ")
        results.append(fetch(url, dest / file_name, name=name, sha256=entry.sha256 if not year else None,
                             progress=progress, session=session))
    return results


def fetch(url: str, target: Path, *, name: str = "", sha256: str | None = None,
          progress: Callable[[str, int, int | None], None] | None = None,
          session: requests.Session | None = None) -> DownloadResult:
    """Stream ``url`` to ``target`` (via ``target.part``), resuming a partial file when possible."""
    session = session or requests.Session()
    part = target.with_name(target.name + ".part")
    start = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={start}-"} if start else {}
    resumed = False
    try:
        with session.get(url, stream=True, timeout=TIMEOUT, headers=headers) as response:
            if response.status_code == 416 and start:  # the partial file is already complete
                total = start
                response.close()
            else:
                if response.status_code >= 400:
                    raise ZorgzaamError("dl_failed", url=url, detail=f"HTTP {response.status_code}")
                resumed = response.status_code == 206 and start > 0
                mode = "ab" if resumed else "wb"
                length = response.headers.get("Content-Length")
                total = (int(length) + (start if resumed else 0)) if length and length.isdigit() else None
                done = start if resumed else 0
                with open(part, mode) as handle:
                    for chunk in response.iter_content(CHUNK):
                        handle.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(name or target.name, done, total)
                if total is not None and done != total:
                    raise ZorgzaamError("dl_size_mismatch", url=url, got=done, expected=total)
    except requests.RequestException as error:
        # keep the .part file: the next run resumes it
        raise ZorgzaamError("dl_failed", url=url, detail=str(error)[:200]) from error
    except ZorgzaamError:
        part.unlink(missing_ok=True)
        raise
    digest = _sha256(part)
    if sha256 and digest != sha256:
        part.unlink(missing_ok=True)
        raise ZorgzaamError("dl_checksum_mismatch", name=target.name, expected=sha256, got=digest)
    if target.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(part) as archive:
                if archive.testzip() is not None:
                    raise zipfile.BadZipFile("damaged member")
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            part.unlink(missing_ok=True)
            raise ZorgzaamError("dl_not_zip", name=target.name) from error
    os.replace(part, target)
    return DownloadResult(name or target.name, url, target, target.stat().st_size, digest, resumed)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
