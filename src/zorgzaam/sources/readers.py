"""Reading the bytes of external files into tables of text, with their line numbers. Plain module.

Handles what these files contain in practice: a ``.zip`` around a ``.txt``/``.csv``/``.xlsx`` (and a
truncated zip), UTF-8 with or without BOM, UTF-16 with BOM, Latin-1/Windows-1252, a delimiter other
than the one expected, title lines above the header (IMA exports), blank lines, lines with too few or
too many fields, decimal commas, thousands dots or spaces, and suppressed values ('x', 'nvt', '-',
'...', '', 'NA'), which become unknown (NaN) and never 0.

Limits (zip bombs, one endless line). Every byte a reader takes from a file goes through
:class:`GuardedStream`, which streams and refuses, before memory grows, a file whose uncompressed size
passes ``ZORGZAAM_MAX_UNCOMPRESSED_MB`` (default 2000) or a text line longer than
``ZORGZAAM_MAX_LINE_KB`` (default 1024). A zip (and an .xlsx, which is a zip) is refused up front
when it has more than ``ZORGZAAM_MAX_ZIP_MEMBERS`` members (default 1000) or when the sizes its
directory declares add up to more than the uncompressed limit; Python's zipfile never inflates a
member beyond its declared size, so the declared sizes are a real bound.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources import problems  # noqa: F401  (registers the src_* message codes)
from zorgzaam.workbooks import looks_like_workbook, read_workbook

SAMPLE = 1 << 16
DELIMITERS = ("|", ";", ",", "\t")
SUPPRESSED = frozenset({"", "x", "nvt", "n.v.t.", "n.v.t", "-", "--", "...", "..", "…", "na", "n/a", "nan",
                        "null", "none", ".", "?", "/", "geheim", "conf", "c"})
SUPPRESSED_SHOWN = "'x', 'nvt', '-', '...', '', 'NA'"
TEXT_SUFFIXES = (".txt", ".csv", ".tsv", ".dat")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")  # read by zorgzaam.workbooks (calamine)


# -- limits --------------------------------------------------------------------------------------

def _setting(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, "") or default)
    except ValueError:
        value = default
    return max(value, 1)


def max_uncompressed_bytes() -> int:
    return _setting("ZORGZAAM_MAX_UNCOMPRESSED_MB", 2000) * 1024 * 1024


def max_line_bytes() -> int:
    return _setting("ZORGZAAM_MAX_LINE_KB", 1024) * 1024


def max_zip_members() -> int:
    return _setting("ZORGZAAM_MAX_ZIP_MEMBERS", 1000)


def _too_big(name: str) -> ZorgzaamError:
    return ZorgzaamError("src_too_big", file=name, limit=max_uncompressed_bytes() // (1024 * 1024),
                         setting="ZORGZAAM_MAX_UNCOMPRESSED_MB")


def check_zip_limits(handle, name: str) -> zipfile.ZipFile:
    """Open a zip (path or file object) and refuse it, before inflating anything, when it has too many
    members or declares more uncompressed bytes than allowed. Returns the open ZipFile."""
    end = None
    try:  # the member count of the end record, read before zipfile loads the whole directory
        if hasattr(handle, "seek"):
            end = zipfile._EndRecData(handle)  # noqa: SLF001
            handle.seek(0)
        else:
            with open(handle, "rb") as raw:
                end = zipfile._EndRecData(raw)  # noqa: SLF001
    except (OSError, AttributeError, TypeError):  # pragma: no cover - zipfile internals changed
        end = None
    if end and end[4] > max_zip_members():  # _ECD_ENTRIES_TOTAL, read before the directory is loaded
        raise ZorgzaamError("src_zip_members", file=name, count=end[4], limit=max_zip_members(),
                            setting="ZORGZAAM_MAX_ZIP_MEMBERS")
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as error:
        raise ZorgzaamError("zip_broken", file=name, detail=str(error)) from error
    infos = archive.infolist()
    if len(infos) > max_zip_members():
        raise ZorgzaamError("src_zip_members", file=name, count=len(infos), limit=max_zip_members(),
                            setting="ZORGZAAM_MAX_ZIP_MEMBERS")
    if sum(info.file_size for info in infos) > max_uncompressed_bytes():
        raise _too_big(name)
    return archive


class GuardedStream(io.RawIOBase):
    """A binary stream that counts what passes: refuses more than ``max_uncompressed_bytes()`` in all
    and (for text) a line longer than ``max_line_bytes()``; remembers whether the data ended with a
    newline. Reads at most 16 MB at a time from below, so neither limit is passed by more than that
    before the error.

    With ``quiet`` the stream does not raise its refusal inside the caller's read: it keeps it in
    ``error`` and reports the end of the data. pyarrow reads a Python file from its own I/O threads;
    an exception raised there left a reader thread behind that, under load, aborted the process at
    exit ("terminate called without an active exception", exit -6) after the clear message was
    printed. The arrow reader raises ``error`` itself once arrow has returned."""

    def __init__(self, raw, name: str, *, text: bool = True):
        super().__init__()
        self._raw = raw
        self.name = name
        self.text = text
        self.total = 0
        self.lines = 0  # newlines seen
        self.current = 0  # length of the line being read
        self.last_byte = b""
        self._max_total = max_uncompressed_bytes()
        self._max_line = max_line_bytes()
        self.quiet = False
        self.error: ZorgzaamError | None = None

    def readable(self) -> bool:
        return True

    def _take(self, size: int) -> bytes:
        if self.error is not None:
            return b""
        try:
            return self._check(self._raw.read(size))
        except ZorgzaamError as error:
            if not self.quiet:
                raise
            self.error = error
            return b""
        except (zipfile.BadZipFile, EOFError, zlib.error) as error:
            if not self.quiet:
                raise
            self.error = ZorgzaamError("zip_broken", file=self.name, detail=str(error))
            return b""

    def _check(self, data: bytes) -> bytes:
        if not data:
            return data
        self.total += len(data)
        if self.total > self._max_total:
            raise _too_big(self.name)
        self.last_byte = data[-1:]
        if self.text:
            array = np.frombuffer(data, dtype=np.uint8)
            newlines = np.flatnonzero(array == 10)
            line = None  # the number of a line that is too long
            if len(newlines) == 0:
                self.current += len(data)
                if self.current > self._max_line:
                    line = self.lines + 1
            else:
                if self.current + int(newlines[0]) > self._max_line:
                    line = self.lines + 1
                elif len(newlines) > 1:
                    gaps = np.diff(newlines) - 1
                    if int(gaps.max()) > self._max_line:
                        line = self.lines + 2 + int(np.argmax(gaps > self._max_line))
                self.current = len(data) - int(newlines[-1]) - 1
                if line is None and self.current > self._max_line:
                    line = self.lines + len(newlines) + 1
            if line is not None:
                raise ZorgzaamError("src_line_too_long", file=self.name, line=line,
                                    limit=self._max_line // 1024, setting="ZORGZAAM_MAX_LINE_KB")
            self.lines += len(newlines)
        return data

    def read(self, size: int = -1) -> bytes:
        step = 1 << 24  # the line check is exact within a chunk too; 16 MB at most past a limit
        if size is None or size < 0:
            parts = []
            while True:
                data = self._take(step)
                if not data:
                    return b"".join(parts)
                parts.append(data)
        parts, wanted = [], size
        while wanted > 0:
            data = self._take(min(wanted, step))
            if not data:
                break
            parts.append(data)
            wanted -= len(data)
        return b"".join(parts)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    @property
    def ends_with_newline(self) -> bool:
        return self.last_byte in (b"\n", b"\r")

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


@dataclass
class Source:
    """One readable file: a path on disk, or a member of a zip."""

    path: Path
    name: str  # shown in messages: 'file.zip' or 'file.zip/member.txt'
    member: str | None = None
    kind: str = "text"  # 'text' | 'excel'

    def open(self) -> GuardedStream:
        """The bytes of the file, streamed through the size and line limits."""
        if self.member is None:
            if self.path.stat().st_size > max_uncompressed_bytes():
                raise _too_big(self.name)
            return GuardedStream(open(self.path, "rb"), self.name, text=self.kind == "text")
        try:
            archive = check_zip_limits(self.path, self.name)
            return GuardedStream(archive.open(self.member), self.name, text=self.kind == "text")
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
            raise ZorgzaamError("zip_broken", file=self.name, detail=str(error)) from error

    def read_bytes(self, limit: int | None = None) -> bytes:
        try:
            with self.open() as handle:
                return handle.read(limit) if limit else handle.read()
        except (zipfile.BadZipFile, EOFError, zlib.error) as error:
            raise ZorgzaamError("zip_broken", file=self.name, detail=str(error)) from error

    @property
    def stem(self) -> str:
        return Path(self.member or self.path.name).stem


@dataclass
class Table:
    """Text cells of a file. ``frame`` holds one column per header field (str or, from Excel, raw
    cell values); ``lines`` the line (or Excel row) number of each row."""

    source: Source
    frame: pd.DataFrame
    lines: np.ndarray
    rows_read: int
    header_line: int = 1
    delimiter: str | None = None
    encoding: str | None = None
    short_lines: list[tuple[int, int]] = field(default_factory=list)  # (line, fields found)
    expected_fields: int = 0
    blank_lines: int = 0
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (message code, params) warnings
    final_newline: bool = True  # did the data end with a line break? (a cut file usually does not)
    last_line: int = 0  # number of the last line that holds data
    header_names: list[str] = field(default_factory=list)  # every field of the header, in order


def open_source(path: str | Path, prefer: tuple[str, ...] = TEXT_SUFFIXES + EXCEL_SUFFIXES) -> Source:
    """Find out what ``path`` is. Raises ZorgzaamError for a missing, empty, broken or unusable file."""
    path = Path(path)
    name = path.name
    if not path.exists() or not path.is_file():
        raise ZorgzaamError("file_not_found", path=str(path))
    if path.stat().st_size == 0:
        raise ZorgzaamError("file_empty", file=name)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK"):
        if path.suffix.lower() in EXCEL_SUFFIXES:
            check_zip_limits(path, name)
            return Source(path, name, kind="excel")
        archive = check_zip_limits(path, name)
        members = [info for info in archive.infolist() if not info.is_dir()]
        names = [m.filename for m in members if not m.filename.startswith("__MACOSX")]
        if "[Content_Types].xml" in names:
            return Source(path, name, kind="excel")
        for suffix in prefer:
            for member in names:
                if member.lower().endswith(suffix):
                    kind = "excel" if suffix in EXCEL_SUFFIXES else "text"
                    source = Source(path, f"{name}/{Path(member).name}", member=member, kind=kind)
                    if kind == "text":
                        source.read_bytes(SAMPLE)  # a truncated zip fails here with a clear message
                    return source
        raise ZorgzaamError("zip_no_member", file=name, expected=", ".join(prefer))
    if path.stat().st_size > max_uncompressed_bytes():
        raise _too_big(name)
    if looks_like_workbook(head):  # the old Excel format (.xls), whatever the name says
        return Source(path, name, kind="excel")
    return Source(path, name, kind="text")


def detect_encoding(sample: bytes, name: str) -> str:
    """'utf8' (with or without BOM), 'utf-16' (BOM), else the best single-byte guess (cp1252/latin-1)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf8"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
        return "utf8"
    except UnicodeDecodeError:
        pass
    if sample.count(b"\x00") > len(sample) // 4:
        raise ZorgzaamError("encoding_unreadable", file=name)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample[:SAMPLE]).best()
        guess = (best.encoding if best else "") or ""
    except Exception:  # pragma: no cover - detection is a hint only
        guess = ""
    if guess in ("cp1252", "windows_1252"):
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return "latin-1"


