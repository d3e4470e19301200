"""Message codes of the importers (Dutch first, English second). Plain module, no Django.

The generic codes (file_empty, zip_broken, unknown_area, duplicate_row ...) live in
``zorgzaam.messages``; the ones below are specific to importing and downloading."""

from __future__ import annotations

from zorgzaam import messages

SOURCE_MESSAGES: dict[str, str] = {
    "src_suppressed": messages.gettext_noop(
        "{count} waarde(n) zijn afgeschermd of ontbreken ({markers}); ze blijven onbekend, niet 0."),
    "src_delimiter_other": messages.gettext_noop(
        "Verwacht scheidingsteken '{expected}', gevonden '{found}': het bestand is met '{found}' gelezen."),
    "src_short_line": messages.gettext_noop("Deze regel heeft {found} velden in plaats van {expected}."),
    "src_bad_value": messages.gettext_noop("Onbekende waarde '{value}' (verwacht: {expected})."),
    "src_no_code": messages.gettext_noop("'{value}' bevat geen gebiedscode of gekende gebiedsnaam."),
    "src_ambiguous_name": messages.gettext_noop(
        "De naam '{value}' past bij meer dan één gebied ({codes}); gebruik de code."),
    "src_unknown_neighbourhood": messages.gettext_noop(
        "Buurt '{code}' bestaat niet in werkruimte {workspace}."),
    "src_need_workspace": messages.gettext_noop(
        "Cijfers per buurt horen bij een werkruimte: geef --workspace op."),
    "src_workspace_not_found": messages.gettext_noop("Werkruimte '{slug}' niet gevonden."),
    "src_unknown_level": messages.gettext_noop("Onbekend gebiedsniveau '{level}'. Gekend: {known}."),
    "src_need_level": messages.gettext_noop(
        "Het gebiedsniveau is niet gekend: geef --level op (bv. sector, municipality, neighbourhood)."),
    "src_nothing_kept": messages.gettext_noop(
        "Geen enkele waarde doorstond de controle; er is niets opgeslagen."),
    "src_no_data_rows": messages.gettext_noop("Het bestand bevat geen gegevensrijen."),
    "src_no_value_columns": messages.gettext_noop("Geen kolommen met cijfers gevonden (naast {columns})."),
    "src_no_area_column": messages.gettext_noop(
        "Geen kolom met gebieden gevonden. Kolommen: {found}. Geef --area-column op."),
    "src_sheet_unreadable": messages.gettext_noop("Het werkblad kon niet gelezen worden: {detail}"),
    "src_rate_column": messages.gettext_noop(
        "Kolom '{column}' is een percentage of verhouding, geen aantal: bewaard als '{measure}' en nooit "
        "opgeteld. Sla ze over met --skip als je ze niet nodig hebt."),
    "src_period_overridden": messages.gettext_noop(
        "De periode uit het bestand ({found}) is vervangen door --period {period}."),
    "src_vintage_choice": messages.gettext_noop(
        "{count} gebiedscode(s) bestaan in meerdere versies; gekozen is de versie die geldt in de periode "
        "(of de dichtstbije)."),
    "src_blank_rows": messages.gettext_noop("{count} lege of niet-gegevensregel(s) overgeslagen."),
    "src_duplicates_dropped": messages.gettext_noop(
        "{count} identieke dubbele rij(en): telkens één exemplaar behouden."),
    "src_bad_measure": messages.gettext_noop("'{value}' is geen geldige naam voor een meetwaarde."),
    "src_unknown_mapping_column": messages.gettext_noop(
        "Kolom '{column}' uit de opgegeven koppeling of --skip/--rate bestaat niet. Kolommen: {found}."),
    "src_unreadable": messages.gettext_noop("Het bestand kon niet gelezen worden als {kind}: {detail}"),
    "src_too_big": messages.gettext_noop(
        "Het bestand is uitgepakt groter dan {limit} MB en is geweigerd voor het geheugen volliep. Is het echt "
        "zo groot, verhoog dan {setting}."),
    "src_zip_members": messages.gettext_noop(
        "Het zip-bestand bevat {count} bestanden; meer dan {limit} wordt niet gelezen (instelling {setting})."),
    "src_not_a_table": messages.gettext_noop(
        "{name} is geen tabel: het bestand bevat geen tekst maar binaire gegevens (bijvoorbeeld een foto, een "
        "programma of een ander soort archief). Kies een CSV-, TXT- of Excel-bestand (.xlsx) met kolommen."),
    "src_formula_no_value": messages.gettext_noop(
        "Blad '{sheet}', cel {cell}: deze cel bevat een formule zonder berekende waarde ({count} zulke cellen in "
        "dit blad). Het bestand is bewaard door een programma dat formules niet uitrekent, dus de waarde zou "
        "leeg lijken. Open het in Excel of LibreOffice, bewaar het opnieuw en laad het nog eens op."),
    "src_line_too_long": messages.gettext_noop(
        "Deze regel is langer dan {limit} kB: dit is geen gewoon tabelbestand (of het is beschadigd). Het is "
        "niet verder gelezen. Is zo'n lange regel echt nodig, verhoog dan {setting}."),
    "src_incomplete_file": messages.gettext_noop(
        "Het bestand is onvolledig: de laatste regel stopt na {found} van de {expected} velden (het veld "
        "{field} ontbreekt). Het bestand is waarschijnlijk afgebroken tijdens het downloaden of uitpakken. "
        "Er is niets opgeslagen; haal het bestand opnieuw op."),
    "src_incomplete_last_value": messages.gettext_noop(
        "Het bestand is onvolledig: de laatste regel eindigt zonder regeleinde en de waarde '{value}' is geen "
        "getal. Het bestand is waarschijnlijk afgebroken. Er is niets opgeslagen; haal het bestand opnieuw op."),
    "src_missing_areas": messages.gettext_noop(
        "Het bestand is onvolledig: {missing} van de {expected} geladen gebieden ({level}, versie {vintage}) "
        "komen er niet in voor, bv. {examples}. Er is niets opgeslagen."),
    "src_bad_period_option": messages.gettext_noop(
        "'{period}' is geen geldige periode: gebruik bv. 2015, 2015-01-01, 2015Q1 of 2015-2016. Er is niets "
        "gelezen."),
    "src_period_contradicts_name": messages.gettext_noop(
        "Je gaf --period {period}, maar volgens de bestandsnaam gaat het over {found}. Er is niets gelezen. "
        "Klopt {period} toch, gebruik dan ook --force-period."),
    "src_period_forced": messages.gettext_noop(
        "Let op: de bestandsnaam zegt {found}, maar de cijfers zijn opgeslagen als periode {period} omdat je "
        "--force-period gaf."),
    "src_cube_zeros": messages.gettext_noop(
        "{count} cellen ontbraken in de kubus en werden als 0 geteld: Statbel laat cellen zonder personen weg "
        "(bv. geen vrouw van 104 in een gemeente). Dat geldt voor de {areas} gebieden die in het bestand "
        "staan; afgeschermde waarden blijven onbekend."),
    "src_outside_areas": messages.gettext_noop(
        "{rows} regels over {areas} gebieden buiten de geladen gebieden zijn overgeslagen (bv. {examples}); "
        "dat is geen fout."),
    "src_unknown_code": messages.gettext_noop(
        "{count} regel(s) hebben een onbekende code in {field} ({values}; gekend: {known}). Ze tellen mee "
        "voor het totaal, geslacht en leeftijd, maar niet voor {what}."),
    # downloads
    "dl_unknown_name": messages.gettext_noop("Onbekende download '{name}'. Beschikbaar: {known}."),
    "dl_failed": messages.gettext_noop("Downloaden van {url} mislukt: {detail}"),
    "dl_size_mismatch": messages.gettext_noop(
        "Download van {url} onvolledig: {got} van {expected} bytes ontvangen."),
    "dl_checksum_mismatch": messages.gettext_noop(
        "Controlegetal van {name} klopt niet (verwacht {expected}, gekregen {got})."),
    "dl_not_zip": messages.gettext_noop("Het gedownloade bestand {name} is geen geldig zip-bestand."),
}

