"""The one spreadsheet reader (plain module, no Django): every workbook that Zorgzaam imports — a source table,
a sector hierarchy, a facility list or social map, survey responses — is read here, by python-calamine under
pandas. Calamine reads the current format (``.xlsx``/``.xlsm``) and the old binary one (``.xls``, Excel
97–2003, still what some municipal and OCMW systems export), and also LibreOffice's ``.ods``.

The format is taken from the bytes, not from the name: an ``.xls`` that is really an ``.xlsx`` (or the other
way round), as exports often are, is read all the same. Writing workbooks is elsewhere
(:mod:`zorgzaam.spreadsheets`, openpyxl)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_SIGNATURE = b"PK\x03\x04"  # .xlsx, .xlsm, .ods
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (a compound document)


def is_workbook_name(name: str | Path) -> bool:
    """Whether a file name has a spreadsheet suffix that :func:`read_workbook` reads."""
    return Path(str(name)).suffix.lower() in WORKBOOK_SUFFIXES


def looks_like_workbook(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a workbook (.xls; a zip may be one, see the caller)."""
    return head.startswith(OLE_SIGNATURE)


def read_workbook(source, *, sheet_name: str | int | list | None = 0, header: int | None = 0, dtype=None,
                  **options):
    """One sheet (``sheet_name`` a name or position; the first by default) as a DataFrame, or every sheet
    (``sheet_name=None``) as {name: DataFrame}, exactly as :func:`pandas.read_excel` returns them.

    ``source`` is a path, bytes or a binary buffer. Numbers stay numbers (whole ones as int, as openpyxl
    gave them), dates are datetimes, empty cells NaN; ``dtype=str`` gives text. Errors are pandas' and
    calamine's own (``CalamineError``, ``ValueError``): callers turn them into their message."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = io.BytesIO(bytes(source))
    elif isinstance(source, str | Path):
        data = io.BytesIO(Path(source).read_bytes())  # from bytes, calamine recognises the format by content
    else:
        data = source
    return pd.read_excel(data, sheet_name=sheet_name, header=header, dtype=dtype, engine="calamine", **options)
