"""The action plan as documents: an editable Word file (and the same as PDF) and a workbook.

Word, through the one document model (:mod:`zorgzaam.graphics.document`): the vision, the goal tree as an
outline (strategic goals and sub-goals as headings, actions as items), then per action the fields of the
method's action-plan template (goal, sub-goal, term, target group, owner, working group, RASCI, first
steps, agreements, next evaluation, status) with its norms and their computed status, the RASCI matrix
as a table, and every norm with its status. The workbook has three sheets: actions, norms, RASCI matrix;
no cell is ever a live formula (:mod:`zorgzaam.spreadsheets`)."""

from __future__ import annotations

import datetime as dt
import io

from zorgzaam.graphics.document import Cover, Heading, Report, Section, Table, para
from zorgzaam.messages import format_number, gettext, gettext_noop

LETTERS = "RASCI"
FIELDS = (  # (key, Dutch label) of an action's table, in the template's order
    ("goal", gettext_noop("Doelstelling")), ("sub_goal", gettext_noop("Tussendoel")), ("term", gettext_noop("Termijn")),
    ("target_group", gettext_noop("Doelgroep")), ("owner", gettext_noop("Trekker")),
    ("working_group", gettext_noop("Werkgroep")), ("rasci", gettext_noop("RASCI")),
    ("first_steps", gettext_noop("Eerste stappen en wie ze zet")),
    ("agreements", gettext_noop("Afspraken en taakverdeling")),
    ("next_evaluation", gettext_noop("Volgende evaluatie")), ("status", gettext_noop("Status")),
    ("progress", gettext_noop("Voortgang")),
)


def _date(value, lang: str) -> str:
    return value.strftime(gettext("%d-%m-%Y", lang)) if value else "–"  # the date as each language writes it


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


def _value(row: dict, lang: str) -> str:
    if row.get("latest") is None:
        return "–"
    return format_number(row["latest"], lang, 1) + _unit(row["unit"])


def _target(row: dict, lang: str) -> str:
    sign = {">=": "≥", "<=": "≤", "=": "="}.get(row["comparison"], row["comparison"])
    decimals = 0 if float(row["target"]).is_integer() else 1
    text = f"{sign} {format_number(row['target'], lang, decimals)}" + _unit(row["unit"])
    if row.get("deadline"):
        text += " " + gettext("tegen {date}", lang).format(date=_date(row["deadline"], lang))
    return text


def collect(workspace, *, lang: str = "nl", today: dt.date | None = None) -> dict:
    """Everything the documents show, read once: the plan's rows, each action's own fields, the norm board
    and the actors of the RASCI matrix."""
    from zorgzaam.plan import plan_service as service
    from zorgzaam.plan.tree_models import Action

    plan = service.plan_rows(workspace, lang=lang, today=today)
    norms = service.norm_board(workspace, today=today, lang=lang)
    own = {a.pk: a for a in Action.objects.filter(node__workspace=workspace)}
    by_id = {row["id"]: row for row in plan["rows"]}
    norms_by_node: dict[int, list] = {}
    for norm in norms:
        norms_by_node.setdefault(norm["node"], []).append(norm)
    actions = []
    for row in plan["rows"]:
        if row["kind"] != "action":
            continue
        action = own[row["id"]]
        parent = by_id.get(row["parent"])
        goal, sub_goal = (None, None)
        if parent is not None and parent["kind"] == "operational":
            sub_goal, goal = parent, by_id.get(parent["parent"])
        elif parent is not None:
            goal = parent
        actions.append({
            **row, "goal": f"{goal['outline']} {goal['title']}" if goal else "–",
            "sub_goal": f"{sub_goal['outline']} {sub_goal['title']}" if sub_goal else "–",
            "term_text": f"{row['term']['code']} ({row['term']['words']})",
            "first_steps": action.first_steps, "agreements": action.agreements, "progress": action.progress,
            "description": action.node.description, "status_reason": action.status_reason,
            "norms": norms_by_node.get(row["id"], []),
        })
    actors = sorted({(r["actor_id"], r["actor"]) for a in actions for r in a["rasci"]}, key=lambda x: x[1].lower())
    return {"workspace": workspace.name, "vision": plan["vision"], "rows": plan["rows"], "actions": actions,
            "norms": norms, "actors": actors}


def _field_text(action: dict, key: str, lang: str) -> str:
    if key == "term":
        return action["term_text"]
    if key == "rasci":
        return "; ".join(f"{r['letter']}: {r['actor']}" for r in action["rasci"]) or "–"
    if key == "next_evaluation":
        return _date(action["next_evaluation"], lang)
    if key == "status":
        return action["status_label"] + (f" ({action['status_reason']})" if action.get("status_reason") else "")
    if key == "progress":
        return "–" if action["progress"] is None else f"{action['progress']} %"
    return action.get(key) or "–"


def rasci_matrix(data: dict) -> tuple[list[str], list[list[str]]]:
    """Header (action, then one column per actor) and one row per action with the letters."""
    header = [gettext("Actie", data.get("lang"))] + [name for _id, name in data["actors"]]
    rows = []
    for action in data["actions"]:
        letters = {r["actor_id"]: r["letter"] for r in action["rasci"]}
        rows.append([f"{action['label']} {action['title']}"] + [letters.get(i, "") for i, _n in data["actors"]])
    return header, rows