def refuse_binary(sample: bytes, name: str) -> None:
    """Refuse a file whose first bytes are not text (a photo, a program, a compressed archive): say in words
    that it is not a table instead of echoing its bytes as "columns found". Text in UTF-16 (with its byte
    order mark) is text; otherwise NUL bytes, or more than a few control characters, mean binary."""
    if not sample or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    head = sample[:SAMPLE]
    control = sum(head.count(bytes([code])) for code in (*range(0, 9), 11, 14, *range(15, 32), 127))
    if b"\x00" in head or control > max(2, len(head) // 50):
        raise ZorgzaamError("src_not_a_table", file=name, name=name)


def decode_sample(sample: bytes, encoding: str) -> str:
    codec = "utf-8-sig" if encoding == "utf8" else encoding
    return codecs.getincrementaldecoder(codec)(errors="replace").decode(sample, final=False)


def detect_delimiter(header: str, expected: str | None = None) -> str | None:
    """The delimiter of a header line: ``expected`` when present, else the most frequent candidate."""
    if expected and expected in header:
        return expected
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def find_header(lines: list[str], hints: tuple[str, ...]) -> int:
    """Index of the header line among the first lines: the first that holds one of ``hints`` as a
    field (case-insensitive); 0 when none does."""
    if not hints:
        return 0
    lowered = tuple(h.lower() for h in hints)
    for index, line in enumerate(lines[:50]):
        fields = [f.strip().strip('"').strip().lower() for f in re.split(r"[|;,\t]", line.lstrip("\ufeff"))]
        if any(f in lowered for f in fields):
            return index
    return 0


def read_text_table(source: Source, *, expected_delimiter: str | None = None, columns: list[str] | None = None,
                    header_hints: tuple[str, ...] = ()) -> Table:
    """Read a delimited text file as strings. ``columns`` limits the columns read (all when None)."""
    sample = source.read_bytes(SAMPLE)
    if not sample.strip():
        raise ZorgzaamError("file_empty", file=source.name)
    refuse_binary(sample, source.name)
    encoding = detect_encoding(sample, source.name)
    text = decode_sample(sample, encoding)
    first_lines = text.splitlines()[:60]
    header_index = find_header(first_lines, header_hints)
    header = first_lines[header_index] if first_lines else ""
    delimiter = detect_delimiter(header, expected_delimiter)
    notes: list[tuple[str, dict]] = []
    if delimiter is None:
        raise ZorgzaamError("wrong_delimiter", file=source.name, line=header_index + 1,
                            expected=expected_delimiter or "; , | tab")
    if expected_delimiter and delimiter != expected_delimiter:
        notes.append(("src_delimiter_other", {"expected": expected_delimiter, "found": delimiter}))
    header_fields = next(csv.reader([header.lstrip("\ufeff")], delimiter=delimiter))
    names = _unique_names(header_fields)
    if columns is not None:
        missing = [c for c in columns if c not in names]
        if missing:
            raise ZorgzaamError("missing_columns", file=source.name, line=header_index + 1,
                                columns=", ".join(missing), found=", ".join(names[:30]))
    table = None
    if encoding in ("utf8", "latin-1", "cp1252"):
        table = _read_arrow(source, encoding, delimiter, names, columns, header_index)
    if table is None:
        table = _read_python(source, encoding, delimiter, names, columns, header_index)
    table.notes[:0] = notes
    table.header_names = names
    return table


def _unique_names(fields: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for position, raw in enumerate(fields):
        name = raw.strip().strip('"').strip() or f"column_{position + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    return names


def _read_arrow(source, encoding, delimiter, names, columns, header_index) -> Table | None:
    bad: list[int] = []

    def handler(row):
        bad.append(row.actual_columns)
        return "skip"

    try:
        with source.open() as handle:
            handle.quiet = True  # see GuardedStream: no exception may cross arrow's threads
            try:
                arrow = pacsv.read_csv(
                    handle,
                    read_options=pacsv.ReadOptions(encoding="utf8" if encoding == "utf8" else encoding,
                                                   skip_rows=header_index + 1, column_names=names,
                                                   block_size=1 << 24),
                    parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=handler,
                                                     ignore_empty_lines=False),
                    convert_options=pacsv.ConvertOptions(
                        column_types={n: pa.string() for n in (columns or names)}, strings_can_be_null=False,
                        include_columns=columns or names, auto_dict_encode=False),
                )
            finally:
                if handle.error is not None:
                    raise handle.error
            final_newline = handle.ends_with_newline
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise ZorgzaamError("zip_broken", file=source.name, detail=str(error)) from error
    except (pa.ArrowInvalid, UnicodeDecodeError, pa.ArrowNotImplementedError, ValueError):
        return None
    if bad:
        return None  # exact line numbers of the faulty lines come from the careful reader
    frame = arrow.to_pandas()
    lines = np.arange(len(frame), dtype=np.int64) + header_index + 2
    table = _drop_blank(Table(source, frame, lines, rows_read=len(frame), header_line=header_index + 1,
                              delimiter=delimiter, encoding=encoding, expected_fields=len(names),
                              final_newline=final_newline))
    table.last_line = int(table.lines[-1]) if len(table.lines) else header_index + 1
    return table


def _read_python(source, encoding, delimiter, names, columns, header_index) -> Table:
    """The careful reader: streams the text line by line (exact line numbers, short lines kept aside)."""
    try:
        return _read_python_as(source, encoding, delimiter, names, columns, header_index)
    except UnicodeDecodeError:
        return _read_python_as(source, "latin-1", delimiter, names, columns, header_index)


def _read_python_as(source, encoding, delimiter, names, columns, header_index) -> Table:
    codec = "utf-8-sig" if encoding == "utf8" else encoding
    wanted = [names.index(c) for c in (columns or names)]
    rows, lines, short = [], [], []
    expected = len(names)
    blank = 0
    last_line = header_index + 1
    try:
        with source.open() as stream:
            text = io.TextIOWrapper(io.BufferedReader(stream, 1 << 20), encoding=codec, newline="")
            reader = csv.reader(text, delimiter=delimiter)
            for index, fields in enumerate(reader):
                if index <= header_index:
                    continue
                line = reader.line_num
                if not fields or all(not f.strip() for f in fields):
                    blank += 1
                    continue
                last_line = line
                if len(fields) != expected:
                    short.append((line, len(fields)))
                    continue
                rows.append([fields[i] for i in wanted])
                lines.append(line)
            final_newline = stream.ends_with_newline
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise ZorgzaamError("zip_broken", file=source.name, detail=str(error)) from error
    except csv.Error as error:
        raise ZorgzaamError("src_unreadable", file=source.name, kind="csv", detail=str(error)) from error
    frame = pd.DataFrame(rows, columns=columns or names, dtype=object)
    for column in frame.columns:
        frame[column] = frame[column].astype(str) if len(frame) else frame[column]
    total = len(rows) + len(short) + blank
    return Table(source, frame, np.asarray(lines, dtype=np.int64), rows_read=total,
                 header_line=header_index + 1, delimiter=delimiter, encoding=encoding, short_lines=short,
                 expected_fields=expected, blank_lines=blank, final_newline=final_newline, last_line=last_line)


def _drop_blank(table: Table) -> Table:
    frame = table.frame
    if len(frame) == 0:
        return table
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        blank &= (frame[column].to_numpy(dtype=object) == "")
        if not blank.any():
            return table
    if blank.any():
        table.frame = frame.loc[~blank].reset_index(drop=True)
        table.lines = table.lines[~blank]
        table.blank_lines = int(blank.sum())
    return table


def read_excel_table(source: Source, *, header_hints: tuple[str, ...] = (), sheet_hint: str | None = None) -> Table:
    """Read the most suitable worksheet of a workbook, .xlsx or .xls (the one whose header holds a hint)."""
    try:
        data = io.BytesIO(source.read_bytes())  # through the size limit; a zip member too
        if data.getvalue().startswith(b"PK"):  # .xlsx is a zip: its declared sizes are checked first
            check_zip_limits(data, source.name)
        sheets = read_workbook(data, sheet_name=None, header=None, dtype=object)
    except ZorgzaamError:
        raise
    except Exception as error:  # calamine and pandas raise many kinds for a damaged workbook
        kind = Path(source.member or source.name).suffix.lstrip(".").lower() or "xlsx"
        raise ZorgzaamError("src_unreadable", file=source.name, kind=kind, detail=str(error)[:200]) from error
    chosen = None
    lowered = tuple(h.lower() for h in header_hints)
    for sheet_name, sheet in sheets.items():
        sheet = sheet.dropna(how="all").dropna(axis=1, how="all")
        if sheet.empty:
            continue
        for position in range(min(len(sheet), 50)):
            cells = [cell_text(v).lower() for v in sheet.iloc[position].tolist()]
            if any(c in lowered for c in cells):
                chosen = (sheet_name, sheet, position)
                break
        if chosen and (sheet_hint is None or sheet_hint in str(sheet_name)):
            break
        if chosen is None and not header_hints:
            chosen = (sheet_name, sheet, 0)
            break
    if chosen is None:
        for sheet_name, sheet in sheets.items():
            sheet = sheet.dropna(how="all").dropna(axis=1, how="all")
            if not sheet.empty:
                chosen = (sheet_name, sheet, 0)
                break
    if chosen is None:
        raise ZorgzaamError("file_empty", file=source.name)
    sheet_name, sheet, position = chosen
    empty_formula = formula_without_value(source, str(sheet_name))
    if empty_formula:
        raise ZorgzaamError("src_formula_no_value", file=source.name, sheet=str(sheet_name), cell=empty_formula[0],
                            count=empty_formula[1])
    header = _unique_names([cell_text(v) for v in sheet.iloc[position].tolist()])
    body = sheet.iloc[position + 1:].copy()
    body.columns = header
    lines = (body.index.to_numpy() + 1).astype(np.int64)  # Excel row numbers
    header_row = int(sheet.index[position]) + 1
    frame = body.reset_index(drop=True)
    frame = frame.astype(object).where(frame.notna(), "")
    return Table(source, frame, lines, rows_read=len(frame), header_line=header_row,
                 expected_fields=len(header))


def formula_without_value(source: Source, sheet_name: str) -> tuple[str, int] | None:
    """The first cell (e.g. 'B7') of worksheet ``sheet_name`` that holds a formula without a stored result, with
    the number of such cells; None when every formula has its result (or the sheet has none). A workbook saved
    by a program that does not calculate (a script, some exports) has formulas whose value reads as empty."""
    import xml.etree.ElementTree as ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.read_bytes()) if source.member is not None else source.path)
        with archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rel_id = next((sheet.get(f"{rel}id") for sheet in book.iter(f"{main}sheet")
                           if sheet.get("name") == sheet_name), None)
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target = next((r.get("Target") for r in rels if r.get("Id") == rel_id), None)
            if not target:
                return None
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            first, count = None, 0
            with archive.open(member) as handle:
                for _, element in ElementTree.iterparse(handle):
                    if element.tag == f"{main}c":
                        formula = element.find(f"{main}f")
                        value = element.find(f"{main}v")
                        if formula is not None and (value is None or not (value.text or "")):
                            first = first or element.get("r", "?")
                            count += 1
                        element.clear()
                    elif element.tag == f"{main}row":
                        element.clear()
            return (first, count) if first else None
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):  # unusual layout: pandas read it
        return None


