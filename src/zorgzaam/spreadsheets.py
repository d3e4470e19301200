"""Spreadsheet finishing shared by every Excel and CSV export (plain module, openpyxl only).

* :func:`fit_columns`: columns as wide as their contents, within a limit, so that names and headings can be
  read without widening them by hand.
* Formula injection (OWASP "CSV injection"): text typed by a resident, a team member or a data file (an open
  answer, a finding's note, a neighbourhood's or facility's name) must never become a live formula when the
  file is opened in Excel or LibreOffice. :func:`safe_text` is the one rule: text starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a leading single quote. Every writer goes through it:
  :func:`protect_book` / :func:`protect_sheet` for openpyxl workbooks (also the ones pandas wrote: pandas hands
  a text starting with ``=`` to openpyxl, which stores it as a formula), :func:`protect_frame` before
  ``to_csv``, and :func:`frame_to_xlsx` for a plain table. Numbers (negative ones too) stay numbers.
* CSV: :func:`frame_to_csv` is the one CSV writer. A file meant for people (a web download) is written in the
  Dutch dialect that Excel in a Belgian or Dutch locale opens as columns: ``;`` between fields, a decimal
  comma, UTF-8 with a byte order mark (so Excel reads accents). Machine output (CLI ``--csv``) keeps the
  comma and the decimal point, UTF-8 without a mark."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """``value`` unchanged unless it is text that a spreadsheet would read as a formula; then the same text
    with a leading ``'`` (shown as text, never run)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def protect_sheet(sheet) -> int:
    """Write every text cell of an openpyxl sheet that would be read as a formula as text (:func:`safe_text`);
    returns how many cells were changed. No export writes formulas of its own."""
    changed = 0
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
                text = value if isinstance(value, str) else str(getattr(value, "text", value) or "")
                cell.value = "'" + text  # openpyxl reads a text starting with ' as text
                cell.data_type = "s"
                changed += 1
    return changed


def protect_book(book) -> int:
    """:func:`protect_sheet` for every sheet of a workbook (call it just before saving)."""
    return sum(protect_sheet(sheet) for sheet in book.worksheets)


def protect_frame(frame):
    """A copy of a pandas frame whose text cells and column names went through :func:`safe_text` (for CSV)."""
    out = frame.copy()
    out.columns = [safe_text(c) for c in out.columns]
    for column in range(out.shape[1]):
        series = out.iloc[:, column]
        if series.dtype == object or str(series.dtype) in ("string", "str"):
            out.iloc[:, column] = series.map(safe_text)
    return out


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# (separator, decimal mark, encoding, line end) of each kind of reader
CSV_FOR_PEOPLE = (";", ",", "utf-8-sig", "\r\n")
CSV_FOR_MACHINES = (",", ".", "utf-8", "\n")


def frame_to_csv(frame, target=None, *, for_people: bool) -> bytes:
    """``frame`` as CSV bytes, text protected by :func:`protect_frame`, written to ``target`` as well when given
    (a path, a binary buffer, or a text buffer, which gets the text without the byte order mark).

    ``for_people=True``: the Dutch dialect (``;``, decimal comma, UTF-8 with BOM, CRLF) for a download opened
    in a spreadsheet; ``for_people=False``: comma and decimal point (UTF-8) for scripts and other tools."""
    separator, decimal, encoding, line_end = CSV_FOR_PEOPLE if for_people else CSV_FOR_MACHINES
    text = protect_frame(frame).to_csv(index=False, sep=separator, decimal=decimal, lineterminator=line_end)
    content = text.encode(encoding)
    if target is None:
        return content
    if isinstance(target, str | Path):
        Path(target).write_bytes(content)
    elif isinstance(target, io.TextIOBase):
        target.write(text)
    else:
        target.write(content)
    return content


def frame_to_xlsx(frame, target, sheet_name: str = "Sheet1") -> None:
    """A plain table as a workbook (a path or a binary buffer): bold header, fitted columns, no formulas."""
    frames_to_xlsx({sheet_name: frame}, target)


def frames_to_xlsx(frames: dict, target) -> None:
    """Plain tables as a workbook, one sheet per table in order (sheet name → frame; names cut to Excel's 31
    characters): bold header, fitted columns, the header row frozen, no formulas."""
    import pandas as pd
    from openpyxl.styles import Font

    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            protect_sheet(sheet)
            fit_columns(sheet)
            sheet.freeze_panes = "A2"


def fit_columns(sheet, max_width: int = 70, rows: int = 200, skip_long_from: int = 120) -> None:
    """Set each column's width to its longest value in the first ``rows`` rows (plus a margin), at most
    ``max_width``. Cells longer than ``skip_long_from`` characters (a note spanning the sheet) are left out."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=1, max_row=rows):
        for cell in row:
            if cell.value is None:
                continue
            length = len(str(cell.value))
            if length > skip_long_from:
                continue
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, max_width)
