"""Facilities (voorzieningen) as plain frames, their importers and duplicate detection. No Django.

A facility frame has the columns of :data:`FACILITY_COLUMNS`; coordinates are EPSG:31370 metres.
Every importer returns a :class:`FacilityImport`: the frame of placed facilities plus the problems of the
rows it could not use (file, line, field and reason), so nothing is dropped silently.

Importers (``FORMATS``):

* ``osm`` — an OpenStreetMap extract (``.osm.pbf``/``.osm``), classified with the category taxonomy;
* ``afmps`` — the pharmacy register of the federal medicines agency (FAGG/AFMPS), GeoJSON;
* ``hospitals`` — hospital campuses with an emergency department (GeoPackage of campuses, or the
  geocoded hospital list CSV, rows with ``eerste_opvang_van_spoedgevallen`` or
  ``gespecialiseerde_spoedgevallenzorg`` ticked);
* ``list`` — a team's own list (CSV, XLSX or GeoJSON) with name, category and either coordinates
  (``x``/``y`` in Lambert 72 or ``lon``/``lat``) or an address that a gazetteer can place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer
from scipy.spatial import cKDTree

from zorgzaam.environment.taxonomy import load_categories, resolve_category
from zorgzaam.messages import Problem, ZorgzaamError, gettext_noop, register

register({
    "facility_no_place": gettext_noop(
        "Rij zonder ligging: geen coördinaten en het adres '{address}' kon niet geplaatst worden."),
    "facility_bad_coordinates": gettext_noop("Ongeldige coördinaten: {value}."),
    "facility_unknown_category": gettext_noop("Onbekende categorie '{value}'. Gekende categorieën: {known}."),
    "facility_no_name": gettext_noop("Rij zonder naam."),
    "facility_inactive": gettext_noop("Niet actief in het register (status {status}); niet overgenomen."),
    "facility_outside_area": gettext_noop(
        "{count} voorziening(en) liggen buiten het gebied (meer dan {margin} m): {names}."),
    "social_map_unknown_offer": gettext_noop(
        "Soort aanbod '{value}' hoort bij geen enkele categorie (zie social_map.toml); niet overgenomen."),
    "facility_file_unreadable": gettext_noop("Het bestand kon niet gelezen worden: {detail}"),
})

FACILITY_COLUMNS = ["name", "category", "x", "y", "address", "opening_hours", "target_group", "contact",
                    "source", "source_date", "source_ref"]
FORMATS = ("osm", "afmps", "hospitals", "list", "social_map")
SOCIAL_MAP_FILE = Path(__file__).with_name("data") / "social_map.toml"

_TO_LAMBERT = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)

# Column names a team's own list may use (Dutch or English), lower case without accents.
LIST_ALIASES = {
    "name": ["name", "naam", "voorziening", "organisatie"],
    "category": ["category", "categorie", "soort", "type"],
    "address": ["address", "adres", "straat en nummer"],
    "x": ["x", "x_lambert", "x_31370"],
    "y": ["y", "y_lambert", "y_31370"],
    "lon": ["lon", "lng", "longitude", "lengtegraad"],
    "lat": ["lat", "latitude", "breedtegraad"],
    "opening_hours": ["opening_hours", "openingsuren", "openingsuren / opening hours", "uren"],
    "target_group": ["target_group", "doelgroep"],
    "contact": ["contact", "telefoon", "phone", "email", "e-mail", "website"],
}


@dataclass
class FacilityImport:
    facilities: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    source: str = ""

    def record(self) -> dict:
        """The import as it is stored: counts, the facilities per category (named when read) and the
        problems as records (code and parameters, in no language); ``sources.report.worded`` words it."""
        counts = self.facilities["category"].value_counts().to_dict() if len(self.facilities) else {}
        return {"source": self.source, "rows_read": self.rows_read, "placed": len(self.facilities),
                "refused": len(self.problems),
                "per_category": [{"category": k, "name": {"facility_category": k}, "count": int(counts[k])}
                                 for k in sorted(counts)],
                "problems": [p.as_record() for p in self.problems]}


def facility_frame(rows: pd.DataFrame | list[dict] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows if rows is not None else [])
    for column in FACILITY_COLUMNS:
        if column not in frame:
            frame[column] = np.nan if column in ("x", "y") else ""
    frame = frame[FACILITY_COLUMNS].copy()
    for column in FACILITY_COLUMNS:
        if column not in ("x", "y"):
            frame[column] = frame[column].fillna("").astype(str)
    frame["x"] = frame["x"].astype(float)
    frame["y"] = frame["y"].astype(float)
    return frame.reset_index(drop=True)


def normalise_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(apotheek|pharmacie|bvba|bv|nv|cv|vzw|de|het|the)\b", " ", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def name_similarity(a: str, b: str) -> float:
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0.0
    if na in nb or nb in na:
        return 1.0
    return SequenceMatcher(None, na, nb).ratio()


# ----------------------------------------------------------------------------------------------- importers

def import_osm(path: str | Path, extract=None) -> FacilityImport:
    from zorgzaam.environment.osm import read_osm

    extract = extract or read_osm(path)
    found = extract.facilities
    frame = facility_frame(pd.DataFrame({
        "name": found["name"], "category": found["category"], "x": found["x"], "y": found["y"],
        "address": found["address"], "opening_hours": found["opening_hours"], "contact": found["contact"],
        "source": "OpenStreetMap", "source_date": "",
        "source_ref": found["osm_type"] + "/" + found["osm_id"].astype(str)}))
    return FacilityImport(frame, [], rows_read=len(found), source=f"OpenStreetMap ({Path(path).name})")


def import_afmps(path: str | Path) -> FacilityImport:
    """The FAGG/AFMPS pharmacy register as GeoJSON (fields authorization_id, name, address, zip,
    municipality, status; WGS84 points). Rows that are not ACTIVE are reported, not imported."""
    raw = _read_vector(path)
    rows, problems = [], []
    for line, item in enumerate(raw.itertuples(index=False), start=1):
        status = str(getattr(item, "status", "ACTIVE") or "ACTIVE").upper()
        if status != "ACTIVE":
            problems.append(Problem("facility_inactive", {"status": status}, file=Path(path).name, line=line,
                                    column="status"))
            continue
        geometry = item.geometry
        if geometry is None or geometry.is_empty:
            problems.append(Problem("facility_no_place", {"address": getattr(item, "address", "")},
                                    file=Path(path).name, line=line))
            continue
        address = f"{getattr(item, 'address', '')}, {getattr(item, 'zip', '')} {getattr(item, 'municipality', '')}"
        rows.append({"name": item.name, "category": "pharmacy", "x": geometry.x, "y": geometry.y,
                     "address": address.strip(", "), "source": "FAGG/AFMPS apothekenregister",
                     "source_date": "2022", "source_ref": str(getattr(item, "authorization_id", ""))})
    return FacilityImport(facility_frame(rows), problems, rows_read=len(raw),
                          source=f"FAGG/AFMPS ({Path(path).name})")


def import_hospitals(path: str | Path) -> FacilityImport:
    """Hospital campuses with an emergency department: the campus GeoPackage/GeoJSON (every campus in it
    has one) or the geocoded CSV (rows with either emergency function ticked)."""
    path = Path(path)
    rows, problems = [], []
    if path.suffix.lower() == ".csv":
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in ("ziekenhuis", "lat", "long"):
            if column not in raw:
                raise ZorgzaamError("missing_columns", columns=column, found=", ".join(raw.columns[:8]),
                                    file=path.name)
        # an emergency department is either function: first reception or specialised emergency care
        ticked = pd.Series(False, index=raw.index)
        for column in ("eerste_opvang_van_spoedgevallen", "gespecialiseerde_spoedgevallenzorg"):
            if column in raw:
                ticked |= raw[column].str.strip().str.upper().str.startswith("X")
        for line, item in enumerate(raw.itertuples(index=False), start=2):
            if not ticked.iloc[line - 2]:
                continue
            try:
                lon, lat = float(item.long), float(item.lat)
            except ValueError:
                problems.append(Problem("facility_bad_coordinates", {"value": f"{item.long} {item.lat}"},
                                        file=path.name, line=line, column="lat"))
                continue
            x, y = _TO_LAMBERT.transform(lon, lat)
            name = item.ziekenhuis + (f" ({item.campus})" if item.campus not in ("", "NA") else "")
            rows.append({"name": name, "category": "hospital_emergency", "x": x, "y": y,
                         "address": item.volledig_adres, "contact": item.telefoon,
                         "source": "Ziekenhuizen met spoedgevallen (geocodeerd)", "source_date": "2024-12",
                         "source_ref": f"{item.erk}/{item.vestigingsnr}"})
        read = len(raw)
    else:
        raw = _read_vector(path)
        for item in raw.itertuples(index=False):
            geometry = item.geometry
            rows.append({"name": getattr(item, "ziekenhuis_naam", "") or getattr(item, "name", ""),
                         "category": "hospital_emergency", "x": geometry.x, "y": geometry.y,
                         "address": getattr(item, "volledig_adres", ""),
                         "source": "Ziekenhuiscampussen met spoedgevallen", "source_date": "2024-12",
                         "source_ref": getattr(item, "ziekenhuis", "")})
        read = len(raw)
    return FacilityImport(facility_frame(rows), problems, rows_read=read, source=f"hospitals ({path.name})")


def _read_vector(path: str | Path):
    import geopandas as gpd

    path = Path(path)
    if not path.exists():
        raise ZorgzaamError("file_not_found", path=str(path))
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types
        raise ZorgzaamError("facility_file_unreadable", detail=str(error), file=path.name) from error
    if frame.crs is not None and frame.crs.to_epsg() != 31370:
        frame = frame.to_crs("EPSG:31370")
    return frame


def _canonical(column: str) -> str:
    plain = unicodedata.normalize("NFKD", str(column)).encode("ascii", "ignore").decode().strip().lower()
    for key, names in LIST_ALIASES.items():
        if plain in names:
            return key
    return plain


def import_list(path: str | Path, geocode: Callable[[str], tuple[float, float] | None] | None = None,
                default_category: str | None = None) -> FacilityImport:
    """A team's own list (CSV with ``,`` or ``;``, XLSX, or GeoJSON). Each row needs a name, a category
    (id, Dutch or English name) and a location: x/y (Lambert 72), lon/lat (WGS84), a point geometry, or an
    address that ``geocode`` can place. Rows that cannot be used are reported with their line."""
    path = Path(path)
    if not path.exists():
        raise ZorgzaamError("file_not_found", path=str(path))
    suffix = path.suffix.lower()
    geometry = None
    first_line = 2
    if suffix in (".geojson", ".json", ".gpkg"):
        vector = _read_vector(path)
        geometry = vector.geometry
        raw = pd.DataFrame(vector.drop(columns="geometry")).astype(str)
        first_line = 1
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        from zorgzaam.workbooks import read_workbook

        raw = read_workbook(path, dtype=str).fillna("")
    else:
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python",
                              encoding="utf-8-sig")
        except UnicodeDecodeError:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="latin-1")
    raw.columns = [_canonical(c) for c in raw.columns]
    if "name" not in raw:
        raise ZorgzaamError("missing_columns", columns="name/naam", found=", ".join(raw.columns), file=path.name)
    known = ", ".join(load_categories())
    rows, problems = [], []
    for position, (_, item) in enumerate(raw.iterrows()):
        line = position + first_line

        def value(key: str, _item=item) -> str:
            text = _item.get(key, "")
            return "" if text is None or str(text).lower() in ("nan", "none") else str(text).strip()

        name = value("name")
        if not name:
            problems.append(Problem("facility_no_name", {}, file=path.name, line=line, column="name"))
            continue
        category = resolve_category(value("category")) or (default_category if not value("category") else None)
        if not category:
            problems.append(Problem("facility_unknown_category", {"value": value("category"), "known": known},
                                    file=path.name, line=line, column="category"))
            continue
        x = y = None
        try:
            if value("x") and value("y"):
                x, y = float(value("x").replace(",", ".")), float(value("y").replace(",", "."))
            elif value("lon") and value("lat"):
                lon, lat = float(value("lon").replace(",", ".")), float(value("lat").replace(",", "."))
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise ValueError
                x, y = _TO_LAMBERT.transform(lon, lat)
            elif geometry is not None and geometry.iloc[position] is not None and not geometry.iloc[position].is_empty:
                point = geometry.iloc[position].representative_point()
                x, y = point.x, point.y
        except ValueError:
            problems.append(Problem("facility_bad_coordinates",
                                    {"value": " ".join(v for v in (value("x"), value("y"), value("lon"), value("lat")) if v)},
                                    file=path.name, line=line, column="x/y"))
            continue
        if x is None and value("address") and geocode is not None:
            placed = geocode(value("address"))
            if placed is not None:
                x, y = placed
        if x is None or not (np.isfinite(x) and np.isfinite(y)):
            problems.append(Problem("facility_no_place", {"address": value("address")}, file=path.name,
                                    line=line, column="address"))
            continue
        rows.append({"name": name, "category": category, "x": x, "y": y, "address": value("address"),
                     "opening_hours": value("opening_hours"), "target_group": value("target_group"),
                     "contact": value("contact"), "source": f"eigen lijst / own list ({path.name})",
                     "source_date": "", "source_ref": f"{path.name}:{line}"})
    return FacilityImport(facility_frame(rows), problems, rows_read=len(raw), source=f"own list ({path.name})")


def address_gazetteer(addresses: pd.DataFrame) -> Callable[[str], tuple[float, float] | None]:
    """A geocoder over known addresses (columns address, x, y), e.g. OSM address points or facilities
    already placed. Matches on the normalised street + house number; no internet needed."""
    lookup: dict[str, tuple[float, float]] = {}
    for item in addresses.itertuples(index=False):
        key = _address_key(item.address)
        if key and np.isfinite(item.x):
            lookup.setdefault(key, (float(item.x), float(item.y)))

    def geocode(address: str) -> tuple[float, float] | None:
        return lookup.get(_address_key(address))

    return geocode


def _address_key(address: str) -> str:
    first = str(address or "").split(",")[0]
    return normalise_name(first)


# ----------------------------------------------------------------------------------------------- checks

def find_duplicates(frame: pd.DataFrame, distance: float = 75.0, min_similarity: float = 0.6) -> pd.DataFrame:
    """Pairs of facilities of the same category within ``distance`` metres with similar names (or both
    unnamed and within a fifth of that distance), from *different* sources: candidates to merge.

    Returns columns first, second (row positions), category, distance_m, similarity, and both names and
    sources."""
    columns = ["first", "second", "category", "distance_m", "similarity", "first_name", "second_name",
               "first_source", "second_source"]
    frame = frame.reset_index(drop=True)
    placed = frame[np.isfinite(frame["x"]) & np.isfinite(frame["y"])]
    if len(placed) < 2:
        return pd.DataFrame(columns=columns)
    tree = cKDTree(placed[["x", "y"]].to_numpy())
    pairs = tree.query_pairs(distance, output_type="ndarray")
    rows = []
    index = placed.index.to_numpy()
    for a, b in pairs:
        i, j = index[a], index[b]
        first, second = frame.loc[i], frame.loc[j]
        if first.category != second.category or first.source == second.source:
            continue
        gap = float(np.hypot(first.x - second.x, first.y - second.y))
        similarity = name_similarity(first["name"], second["name"])
        unnamed = not normalise_name(first["name"]) or not normalise_name(second["name"])
        if similarity >= min_similarity or (unnamed and gap <= distance / 5):
            rows.append([int(min(i, j)), int(max(i, j)), first.category, round(gap, 1), round(similarity, 2),
                         frame.loc[min(i, j), "name"], frame.loc[max(i, j), "name"],
                         frame.loc[min(i, j), "source"], frame.loc[max(i, j), "source"]])
    return pd.DataFrame(rows, columns=columns).sort_values(["first", "second"]).reset_index(drop=True)


def outside_area(frame: pd.DataFrame, area, margin: float = 0.0) -> np.ndarray:
    """Boolean mask of facilities farther than ``margin`` metres from ``area`` (a shapely geometry)."""
    import shapely

    if len(frame) == 0:
        return np.zeros(0, dtype=bool)
    points = shapely.points(frame["x"].to_numpy(), frame["y"].to_numpy())
    region = area.buffer(margin) if margin else area
    return ~shapely.contains(region, points) & ~shapely.touches(region, points)


# ----------------------------------------------------------------------------------------------- social map

# Columns of a social-map export (Dutch or English), lower case without accents. No published export
# schema was found; these are the columns such exports and team lists commonly carry.
SOCIAL_MAP_ALIASES = {
    "name": ["naam", "name", "naam aanbod", "aanbod naam", "titel", "title"],
    "organisation": ["organisatie", "organisation", "organization", "naam organisatie", "voorziening"],
    "offer": ["soort aanbod", "type aanbod", "aanbodtype", "aanbod", "offer type", "offer", "type", "rubriek",
              "categorie", "category", "sector"],
    "street": ["straat", "street", "straatnaam", "adres", "address"],
    "number": ["nummer", "huisnummer", "nr", "nr.", "number", "house number"],
    "postcode": ["postcode", "post code", "zip", "postal code"],
    "municipality": ["gemeente", "municipality", "plaats", "stad", "city", "woonplaats"],
    "phone": ["telefoon", "tel", "tel.", "phone", "telefoonnummer"],
    "email": ["e-mail", "email", "mail"],
    "website": ["website", "url", "web", "site"],
    "opening_hours": ["openingsuren", "opening hours", "openingstijden", "uren"],
    "target_group": ["doelgroep", "target group", "doelgroepen"],
    "lat": ["lat", "latitude", "breedtegraad"],
    "lon": ["lon", "lng", "long", "longitude", "lengtegraad"],
    "x": ["x", "x_lambert", "x_31370"],
    "y": ["y", "y_lambert", "y_31370"],
}


def load_offer_rules(path: str | Path | None = None) -> list[tuple[str, tuple[str, ...]]]:
    import tomllib

    with open(path or SOCIAL_MAP_FILE, "rb") as handle:
        raw = tomllib.load(handle)
    known = load_categories()
    rules = []
    for item in raw.get("offer", []):
        if item["category"] not in known:
            raise ValueError(f"social_map.toml: unknown category {item['category']}")
        rules.append((item["category"], tuple(_plain(w) for w in item["words"])))
    return rules


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower().split())


def offer_category(offer: str, rules: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The category of an offer type: our own category id or name first, then the first rule whose word
    occurs in it (as whole words)."""
    own = resolve_category(offer)
    if own:
        return own
    plain = f" {re.sub(r'[^a-z0-9+-]+', ' ', _plain(offer))} "
    for category, words in rules:
        if any(f" {re.sub(r'[^a-z0-9+-]+', ' ', w).strip()} " in plain for w in words):
            return category
    return None


