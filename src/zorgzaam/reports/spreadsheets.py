"""Spreadsheet finishing shared by every Excel export (plain module, openpyxl only): columns as wide as
their contents, within a limit, so that names and headings can be read without widening them by hand."""

from __future__ import annotations

from openpyxl.utils import get_column_letter


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
