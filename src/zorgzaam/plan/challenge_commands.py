"""Challenge commands: ``zorgzaam plan challenge list|show|add|link|unlink`` (with ``--json``).

    zorgzaam plan challenge list --workspace demo-overbos
    zorgzaam plan challenge show 3
    zorgzaam plan challenge add "Jonge gezinnen vinden elkaar" --finding 12 --finding 15 --neighbourhood Centrum
    zorgzaam plan challenge link 3 --node 14 --finding 18
    zorgzaam plan challenge unlink 3 --finding 18

A challenge keeps its findings (the evidence travels along); ``show`` and ``list`` say when one of them was
later rejected or is no longer found by the analysis, as the plan page does."""

from __future__ import annotations

from zorgzaam.console import emit


def register(verb) -> None:
    """Adds ``plan challenge`` to the plan's verbs (``verb`` of :func:`plan.tree_commands.register`)."""
    challenge = verb("challenge", "challenges: list, show, add, link or unlink findings, goals, neighbourhoods",
                     run_challenge)
    challenge.add_argument("what", choices=["list", "show", "add", "link", "unlink"])
    challenge.add_argument("target", nargs="?", help="add: the title; show, link, unlink: the challenge's id")
    challenge.add_argument("--description", default="")
    challenge.add_argument("--target-group", default="")
    challenge.add_argument("--finding", type=int, action="append", default=[], help="finding id (repeatable)")
    challenge.add_argument("--node", type=int, action="append", default=[], help="goal or action id (repeatable)")
    challenge.add_argument("--neighbourhood", action="append", default=[], help="neighbourhood name or id (repeatable)")


def _text(row: dict) -> str:
    lines = [f"[{row['id']}] {row['title']}" + (f" — {row['target_group']}" if row["target_group"] else "")
             + (f" ({', '.join(row['neighbourhoods'])})" if row["neighbourhoods"] else "")]
    lines += [f"  → {n['label']} {n['title']}".rstrip() for n in row["nodes"]]
    for finding in row["evidence"]:
        lines.append(f"  · {finding['statement']}")
        lines += [f"    ! {warning}" for warning in finding["warnings"]]
    return "\n".join(lines)


def run_challenge(args) -> int:
    from zorgzaam.plan.tree_commands import _user, _workspace

    workspace = _workspace(args)
    from zorgzaam.areas.neighbourhood_service import get_neighbourhood
    from zorgzaam.messages import current_language
    from zorgzaam.plan import plan_service as service

    lang = current_language()
    hoods = [get_neighbourhood(name, workspace) for name in args.neighbourhood]
    if args.what == "list":
        rows = service.challenge_rows(workspace, lang)
        emit(args, rows, "\n".join(_text(r) for r in rows) or "-")
        return 0
    if args.what == "add":
        if not args.target:
            raise SystemExit('plan challenge add "TITEL" [--finding ID] [--neighbourhood NAAM] [--node ID]')
        challenge = service.add_challenge(workspace, args.target, description=args.description,
                                          target_group=args.target_group, findings=args.finding,
                                          neighbourhoods=hoods, user=_user())
        if args.node:
            service.link_challenge(workspace, challenge.pk, nodes=args.node)
    else:
        if not (args.target or "").isdigit():
            raise SystemExit(f"plan challenge {args.what} ID …")
        challenge = service.get_challenge(workspace, int(args.target))
        if args.what in ("link", "unlink"):
            service.link_challenge(workspace, challenge.pk, findings=args.finding, nodes=args.node,
                                   neighbourhoods=hoods, remove=args.what == "unlink")
    row = next(r for r in service.challenge_rows(workspace, lang) if r["id"] == challenge.pk)
    emit(args, row, _text(row))
    return 0