# Short titles of the refusal groups in a report (code -> title), plain words.
REASON_TITLES: dict[str, str] = {
    "unknown_area": messages.gettext_noop("gebied niet geladen of onbekend"),
    "src_no_code": messages.gettext_noop("geen gebiedscode herkend"),
    "src_ambiguous_name": messages.gettext_noop("gebiedsnaam niet eenduidig"),
    "src_unknown_neighbourhood": messages.gettext_noop("buurt bestaat niet"),
    "not_a_number": messages.gettext_noop("geen getal"),
    "negative_count": messages.gettext_noop("negatief aantal"),
    "conflicting_duplicate": messages.gettext_noop("tegenstrijdige dubbele rij"),
    "src_short_line": messages.gettext_noop("onvolledige regel"),
    "src_bad_value": messages.gettext_noop("onbekende waarde in een kenmerk"),
    "bad_period": messages.gettext_noop("ongeldige periode"),
    "src_bad_measure": messages.gettext_noop("ongeldige naam van meetwaarde"),
    "src_unknown_level": messages.gettext_noop("onbekend gebiedsniveau"),
}
messages.register({f"reason_{code}": msgid for code, msgid in REASON_TITLES.items()})
messages.register(SOURCE_MESSAGES)


def reason_title(code: str, lang: str | None = None) -> str:
    if code in REASON_TITLES:
        return messages.render(f"reason_{code}", lang=lang)
    return code
