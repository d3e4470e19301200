"""Message codes of the importers (Dutch first, English second). Plain module, no Django.

The generic codes (file_empty, zip_broken, unknown_area, duplicate_row ...) live in
``zorgzaam.messages``; the ones below are specific to importing and downloading."""

from __future__ import annotations

from zorgzaam import messages

SOURCE_MESSAGES: dict[str, tuple[str, str]] = {
    "src_suppressed": (
        "{count} waarde(n) zijn afgeschermd of ontbreken ({markers}); ze blijven onbekend, niet 0.",
        "{count} value(s) are suppressed or missing ({markers}); they stay unknown, not 0.",
    ),
    "src_delimiter_other": (
        "Verwacht scheidingsteken '{expected}', gevonden '{found}': het bestand is met '{found}' gelezen.",
        "Expected delimiter '{expected}', found '{found}': the file was read with '{found}'.",
    ),
    "src_short_line": (
        "Deze regel heeft {found} velden in plaats van {expected}.",
        "This line has {found} fields instead of {expected}.",
    ),
    "src_bad_value": (
        "Onbekende waarde '{value}' (verwacht: {expected}).",
        "Unknown value '{value}' (expected: {expected}).",
    ),
    "src_no_code": (
        "'{value}' bevat geen gebiedscode of gekende gebiedsnaam.",
        "'{value}' holds no area code nor a known area name.",
    ),
    "src_ambiguous_name": (
        "De naam '{value}' past bij meer dan één gebied ({codes}); gebruik de code.",
        "The name '{value}' fits more than one area ({codes}); use the code.",
    ),
    "src_unknown_neighbourhood": (
        "Buurt '{code}' bestaat niet in werkruimte {workspace}.",
        "Neighbourhood '{code}' does not exist in workspace {workspace}.",
    ),
    "src_need_workspace": (
        "Cijfers per buurt horen bij een werkruimte: geef --workspace op.",
        "Figures per neighbourhood belong to a workspace: pass --workspace.",
    ),
    "src_workspace_not_found": ("Werkruimte '{slug}' niet gevonden.", "Workspace '{slug}' not found."),
    "src_unknown_level": (
        "Onbekend gebiedsniveau '{level}'. Gekend: {known}.",
        "Unknown area level '{level}'. Known: {known}.",
    ),
    "src_need_level": (
        "Het gebiedsniveau is niet gekend: geef --level op (bv. sector, municipality, neighbourhood).",
        "The area level is not known: pass --level (e.g. sector, municipality, neighbourhood).",
    ),
    "src_nothing_kept": (
        "Geen enkele waarde doorstond de controle; er is niets opgeslagen.",
        "No value passed the checks; nothing was stored.",
    ),
    "src_no_data_rows": ("Het bestand bevat geen gegevensrijen.", "The file holds no data rows."),
    "src_no_value_columns": (
        "Geen kolommen met cijfers gevonden (naast {columns}).",
        "No columns with figures found (besides {columns}).",
    ),
    "src_no_area_column": (
        "Geen kolom met gebieden gevonden. Kolommen: {found}. Geef --area-column op.",
        "No column with areas found. Columns: {found}. Pass --area-column.",
    ),
    "src_sheet_unreadable": (
        "Het werkblad kon niet gelezen worden: {detail}",
        "The worksheet could not be read: {detail}",
    ),
    "src_rate_column": (
        "Kolom '{column}' is een percentage of verhouding, geen aantal: bewaard als '{measure}' en nooit "
        "opgeteld. Sla ze over met --skip als je ze niet nodig hebt.",
        "Column '{column}' is a percentage or ratio, not a count: stored as '{measure}' and never summed. "
        "Leave it out with --skip if you do not need it.",
    ),
    "src_period_overridden": (
        "De periode uit het bestand ({found}) is vervangen door --period {period}.",
        "The period from the file ({found}) was replaced by --period {period}.",
    ),
    "src_vintage_choice": (
        "{count} gebiedscode(s) bestaan in meerdere versies; gekozen is de versie die geldt in de periode "
        "(of de dichtstbije).",
        "{count} area code(s) exist in several vintages; the vintage valid in the period (or the nearest) "
        "was chosen.",
    ),
    "src_blank_rows": ("{count} lege of niet-gegevensregel(s) overgeslagen.", "{count} blank or non-data line(s) skipped."),
    "src_duplicates_dropped": (
        "{count} identieke dubbele rij(en): telkens één exemplaar behouden.",
        "{count} identical duplicate row(s): one copy of each kept.",
    ),
    "src_bad_measure": (
        "'{value}' is geen geldige naam voor een meetwaarde.",
        "'{value}' is not a valid measure name.",
    ),
    "src_unknown_mapping_column": (
        "Kolom '{column}' uit de opgegeven koppeling of --skip/--rate bestaat niet. Kolommen: {found}.",
        "Column '{column}' from the given mapping or --skip/--rate does not exist. Columns: {found}.",
    ),
    "src_unreadable": (
        "Het bestand kon niet gelezen worden als {kind}: {detail}",
        "The file could not be read as {kind}: {detail}",
    ),
    "src_too_big": (
        "Het bestand is uitgepakt groter dan {limit} MB en is geweigerd voor het geheugen volliep. Is het echt "
        "zo groot, verhoog dan {setting}.",
        "The file is larger than {limit} MB uncompressed and was refused before memory filled up. If it really "
        "is that large, raise {setting}.",
    ),
    "src_zip_members": (
        "Het zip-bestand bevat {count} bestanden; meer dan {limit} wordt niet gelezen (instelling {setting}).",
        "The zip file holds {count} files; more than {limit} are not read (setting {setting}).",
    ),
    "src_not_a_table": (
        "{name} is geen tabel: het bestand bevat geen tekst maar binaire gegevens (bijvoorbeeld een foto, een "
        "programma of een ander soort archief). Kies een CSV-, TXT- of Excel-bestand (.xlsx) met kolommen.",
        "{name} is not a table: the file holds no text but binary data (for example a photo, a program or "
        "another kind of archive). Choose a CSV, TXT or Excel file (.xlsx) with columns.",
    ),
    "src_formula_no_value": (
        "Blad '{sheet}', cel {cell}: deze cel bevat een formule zonder berekende waarde ({count} zulke cellen in "
        "dit blad). Het bestand is bewaard door een programma dat formules niet uitrekent, dus de waarde zou "
        "leeg lijken. Open het in Excel of LibreOffice, bewaar het opnieuw en laad het nog eens op.",
        "Sheet '{sheet}', cell {cell}: this cell holds a formula without a calculated value ({count} such cells "
        "in this sheet). The file was saved by a program that does not calculate formulas, so the value would "
        "look empty. Open it in Excel or LibreOffice, save it again and upload it once more.",
    ),
    "src_line_too_long": (
        "Deze regel is langer dan {limit} kB: dit is geen gewoon tabelbestand (of het is beschadigd). Het is "
        "niet verder gelezen. Is zo'n lange regel echt nodig, verhoog dan {setting}.",
        "This line is longer than {limit} kB: this is no ordinary table file (or it is damaged). It was not "
        "read further. If such a long line is really needed, raise {setting}.",
    ),
    "src_incomplete_file": (
        "Het bestand is onvolledig: de laatste regel stopt na {found} van de {expected} velden (het veld "
        "{field} ontbreekt). Het bestand is waarschijnlijk afgebroken tijdens het downloaden of uitpakken. "
        "Er is niets opgeslagen; haal het bestand opnieuw op.",
        "The file is incomplete: its last line stops after {found} of the {expected} fields (field {field} is "
        "missing). The file was probably cut off while downloading or unpacking. Nothing was stored; fetch "
        "the file again.",
    ),
    "src_incomplete_last_value": (
        "Het bestand is onvolledig: de laatste regel eindigt zonder regeleinde en de waarde '{value}' is geen "
        "getal. Het bestand is waarschijnlijk afgebroken. Er is niets opgeslagen; haal het bestand opnieuw op.",
        "The file is incomplete: its last line ends without a line break and the value '{value}' is not a "
        "number. The file was probably cut off. Nothing was stored; fetch the file again.",
    ),
    "src_missing_areas": (
        "Het bestand is onvolledig: {missing} van de {expected} geladen gebieden ({level}, versie {vintage}) "
        "komen er niet in voor, bv. {examples}. Er is niets opgeslagen.",
        "The file is incomplete: {missing} of the {expected} loaded areas ({level}, vintage {vintage}) do "
        "not appear in it, e.g. {examples}. Nothing was stored.",
    ),
    "src_bad_period_option": (
        "'{period}' is geen geldige periode: gebruik bv. 2015, 2015-01-01, 2015Q1 of 2015-2016. Er is niets "
        "gelezen.",
        "'{period}' is not a valid period: use e.g. 2015, 2015-01-01, 2015Q1 or 2015-2016. Nothing was read.",
    ),
    "src_period_contradicts_name": (
        "Je gaf --period {period}, maar volgens de bestandsnaam gaat het over {found}. Er is niets gelezen. "
        "Klopt {period} toch, gebruik dan ook --force-period.",
        "You gave --period {period}, but the file name says {found}. Nothing was read. If {period} is right "
        "after all, add --force-period.",
    ),
    "src_period_forced": (
        "Let op: de bestandsnaam zegt {found}, maar de cijfers zijn opgeslagen als periode {period} omdat je "
        "--force-period gaf.",
        "Note: the file name says {found}, but the figures were stored as period {period} because you gave "
        "--force-period.",
    ),
    "src_cube_zeros": (
        "{count} cellen ontbraken in de kubus en werden als 0 geteld: Statbel laat cellen zonder personen weg "
        "(bv. geen vrouw van 104 in een gemeente). Dat geldt voor de {areas} gebieden die in het bestand "
        "staan; afgeschermde waarden blijven onbekend.",
        "{count} cells were absent from the cube and were counted as 0: Statbel leaves out cells without "
        "persons (e.g. no woman aged 104 in a municipality). This holds for the {areas} areas that appear in "
        "the file; suppressed values stay unknown.",
    ),
    "src_outside_areas": (
        "{rows} regels over {areas} gebieden buiten de geladen gebieden zijn overgeslagen (bv. {examples}); "
        "dat is geen fout.",
        "{rows} lines about {areas} areas outside the loaded areas were skipped (e.g. {examples}); this is "
        "not an error.",
    ),
    "src_unknown_code": (
        "{count} regel(s) hebben een onbekende code in {field} ({values}; gekend: {known}). Ze tellen mee "
        "voor het totaal, geslacht en leeftijd, maar niet voor {what}.",
        "{count} line(s) have an unknown code in {field} ({values}; known: {known}). They count for the "
        "total, sex and age, but not for {what}.",
    ),
    # downloads
    "dl_unknown_name": (
        "Onbekende download '{name}'. Beschikbaar: {known}.",
        "Unknown download '{name}'. Available: {known}.",
    ),
    "dl_failed": ("Downloaden van {url} mislukt: {detail}", "Downloading {url} failed: {detail}"),
    "dl_size_mismatch": (
        "Download van {url} onvolledig: {got} van {expected} bytes ontvangen.",
        "Download of {url} incomplete: received {got} of {expected} bytes.",
    ),
    "dl_checksum_mismatch": (
        "Controlegetal van {name} klopt niet (verwacht {expected}, gekregen {got}).",
        "Checksum of {name} does not match (expected {expected}, got {got}).",
    ),
    "dl_not_zip": (
        "Het gedownloade bestand {name} is geen geldig zip-bestand.",
        "The downloaded file {name} is not a valid zip file.",
    ),
}

