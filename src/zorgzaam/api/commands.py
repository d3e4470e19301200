"""``zorgzaam api token create|list|revoke``: personal API keys from the command line (the same keys as the
screen /w/<werkruimte>/api-sleutels/). A new key is printed once; only its hash is kept."""

from __future__ import annotations

import argparse

from zorgzaam.console import add_json_flag, emit, setup_django
from zorgzaam.messages import ZorgzaamError, gettext, pgettext


def register(subparsers: argparse._SubParsersAction) -> None:
    api = subparsers.add_parser("api", help="the read-only REST API: personal keys / API-sleutels")
    api_sub = api.add_subparsers(dest="api_command", metavar="ACTION", required=True)
    token = api_sub.add_parser("token", help="make, list or revoke personal API keys")
    actions = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="make a key for a member of a workspace (printed once)")
    create.add_argument("--workspace", required=True, metavar="SLUG")
    create.add_argument("--user", required=True, metavar="NAME", help="the member who owns the key")
    create.add_argument("--name", default="", help="what the key is for (default: 'CLI')")
    create.add_argument("--days", type=int, default=90, help="valid for this many days (0: no expiry; default 90)")
    add_json_flag(create)
    create.set_defaults(handler=run_create)

    listing = actions.add_parser("list", help="the keys of a workspace (never the keys themselves)")
    listing.add_argument("--workspace", required=True, metavar="SLUG")
    listing.add_argument("--user", metavar="NAME", help="only this member's keys")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    revoke = actions.add_parser("revoke", help="stop a key at once")
    revoke.add_argument("token", metavar="ID_OR_PREFIX", help="the key's id or the characters it starts with (zz_…)")
    revoke.add_argument("--workspace", required=True, metavar="SLUG")
    add_json_flag(revoke)
    revoke.set_defaults(handler=run_revoke)


def _user(name: str):
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=name).first()
    if found is None:
        raise ZorgzaamError("api_user_not_found", user=name)
    return found


def run_create(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.api import tokens

    workspace = tokens.workspace_by_slug(args.workspace)
    made = tokens.create_token(workspace, _user(args.user), args.name or "CLI", days=args.days)
    data = dict(tokens.as_dict(made.token), key=made.key)
    text = "\n".join([
        made.key,
        (gettext("Bewaar deze sleutel nu: hij wordt nooit meer getoond.")),
        (gettext("Werkruimte {slug}, van {owner}, ").format(slug=workspace.slug, owner=data['owner'])) + ((gettext("vervalt ")) + data["expires_at"][:10] if data["expires_at"]
                                  else (gettext("vervalt niet"))),
        f"curl -H \"Authorization: Bearer {made.key}\" http://127.0.0.1:8000/api/v1/me",
    ])
    emit(args, data, text)
    return 0


def run_list(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.api import tokens

    workspace = tokens.workspace_by_slug(args.workspace)
    rows = [tokens.as_dict(t) for t in tokens.tokens_of(workspace, _user(args.user) if args.user else None)]
    states = {"active": "werkt", "revoked": "ingetrokken", "expired": "vervallen"}  # msgids, context "key state"
    lines = [f"[{r['id']}] {r['prefix']}…  {r['name']}  ({r['owner']}; {pgettext('key state', states[r['state']])}"
             + (f"; {gettext('vervalt')} {r['expires_at'][:10]}" if r["expires_at"] else "") + ")"
             for r in rows]
    emit(args, {"workspace": workspace.slug, "tokens": rows},
         "\n".join(lines) or (gettext("Nog geen API-sleutels.")))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    setup_django()
    from zorgzaam.api import tokens

    workspace = tokens.workspace_by_slug(args.workspace)
    token = tokens.revoke(tokens.find_token(workspace, args.token))
    emit(args, tokens.as_dict(token), (gettext("Sleutel {prefix}… ({name}) is ingetrokken.").format(prefix=token.prefix, name=token.name)))
    return 0