def import_social_map(path: str | Path, geocode: Callable[[str], tuple[float, float] | None] | None = None,
                      rules_path: str | Path | None = None) -> FacilityImport:
    """A social-map export (CSV with ``,`` or ``;``, or XLSX). Each row is an offer of an organisation:
    name/organisation, offer type, street, number, postcode, municipality, phone, email, website, opening
    hours, target group, and optionally lat/lon (WGS84) or x/y (Lambert 72). Rows are placed by their
    coordinates, else by the address through ``geocode``; rows that cannot be placed, have no name or an
    offer type without a category are reported (file, line, field), never dropped silently."""
    path = Path(path)
    if not path.exists():
        raise ZorgzaamError("file_not_found", path=str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        from zorgzaam.workbooks import read_workbook

        raw = read_workbook(path, dtype=str).fillna("")
    else:
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
        except UnicodeDecodeError:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="latin-1")
    original = {}
    for column in raw.columns:
        plain = _plain(column)
        key = next((k for k, names in SOCIAL_MAP_ALIASES.items() if plain in names), plain)
        original.setdefault(key, str(column))
    raw.columns = [next((k for k, names in SOCIAL_MAP_ALIASES.items() if _plain(c) in names), _plain(c))
                   for c in raw.columns]
    raw = raw.loc[:, ~raw.columns.duplicated()]
    if "name" not in raw and "organisation" not in raw:
        raise ZorgzaamError("missing_columns", columns="naam/organisatie", found=", ".join(map(str, original.values())),
                            file=path.name)
    if "offer" not in raw:
        raise ZorgzaamError("missing_columns", columns="soort aanbod/offer type",
                            found=", ".join(map(str, original.values())), file=path.name)
    rules = load_offer_rules(rules_path)
    rows, problems = [], []
    for position, (_, item) in enumerate(raw.iterrows()):
        line = position + 2

        def value(key: str, _item=item) -> str:
            text = _item.get(key, "")
            return "" if text is None or str(text).lower() in ("nan", "none") else str(text).strip()

        def where(key: str) -> str:
            return original.get(key, key)

        organisation, offer_name = value("organisation"), value("name")
        name = offer_name if offer_name and offer_name != organisation else organisation
        if organisation and offer_name and offer_name != organisation:
            name = f"{offer_name} ({organisation})"
        if not name:
            problems.append(Problem("facility_no_name", {}, file=path.name, line=line, column=where("name")))
            continue
        category = offer_category(value("offer"), rules)
        if not category:
            problems.append(Problem("social_map_unknown_offer", {"value": value("offer")}, file=path.name,
                                    line=line, column=where("offer")))
            continue
        street = " ".join(v for v in (value("street"), value("number")) if v)
        town = " ".join(v for v in (value("postcode"), value("municipality")) if v)
        address = ", ".join(v for v in (street, town) if v)
        x = y = None
        try:
            if value("x") and value("y"):
                x, y = float(value("x").replace(",", ".")), float(value("y").replace(",", "."))
            elif value("lat") and value("lon"):
                lon, lat = float(value("lon").replace(",", ".")), float(value("lat").replace(",", "."))
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise ValueError
                x, y = _TO_LAMBERT.transform(lon, lat)
        except ValueError:
            problems.append(Problem("facility_bad_coordinates",
                                    {"value": " ".join(v for v in (value("x"), value("y"), value("lat"), value("lon")) if v)},
                                    file=path.name, line=line, column=where("lat") if value("lat") else where("x")))
            continue
        if x is None and address and geocode is not None:
            placed = geocode(address)
            if placed is not None:
                x, y = placed
        if x is None or not (np.isfinite(x) and np.isfinite(y)):
            problems.append(Problem("facility_no_place", {"address": address}, file=path.name, line=line,
                                    column=where("street")))
            continue
        contact = "; ".join(v for v in (value("phone"), value("email"), value("website")) if v)
        rows.append({"name": name, "category": category, "x": x, "y": y, "address": address,
                     "opening_hours": value("opening_hours"), "target_group": value("target_group"),
                     "contact": contact, "source": f"sociale kaart / social map ({path.name})", "source_date": "",
                     "source_ref": f"{path.name}:{line}"})
    return FacilityImport(facility_frame(rows), problems, rows_read=len(raw), source=f"social map ({path.name})")
