"""``zorgzaam workspace``: make a workspace and give people a role in it from the command line.

    zorgzaam workspace create "Balen – echte cijfers" [--member demo --role beheerder] [--json]
    zorgzaam workspace list [--json]

Creating a workspace that already exists (same name) changes nothing but the membership asked for, so
scripts can run it twice."""

from __future__ import annotations

import argparse

from zorgzaam.console import emit, setup_django
from zorgzaam.messages import ZorgzaamError, gettext, gettext_noop
from zorgzaam.messages import register as register_messages

register_messages({
    "workspace_user_not_found": gettext_noop(
        "Er is geen gebruiker '{user}'. Maak die eerst aan (bv. met zorgzaam demo of createsuperuser)."),
})


def register(subparsers) -> None:
    workspace = subparsers.add_parser("workspace", help="werkruimtes / workspaces")
    actions = workspace.add_subparsers(dest="workspace_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="een werkruimte maken / make a workspace")
    create.add_argument("name")
    create.add_argument("--member", help="gebruikersnaam die een rol krijgt / user name that gets a role")
    create.add_argument("--role", default="beheerder",
                        choices=["beheerder", "beleidsmedewerker", "praktijkwerker", "procesbegeleider", "lezer"])
    create.add_argument("--json", action="store_true", help="print JSON for scripts")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="alle werkruimtes / every workspace")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(handler=run_list)


def run_create(args: argparse.Namespace) -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils.text import slugify

    from zorgzaam.workspaces.models import Membership, Workspace

    with transaction.atomic():
        workspace, created = Workspace.objects.get_or_create(name=args.name, defaults={"slug": slugify(args.name)})
        member = None
        if args.member:
            user = get_user_model().objects.filter(username=args.member).first()
            if user is None:
                raise ZorgzaamError("workspace_user_not_found", user=args.member)
            Membership.objects.update_or_create(user=user, workspace=workspace, defaults={"role": args.role})
            member = {"user": args.member, "role": args.role}
    text = (gettext("Werkruimte gemaakt: {name} ({slug})") if created else
            gettext("Werkruimte bestond al: {name} ({slug})")).format(name=workspace.name, slug=workspace.slug)
    if member:
        text += (gettext("\n{member} is er {role}.").format(member=args.member, role=args.role))
    emit(args, {"name": workspace.name, "slug": workspace.slug, "created": created, "member": member}, text)
    return 0


def run_list(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.workspaces.models import Workspace

    rows = [{"name": w.name, "slug": w.slug, "demo": w.is_demo} for w in Workspace.objects.order_by("name")]
    emit(args, rows, "\n".join(f"{r['slug']:<32} {r['name']}" + (" (fictief)" if r["demo"] else "") for r in rows))
    return 0