# Short titles of the refusal groups in a report (code -> title), plain words.
REASON_TITLES: dict[str, tuple[str, str]] = {
    "unknown_area": ("gebied niet geladen of onbekend", "area not loaded or unknown"),
    "src_no_code": ("geen gebiedscode herkend", "no area code recognised"),
    "src_ambiguous_name": ("gebiedsnaam niet eenduidig", "area name ambiguous"),
    "src_unknown_neighbourhood": ("buurt bestaat niet", "neighbourhood does not exist"),
    "not_a_number": ("geen getal", "not a number"),
    "negative_count": ("negatief aantal", "negative count"),
    "conflicting_duplicate": ("tegenstrijdige dubbele rij", "conflicting duplicate row"),
    "src_short_line": ("onvolledige regel", "incomplete line"),
    "src_bad_value": ("onbekende waarde in een kenmerk", "unknown value in a dimension"),
    "bad_period": ("ongeldige periode", "invalid period"),
    "src_bad_measure": ("ongeldige naam van meetwaarde", "invalid measure name"),
    "src_unknown_level": ("onbekend gebiedsniveau", "unknown area level"),
}
messages.register({f"reason_{code}": pair for code, pair in REASON_TITLES.items()})
messages.register(SOURCE_MESSAGES)


def reason_title(code: str, lang: str | None = None) -> str:
    if code in REASON_TITLES:
        return messages.render(f"reason_{code}", lang=lang)
    return code
