"""Area levels and their order. Plain module: no Django.

Belgium's statistical sector is the base unit. Flemish levels come from the Provincies in Cijfers
hierarchy tables, so a sector knows its district (wijk), sub-municipality (deelgemeente),
municipality, arrondissement, care zone (eerstelijnszone), province and region.
"""

from __future__ import annotations

from enum import StrEnum

from zorgzaam.messages import gettext, gettext_noop

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

LEVEL_LABELS: dict[Level, str] = {  # Dutch msgids
    Level.SECTOR: gettext_noop("statistische sector"),
    Level.DISTRICT: gettext_noop("wijk"),
    Level.SUB_MUNICIPALITY: gettext_noop("deelgemeente"),
    Level.MUNICIPALITY: gettext_noop("gemeente"),
    Level.CARE_ZONE: gettext_noop("eerstelijnszone"),
    Level.ARRONDISSEMENT: gettext_noop("arrondissement"),
    Level.PROVINCE: gettext_noop("provincie"),
    Level.REGION: gettext_noop("gewest"),
    Level.COUNTRY: gettext_noop("land"),
}


def level_label(level: str, lang: str = "nl") -> str:
    return gettext(LEVEL_LABELS[Level(level)], lang)


def is_not_locatable_sector(code: str) -> bool:
    """The pseudo-sector 'not locatable' (e.g. ``13003ZZZZ``) holds residents without an address."""
    return code.upper().endswith("ZZZZ")