def peek_columns(source: Source, *, expected_delimiter: str | None = None,
                 header_hints: tuple[str, ...] = ()) -> list[str]:
    """The header fields of a delimited text file (for choosing the columns to read)."""
    sample = source.read_bytes(SAMPLE)
    if not sample.strip():
        raise ZorgzaamError("file_empty", file=source.name)
    refuse_binary(sample, source.name)
    text = decode_sample(sample, detect_encoding(sample, source.name))
    lines = text.splitlines()[:60]
    index = find_header(lines, header_hints)
    header = lines[index] if lines else ""
    delimiter = detect_delimiter(header, expected_delimiter)
    if delimiter is None:
        return [header.strip().lstrip("\ufeff")]
    return _unique_names(next(csv.reader([header.lstrip("\ufeff")], delimiter=delimiter)))


def read_table(path_or_source: str | Path | Source, *, expected_delimiter: str | None = None,
               columns: list[str] | None = None, header_hints: tuple[str, ...] = ()) -> Table:
    source = path_or_source if isinstance(path_or_source, Source) else open_source(path_or_source)
    if source.kind == "excel":
        table = read_excel_table(source, header_hints=header_hints)
        if columns is not None:
            missing = [c for c in columns if c not in table.frame.columns]
            if missing:
                raise ZorgzaamError("missing_columns", file=source.name, line=table.header_line,
                                    columns=", ".join(missing), found=", ".join(map(str, table.frame.columns)))
            table.frame = table.frame[columns]
        return table
    return read_text_table(source, expected_delimiter=expected_delimiter, columns=columns,
                           header_hints=header_hints)


