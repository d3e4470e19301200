"""Area levels and their order. Plain module: no Django.

Belgium's statistical sector is the base unit. Flemish levels come from the Provincies in Cijfers
hierarchy tables, so a sector knows its district (wijk), sub-municipality (deelgemeente),
municipality, arrondissement, care zone (eerstelijnszone), province and region.
"""

from __future__ import annotations

from enum import StrEnum

# Geometry is stored in Belgian Lambert 72 (metres); maps convert to WGS84 on output.
AREA_CRS = "EPSG:31370"


class Level(StrEnum):
    SECTOR = "sector"
    DISTRICT = "district"  # wijk
    SUB_MUNICIPALITY = "submunicipality"  # deelgemeente
    MUNICIPALITY = "municipality"  # gemeente
    CARE_ZONE = "carezone"  # eerstelijnszone
    ARRONDISSEMENT = "arrondissement"
    PROVINCE = "province"  # provincie
    REGION = "region"  # gewest
    COUNTRY = "country"


# From small to large. Care zone and arrondissement both sit between municipality and province.
LEVEL_ORDER: tuple[Level, ...] = (
    Level.SECTOR,
    Level.DISTRICT,
    Level.SUB_MUNICIPALITY,
    Level.MUNICIPALITY,
    Level.CARE_ZONE,
    Level.ARRONDISSEMENT,
    Level.PROVINCE,
    Level.REGION,
    Level.COUNTRY,
)

LEVEL_LABELS: dict[Level, tuple[str, str]] = {
    Level.SECTOR: ("statistische sector", "statistical sector"),
    Level.DISTRICT: ("wijk", "district"),
    Level.SUB_MUNICIPALITY: ("deelgemeente", "sub-municipality"),
    Level.MUNICIPALITY: ("gemeente", "municipality"),
    Level.CARE_ZONE: ("eerstelijnszone", "primary care zone"),
    Level.ARRONDISSEMENT: ("arrondissement", "arrondissement"),
    Level.PROVINCE: ("provincie", "province"),
    Level.REGION: ("gewest", "region"),
    Level.COUNTRY: ("land", "country"),
}


def level_label(level: str, lang: str = "nl") -> str:
    nl, en = LEVEL_LABELS[Level(level)]
    return nl if lang == "nl" else en


def is_not_locatable_sector(code: str) -> bool:
    """The pseudo-sector 'not locatable' (e.g. ``13003ZZZZ``) holds residents without an address."""
    return code.upper().endswith("ZZZZ")