def build_report(workspace, *, lang: str = "nl", today: dt.date | None = None, data: dict | None = None) -> Report:
    data = data or collect(workspace, lang=lang, today=today)
    data["lang"] = lang
    t = lambda text: gettext(text, lang)  # noqa: E731
    tree = Section(t("Visie en doelenboom"))
    if data["vision"]:
        tree.blocks += [Heading(t("Onze visie op een zorgzame buurt"), 2), para(data["vision"])]
    tree.blocks.append(Heading(t("De doelenboom"), 2))
    for row in data["rows"]:
        if row["kind"] == "action":
            tree.blocks.append(para(f"{row['label']}  {row['title']} ({row['term']['code']}, {row['status_label']})",
                                    style="bullet"))
        else:
            tree.blocks.append(Heading(f"{row['label']}  {row['title']}", 3 if row["kind"] == "operational" else 2))
    if not data["rows"]:
        tree.blocks.append(para(t("Het plan is nog leeg.")))
    actions = Section(t("Acties"))
    for action in data["actions"]:
        actions.blocks.append(Heading(f"{action['label']}  {action['title']}", 2))
        if action.get("description"):
            actions.blocks.append(para(action["description"]))
        actions.blocks.append(Table([t("Veld"), t("Inhoud")],
                                    [[t(label), _field_text(action, key, lang)] for key, label in FIELDS],
                                    numeric=[False, False], widths=[1.4, 3]))
        if action["norms"]:
            actions.blocks.append(Heading(t("Normen en hun status"), 3))
            actions.blocks.append(Table(
                [t("Norm"), t("Doelwaarde"), t("Laatste meting"), t("Status")],
                [[n["description"], _target(n, lang), _value(n, lang), n["status_label"]] for n in action["norms"]],
                numeric=[False, False, True, False], widths=[2.6, 1.9, 1.0, 1.2]))
        else:
            actions.blocks.append(para(t("Nog geen norm: wanneer noemen we deze actie geslaagd?"), style="small"))
    if not data["actions"]:
        actions.blocks.append(para(t("Nog geen acties.")))
    matrix = Section(t("RASCI-matrix"))
    header, rows = rasci_matrix(data)
    matrix.blocks.append(para(t("R: trekt de actie · A: legt verantwoording af · S: helpt uitvoeren · "
                                "C: wordt om raad gevraagd · I: wordt op de hoogte gehouden")))
    if data["actors"]:
        matrix.blocks.append(Table(header, rows, caption=t("Wie welke rol heeft per actie"),
                                   numeric=[False] * len(header), widths=[3] + [1.5] * (len(header) - 1)))
    else:
        matrix.blocks.append(para(t("Nog geen rollen toegekend.")))
    norms = Section(t("Alle normen"))
    if data["norms"]:
        norms.blocks.append(Table(
            [t("Onderdeel"), t("Norm"), t("Doelwaarde"), t("Laatste meting"), t("Status")],
            [[n["node_label"], n["description"], _target(n, lang), _value(n, lang), n["status_label"]]
             for n in data["norms"]],
            caption=t("Normen met hun berekende status"), numeric=[False, False, False, True, False],
            widths=[1.1, 2.6, 1.9, 1.0, 1.2]))
    else:
        norms.blocks.append(para(t("Nog geen normen.")))
    return Report(title=t("Actieplan"), subtitle=data["workspace"], cover=Cover(team=data["workspace"]),
                  sections=[tree, actions, matrix, norms], lang=lang)


def render(workspace, fmt: str, *, lang: str = "nl", today: dt.date | None = None) -> bytes:
    """The action plan as ``docx``, ``pdf`` or ``xlsx`` bytes."""
    from zorgzaam.graphics.document import render_docx, render_pdf

    data = collect(workspace, lang=lang, today=today)
    if fmt == "xlsx":
        return workbook(data, lang)
    report = build_report(workspace, lang=lang, data=data)
    if fmt == "docx":
        return render_docx(report)
    if fmt == "pdf":
        return render_pdf(report)
    raise ValueError(fmt)


FORMATS = ("docx", "xlsx", "pdf")
CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def workbook(data: dict, lang: str = "nl") -> bytes:
    """Three sheets: the actions with the template's fields, the norms with their status, the RASCI matrix."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from zorgzaam.spreadsheets import fit_columns, protect_book

    data["lang"] = lang
    t = lambda text: gettext(text, lang)  # noqa: E731
    book = Workbook()
    sheet = book.active
    sheet.title = t("Acties")[:31]
    sheet.append([t("Nummer"), t("Actie"), t("Omschrijving")] + [t(label) for _k, label in FIELDS] + [t("Normen")])
    for action in data["actions"]:
        sheet.append([action["label"], action["title"], action.get("description") or ""]
                     + [_field_text(action, key, lang) if key != "progress" else action["progress"]
                        for key, _l in FIELDS] + [len(action["norms"])])
    norms = book.create_sheet(t("Normen")[:31])
    norms.append([t("Onderdeel"), t("Titel"), t("Norm"), t("Bron"), t("Vergelijking"), t("Doelwaarde"),
                  t("Eenheid"), t("Tegen"), t("Laatste meting"), t("Datum meting"), t("Status")])
    for n in data["norms"]:
        norms.append([n["node_label"], n["node_title"], n["description"], n["source_label"], n["comparison"],
                      n["target"], n["unit"], n["deadline"], n["latest"], n["latest_date"], n["status_label"]])
    matrix = book.create_sheet(t("RASCI-matrix")[:31])
    header, rows = rasci_matrix(data)
    matrix.append(header)
    for row in rows:
        matrix.append(row)
    for each in book.worksheets:
        for cell in each[1]:
            cell.font = Font(bold=True)
        each.freeze_panes = "A2"
    protect_book(book)
    for each in book.worksheets:
        fit_columns(each)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