# -- cells ---------------------------------------------------------------------------------------

def cell_text(value) -> str:
    """A cell as text: Excel numbers that are whole print without '.0'; empty for None/NaN."""
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if hasattr(value, "year") and hasattr(value, "month"):
        return str(value)[:10]
    return str(value).strip()


_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_DOT_2 = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?[\d.]*\d,\d+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}(\.\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


@dataclass
class Numbers:
    values: np.ndarray  # float64, NaN for suppressed and bad
    suppressed: np.ndarray  # bool
    bad: np.ndarray  # bool: not a number and not a suppression marker
    percent: np.ndarray  # bool: had a % sign


def parse_numbers(cells: pd.Series | list, decimal_comma: bool | None = None) -> Numbers:
    """Numbers as written in Belgian files. One decision per column: if any cell has a decimal comma
    (or dots in groups of three twice), dots are thousands separators and the comma is the decimal
    mark; otherwise the dot is the decimal mark and commas in groups of three are thousands.
    ``decimal_comma=True`` (e.g. for a ';'-separated file from a Belgian Excel) forces the first reading."""
    series = pd.Series(cells, dtype=object) if not isinstance(cells, pd.Series) else cells
    n = len(series)
    values = np.full(n, np.nan)
    suppressed = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    percent = np.zeros(n, dtype=bool)
    if n == 0:
        return Numbers(values, suppressed, bad, percent)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        floats = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return Numbers(floats, np.isnan(floats), bad, percent)
    if isinstance(series.array, pd.arrays.ArrowStringArray):  # the common case, read by pyarrow: fastest
        try:
            floats = pc.cast(pa.array(series.array), pa.float64()).to_numpy(zero_copy_only=False)
            return Numbers(floats, np.isnan(floats), bad, percent)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    try:  # the common case: every cell is a plain number
        floats = pd.to_numeric(series, errors="raise").to_numpy(dtype=np.float64, na_value=np.nan)
        return Numbers(floats, np.isnan(floats), bad, percent)
    except (ValueError, TypeError):
        pass
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        text = series.fillna("").reset_index(drop=True)
    else:
        raw = series.to_numpy(dtype=object)
        if all(isinstance(v, str) for v in raw):
            text = pd.Series(raw, dtype=object)
        else:
            text = pd.Series([cell_text(v) for v in raw], dtype=object)
    fast = pd.to_numeric(text.where(~text.str.contains(",", regex=False), "x"), errors="coerce").to_numpy(
        dtype=np.float64)
    done = ~np.isnan(fast)
    lowered = text.str.strip().str.lower()
    suppressed = lowered.isin(SUPPRESSED).to_numpy() & ~done
    rest = ~done & ~suppressed
    values = np.where(done, fast, np.nan)
    column = None
    comma_decimal = bool(decimal_comma)
    if rest.any() or decimal_comma is None:
        column = text.str.replace(_SPACES, "", regex=True).str.rstrip("%")
        if decimal_comma is None and rest.any():
            comma_decimal = bool(column.str.match(_DECIMAL_COMMA).any() or column.str.match(_THOUSANDS_DOT_2).any())
    if rest.any():
        cleaned = text[rest].str.replace(_SPACES, "", regex=True)
        has_percent = cleaned.str.endswith("%")
        cleaned = cleaned.str.rstrip("%").str.replace("€", "", regex=False)
        if comma_decimal:
            converted = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        else:
            converted = cleaned.where(~cleaned.str.match(_THOUSANDS_COMMA),
                                      cleaned.str.replace(",", "", regex=False))
        parsed = pd.to_numeric(converted, errors="coerce").to_numpy(dtype=np.float64)
        values[rest] = parsed
        bad[rest] = np.isnan(parsed)
        percent[rest] = has_percent.to_numpy() & ~np.isnan(parsed)
    if comma_decimal:
        # a plain '1.234' in a column that uses decimal commas is one thousand two hundred ...
        dotted = done & text.str.match(_THOUSANDS_DOT).to_numpy()
        if dotted.any():
            values[dotted] = pd.to_numeric(text[dotted].str.replace(".", "", regex=False)).to_numpy()
    return Numbers(values, suppressed, bad, percent)


# -- area codes ----------------------------------------------------------------------------------

_PAREN = re.compile(r"\(([^()]+)\)\s*$")


def code_candidates(text: str) -> list[str]:
    """Possible area codes in a cell: the cell itself, a code in brackets at the end ('Balen (13003)'),
    the first word ('13003 Balen') and the last word."""
    text = str(text).strip().strip('"').strip()
    out = [text]
    match = _PAREN.search(text)
    if match:
        out.append(match.group(1).strip())
    words = re.split(r"[\s\-–:,]+", text)
    if len(words) > 1:
        out += [words[0], words[-1]]
    # Excel may have turned a NIS code into a number: '13003.0'
    out += [c[:-2] for c in out if c.endswith(".0") and c[:-2].isdigit()]
    seen, unique = set(), []
    for candidate in out:
        if candidate and candidate not in seen:
            seen.add(candidate)
            unique.append(candidate)
    return unique


def name_key(text: str) -> str:
    """A name for matching: case, accents, brackets and spacing ignored."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    text = _PAREN.sub("", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
