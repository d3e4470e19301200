#!/usr/bin/env python3
"""Compile the web app's translations (.po → .mo) without GNU gettext: uses polib from PyPI.

The compiled .mo files are committed, so a fresh install needs nothing; run this after editing a .po file
(`django-admin makemessages -l en` in src/zorgzaam/web updates the .po when templates change).
`tests/web/test_translations.py` fails when a .mo is out of date or a string is untranslated."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "zorgzaam"


def po_files() -> list[Path]:
    return sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))


def main() -> int:
    for po_path in po_files():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
