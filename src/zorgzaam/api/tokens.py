"""Personal API keys: made by a member for one workspace, shown once, stored as a hash, revocable.

A key is ``zz_`` followed by 43 random URL-safe characters (256 bits), so a fast hash (SHA-256) is enough:
nobody can guess one, and a stolen database holds no usable key. A key works while it is neither revoked
nor expired *and* its owner is still a member of its workspace; it then acts with the owner's current
role (see ``web.permissions``). The screen (``api.views``), the CLI (``api.commands``) and the API
(``api.v1``) all go through this module."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zorgzaam.api.models import ApiToken
from zorgzaam.messages import ZorgzaamError, gettext_noop, register
from zorgzaam.workspaces.models import Membership, Workspace

register({
    "api_not_member": gettext_noop("{user} is geen lid van de werkruimte '{workspace}'."),
    "api_user_not_found": gettext_noop("Er is geen gebruiker '{user}'."),
    "api_workspace_not_found": gettext_noop("Er is geen werkruimte '{workspace}'."),
    "api_token_not_found": gettext_noop("Er is geen API-sleutel {token} in deze werkruimte."),
    "api_token_name_missing": gettext_noop("Geef de sleutel een naam (bv. 'Power BI dashboard')."),
    "api_bad_days": gettext_noop(
        "Een sleutel is 1 tot 3650 dagen geldig (of 0: zonder vervaldatum), niet {days}."),
})

PREFIX = "zz_"
DEFAULT_DAYS = 90
MAX_DAYS = 3650
LAST_USED_EVERY = timedelta(minutes=1)  # a key in use writes its "last used" at most once a minute


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass
class NewToken:
    token: ApiToken
    key: str  # the key itself: shown once, never stored


def workspace_by_slug(slug: str) -> Workspace:
    found = Workspace.objects.filter(slug=slug).first()
    if found is None:
        raise ZorgzaamError("api_workspace_not_found", workspace=slug)
    return found


def create_token(workspace: Workspace, owner, name: str, *, days: int | None = DEFAULT_DAYS) -> NewToken:
    """A new key for ``owner`` in ``workspace`` (any member may make one: it can do no more than they
    can). ``days`` 0 or None: no expiry date."""
    name = (name or "").strip()[:100]
    if not name:
        raise ZorgzaamError("api_token_name_missing")
    if days is not None and not 0 <= int(days) <= MAX_DAYS:
        raise ZorgzaamError("api_bad_days", days=days)
    if not Membership.objects.filter(workspace=workspace, user=owner).exists():
        raise ZorgzaamError("api_not_member", user=owner.get_username(), workspace=workspace.slug)
    key = PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + timedelta(days=int(days)) if days else None
    token = ApiToken.objects.create(workspace=workspace, owner=owner, name=name, prefix=key[:10],
                                    key_hash=hash_key(key), expires_at=expires)
    return NewToken(token, key)


def tokens_of(workspace: Workspace, owner=None):
    """The workspace's keys (of one person when ``owner`` is given), newest first."""
    query = ApiToken.objects.filter(workspace=workspace).select_related("owner")
    return query.filter(owner=owner) if owner is not None else query


def find_token(workspace: Workspace, ref: str | int) -> ApiToken:
    """A key of the workspace by id or by its shown prefix (``zz_AbCdEfG``)."""
    query = ApiToken.objects.filter(workspace=workspace)
    text = str(ref).strip()
    found = query.filter(pk=int(text)).first() if text.isdigit() else query.filter(prefix=text[:10]).first()
    if found is None:
        raise ZorgzaamError("api_token_not_found", token=text)
    return found


def revoke(token: ApiToken) -> ApiToken:
    """Stops the key at once (idempotent: a revoked key keeps its first revocation time)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(raw: str) -> tuple[ApiToken, Membership] | None:
    """The key and its owner's current membership, or None when the key is unknown, revoked, expired,
    or its owner is no longer a member (or no longer active)."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("workspace", "owner").filter(key_hash=hash_key(raw)).first()
    if token is None or not token.is_active or not token.owner.is_active:
        return None
    membership = Membership.objects.filter(workspace=token.workspace, user=token.owner).first()
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, membership


def as_dict(token: ApiToken) -> dict:
    """A key as the CLI prints it (never the key or its hash)."""
    return {"id": token.pk, "name": token.name, "prefix": token.prefix, "workspace": token.workspace.slug,
            "owner": token.owner.get_username(), "state": token.state,
            "created_at": token.created_at.isoformat(), "expires_at": token.expires_at.isoformat()
            if token.expires_at else None, "last_used_at": token.last_used_at.isoformat()
            if token.last_used_at else None, "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None}
