"""Printable session kits (agenda, materials checklist, question cards) kept as data in
``data/session_kits.toml`` (no Django)."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path

from zorgzaam.messages import LANGUAGES, SOURCE_LANGUAGE

KITS_FILE = Path(__file__).with_name("data") / "session_kits.toml"


@lru_cache(maxsize=4)
def load_kits(path: str | None = None) -> dict[str, dict]:
    with open(path or KITS_FILE, "rb") as handle:
        raw = tomllib.load(handle)
    return {kit["id"]: kit for kit in raw.get("kits", [])}


def kit_in(kit: dict, lang: str = "nl", start: dt.time = dt.time(19, 0)) -> dict:
    """One kit in one language, with clock times for the agenda from ``start``."""
    pick = lang if lang in LANGUAGES else SOURCE_LANGUAGE  # the kits file has a text per language
    clock = dt.datetime.combine(dt.date(2000, 1, 1), start)
    agenda = []
    for step in kit.get("agenda", []):
        agenda.append({"time": clock.strftime("%H:%M"), "minutes": int(step["minutes"]), "text": step[pick]})
        clock += dt.timedelta(minutes=int(step["minutes"]))
    return {"id": kit["id"], "title": kit[f"title_{pick}"], "purpose": kit[f"purpose_{pick}"],
            "duration": kit[f"duration_{pick}"], "group": kit[f"group_{pick}"], "agenda": agenda,
            "ends": clock.strftime("%H:%M"), "materials": list(kit.get("materials", {}).get(pick, [])),
            "cards": [card[pick] for card in kit.get("cards", [])]}
