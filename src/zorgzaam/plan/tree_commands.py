"""Plan commands: ``zorgzaam plan tree|add|move|edit|delete|action|norm|measure|check|due`` (with ``--json``);
``plan challenge …`` lives in :mod:`plan.challenge_commands`, ``plan import``/``decidim`` in :mod:`plan.import_commands`.

    zorgzaam plan tree --workspace demo-overbos
    zorgzaam plan add action "Elke maand een spelnamiddag" --parent 12 --term KT --owner Buurtwerker
    zorgzaam plan move 17 --parent 14 --position 0
    zorgzaam plan edit 14 --title "Jonge gezinnen kennen elkaar" --working-group Gezin
    zorgzaam plan delete 17
    zorgzaam plan action 17 --set owner=Sara --version 3
    zorgzaam plan action 17 --status ongoing --version 4
    zorgzaam plan norm add 17 --description "…" --source counts --target 30 --count-label aanwezig --denominator 120
    zorgzaam plan norm list
    zorgzaam plan norm update 5 --target 35 --deadline 2027-06-30
    zorgzaam plan measure 5 --date 2025-10-04 --value 18.3 --note "aftekenlijst"
    zorgzaam plan measure --refresh
    zorgzaam plan check
    zorgzaam plan due --days 30 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import current_language, format_number, gettext


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return ""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum (JJJJ-MM-DD) / not a date (YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser("plan", help="the neighbourhood plan: goals, actions, norms / het buurtplan")
    verbs = plan.add_subparsers(dest="plan_command", metavar="ACTION")

    def verb(name: str, text: str, handler) -> argparse.ArgumentParser:
        parser = verbs.add_parser(name, help=text)
        parser.add_argument("--workspace", help="workspace slug (default: the first)")
        add_json_flag(parser)
        parser.set_defaults(handler=handler)
        return parser

    verb("tree", "the plan as a tree with outline numbers", run_tree)
    add = verb("add", "add a goal or an action", run_add)
    add.add_argument("kind", choices=["long", "strategic", "operational", "action"])
    add.add_argument("title")
    add.add_argument("--parent", type=int)
    add.add_argument("--position", type=int)
    add.add_argument("--working-group", default="")
    add.add_argument("--horizon", type=int, help="years (long-term goal)")
    add.add_argument("--block", action="append", default=[], help="building block code (repeatable)")
    add.add_argument("--term", choices=["KT", "MLT", "LT"])
    add.add_argument("--owner")
    add.add_argument("--target-group")
    add.add_argument("--evaluation", type=_date, help="next evaluation date")
    move = verb("move", "move a goal or action (and what hangs under it)", run_move)
    move.add_argument("id", type=int)
    move.add_argument("--parent", type=int, help="new parent id (omit with --top)")
    move.add_argument("--top", action="store_true", help="to the top of the plan")
    move.add_argument("--position", type=int)
    edit = verb("edit", "change a goal's title, description, working group or horizon", run_edit)
    edit.add_argument("id", type=int)
    edit.add_argument("--title")
    edit.add_argument("--description")
    edit.add_argument("--working-group")
    edit.add_argument("--horizon", type=int, help="years (long-term goal)")
    delete = verb("delete", "delete a goal or action (refused while something hangs under it)", run_delete)
    delete.add_argument("id", type=int)
    due = verb("due", "evaluations and measurements due in the next days (and those late)", run_due)
    due.add_argument("--days", type=int, default=30)
    due.add_argument("--today", type=_date, help="the date to count from (default: today)")
    action = verb("action", "show an action, or change it (--set, --status) from a version", run_action)
    action.add_argument("id", type=int)
    action.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    action.add_argument("--status")
    action.add_argument("--reason", default="")
    action.add_argument("--version", type=int, help="the version your change starts from")
    norm = verb("norm", "norms: list (the board) or add", run_norm)
    norm.add_argument("what", choices=["list", "add", "update"])
    norm.add_argument("node", type=int, nargs="?", help="add: the goal or action; update: the norm")
    norm.add_argument("--description")
    norm.add_argument("--source", choices=["catalogue", "survey", "counts", "typed"], default="typed")
    norm.add_argument("--target", type=float)
    norm.add_argument("--comparison", choices=[">=", "<=", "="], default=">=")
    norm.add_argument("--unit", default="%")
    norm.add_argument("--deadline", type=_date)
    norm.add_argument("--baseline", type=float)
    norm.add_argument("--baseline-date", type=_date)
    norm.add_argument("--every-months", type=int)
    norm.add_argument("--neighbourhood")
    norm.add_argument("--indicator", default="")
    norm.add_argument("--question", help="question code of a survey of the workspace")
    norm.add_argument("--answers", default="", help="answer codes that count, comma-separated")
    norm.add_argument("--count-label", default="")
    norm.add_argument("--denominator", type=float, help="a population figure typed by the team")
    norm.add_argument("--denominator-indicator", default="")
    norm.add_argument("--denominator-part", default="value", choices=["value", "numerator", "denominator"])
    norm.add_argument("--today", type=_date, help="the date statuses are computed for (default: today)")
    measure = verb("measure", "add a measurement, or compute them from their sources (--refresh)", run_measure)
    measure.add_argument("norm", type=int, nargs="?")
    measure.add_argument("--date", type=_date)
    measure.add_argument("--value", type=float)
    measure.add_argument("--count", type=float, help="numerator (with --of)")
    measure.add_argument("--of", type=float, help="denominator")
    measure.add_argument("--note", default="")
    measure.add_argument("--refresh", action="store_true")
    check = verb("check", "the quality questions of every action and goal", run_check)
    check.add_argument("--today", type=_date)

    from zorgzaam.plan.import_commands import register as register_import

    register_import(verb)  # zorgzaam plan import FILE, zorgzaam plan decidim export|import
    from zorgzaam.plan.challenge_commands import register as register_challenges

    register_challenges(verb)  # zorgzaam plan challenge list|show|add|link|unlink


def _workspace(args):
    setup_django()
    from zorgzaam.areas.neighbourhood_service import get_workspace

    return get_workspace(args.workspace)


def run_tree(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan.plan_service import plan_rows

    lang = current_language()
    plan = plan_rows(workspace, lang=lang)
    lines = [plan["vision"]] if plan["vision"] else []
    for row in plan["rows"]:
        extra = ""
        if row["kind"] == "action":
            extra = f" [{row['term']['code']} {row['term']['words']}] · {row['status_label']}"
            if row.get("owner"):
                extra += f" · {row['owner']}"
        lines.append(f"{'  ' * row['depth']}{row['label']}  {row['title']}{extra}  (id {row['id']})")
    emit(args, plan, "\n".join(lines) or gettext("(nog geen plan)", lang))
    return 0


def run_add(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan.plan_service import add_node

    fields = {}
    if args.kind == "action":
        fields = {k: v for k, v in (("term", args.term), ("owner", args.owner), ("target_group", args.target_group),
                                    ("next_evaluation", args.evaluation)) if v is not None}
        fields["user"] = _user()
    node = add_node(workspace, args.kind, args.title, parent=args.parent, position=args.position,
                    working_group=args.working_group, horizon_years=args.horizon, building_blocks=args.block, **fields)
    emit(args, {"id": node.pk, "kind": node.kind, "title": node.title, "parent": node.parent_id},
         f"{node.pk}: {node.title}")
    return 0


def run_move(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan.plan_service import move_node

    if args.parent is None and not args.top:
        raise SystemExit("--parent ID of --top / --parent ID or --top")
    changes = move_node(workspace, args.id, None if args.top else args.parent, args.position)
    emit(args, {"moved": args.id, "changed": {str(k): list(v) for k, v in changes.items()}},
         f"{args.id} → {args.parent or 'top'}")
    return 0


def run_edit(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan.plan_service import update_node

    changes = {field: value for field, value in (
        ("title", args.title), ("description", args.description), ("working_group", args.working_group),
        ("horizon_years", args.horizon)) if value is not None}
    node = update_node(workspace, args.id, **changes)
    emit(args, {"id": node.pk, "title": node.title, "working_group": node.working_group}, f"{node.pk}: {node.title}")
    return 0


def run_delete(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan.plan_service import delete_node

    gone = delete_node(workspace, args.id)
    emit(args, {"deleted": gone}, " ".join(str(i) for i in gone))
    return 0


def run_due(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan.plan_service import workspace_due

    rows = workspace_due(workspace, today=args.today, days=args.days)
    lines = [f"{r['date'].isoformat()}{' !' if r['late'] else ''} {r['kind']}: {r['label']} {r['title']}".rstrip()
             for r in rows]
    emit(args, rows, "\n".join(lines) or "-")
    return 0


def _action_dict(workspace, action, lang: str) -> dict:
    from zorgzaam.plan.plan_service import plan_rows

    row = next(r for r in plan_rows(workspace, lang=lang)["rows"] if r["id"] == action.pk)
    history = [{"status": h.status, "reason": h.reason, "at": h.changed_at, "by": h.changed_by}
               for h in action.status_history.all()]
    return {**row, "first_steps": action.first_steps, "agreements": action.agreements,
            "status_reason": action.status_reason, "history": history}


def run_action(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan import plan_service as service

    lang = current_language()
    action = service.get_action(workspace, args.id)
    if args.set or args.status:
        if args.version is None:
            raise SystemExit("--version N is nodig om te wijzigen / --version N is needed to change")
        version = args.version
        if args.set:
            changes = {}
            for item in args.set:
                field, _, value = item.partition("=")
                changes[field.strip().replace("-", "_")] = value
            if "next_evaluation" in changes:
                changes["next_evaluation"] = _date(changes["next_evaluation"]) if changes["next_evaluation"] else None
            if "building_blocks" in changes:
                changes["building_blocks"] = [b for b in changes["building_blocks"].split(",") if b]
            action = service.update_action(workspace, args.id, version=version, user=_user(), **changes)
            version = action.version
        if args.status:
            action = service.change_status(workspace, args.id, args.status, version=version, reason=args.reason,
                                           user=_user())
    data = _action_dict(workspace, action, lang)
    lines = [f"{data['label']}  {data['title']}  (id {data['id']}, versie {data['version']})",
             f"  {data['term']['words']} · {data['status_label']} · {data.get('owner') or '-'}"]
    lines += [f"  {r['letter']}: {r['actor']}" for r in data["rasci"]]
    lines += [f"  ? {q['text']}" for q in data["questions"]]
    emit(args, data, "\n".join(lines))
    return 0


def run_norm(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan import plan_service as service

    lang = current_language()
    if args.what == "add":
        if args.node is None or args.description is None or args.target is None:
            raise SystemExit("plan norm add NODE --description … --target …")
        neighbourhood = question = None
        if args.neighbourhood:
            from zorgzaam.areas.neighbourhood_service import get_neighbourhood

            neighbourhood = get_neighbourhood(args.neighbourhood, workspace)
        if args.question:
            from zorgzaam.voices.models import Question

            question = Question.objects.filter(code=args.question, questionnaire__workspace=workspace).order_by(
                "-questionnaire__version").first()
        norm = service.add_norm(
            workspace, args.node, description=args.description, source_kind=args.source, target=args.target,
            comparison=args.comparison, unit=args.unit, deadline=args.deadline, baseline_value=args.baseline,
            baseline_date=args.baseline_date, every_months=args.every_months, neighbourhood=neighbourhood,
            indicator_id=args.indicator, question=question, answers=[a for a in args.answers.split(",") if a],
            count_label=args.count_label, denominator_indicator=args.denominator_indicator,
            denominator_part=args.denominator_part, denominator_value=args.denominator)
        emit(args, {"id": norm.pk, "node": norm.node_id, "description": norm.description}, f"{norm.pk}: "
             f"{norm.description}")
        return 0
    if args.what == "update":
        if args.node is None:
            raise SystemExit("plan norm update NORM [--description …] [--target …] [--deadline …] …")
        changes = {field: value for field, value in (
            ("description", args.description), ("target", args.target), ("deadline", args.deadline),
            ("baseline_value", args.baseline), ("baseline_date", args.baseline_date),
            ("every_months", args.every_months)) if value is not None}
        norm = service.update_norm(workspace, args.node, **changes)
        emit(args, {"id": norm.pk, "node": norm.node_id, "description": norm.description, "target": norm.target},
             f"{norm.pk}: {norm.description}")
        return 0
    rows = service.norm_board(workspace, today=args.today, lang=lang)
    lines = []
    for row in rows:
        value = "-" if row["latest"] is None else format_number(row["latest"], lang, 1) + (
            " %" if row["unit"] == "%" else f" {row['unit']}")
        target = f"{row['comparison']} {format_number(row['target'], lang, 1)}"
        lines.append(f"[{row['id']}] {row['node_label']} {row['description']}: {row['status_label']} "
                     f"({value}; {target})" + (f" — {row['problem']}" if row["problem"] else ""))
    emit(args, rows, "\n".join(lines) or "-")
    return 0


def run_measure(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan import plan_service as service

    if args.refresh:
        result = service.refresh_measurements(workspace, [args.norm] if args.norm else None)
        emit(args, result, f"{result['written']} metingen berekend" + "".join(
            f"\n  norm {p['norm']}: {p['message']}" for p in result["problems"]))
        return 0
    if args.norm is None or args.date is None:
        raise SystemExit("plan measure NORM --date JJJJ-MM-DD --value X | --count K --of N")
    row = service.add_measurement(workspace, args.norm, date=args.date, value=args.value, numerator=args.count,
                                  denominator=args.of, source_note=args.note, user=_user())
    emit(args, {"id": row.pk, "norm": row.norm_id, "date": row.date, "value": row.value},
         f"{row.date}: {format_number(row.value, current_language(), 1)}")
    return 0


def run_check(args) -> int:
    workspace = _workspace(args)
    from zorgzaam.plan.plan_service import plan_rows

    rows = [r for r in plan_rows(workspace, lang=current_language(), today=args.today)["rows"] if r["questions"]]
    lines = []
    for row in rows:
        lines.append(f"{row['label']}  {row['title']}")
        lines += [f"  ? {q['text']}" for q in row["questions"]]
    emit(args, [{"id": r["id"], "label": r["label"], "title": r["title"], "questions": r["questions"]} for r in rows],
         "\n".join(lines) or gettext("Geen open vragen."))
    return 0
