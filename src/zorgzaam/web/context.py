"""Template context: the workspace of the page, the member's role and what that role allows."""

from __future__ import annotations

from django.conf import settings

from zorgzaam.workspaces.permissions import allowed_actions

NAV = {"dashboard": "dashboard", "neighbourhoods": "neighbourhoods", "neighbourhood": "neighbourhoods",
       "neighbourhood-create": "neighbourhoods", "neighbourhood-edit": "neighbourhoods", "datasets": "data",
       "dataset": "data", "import": "data", "job": "data", "members": "members",
       "profile-neighbourhood": "neighbourhoods", "profile-compare": "neighbourhoods", "findings": "findings",
       "profile-team-indicators": "data"}


# whole parts of the chain, by URL namespace
NAV_BY_NAMESPACE = {"environment": "environment", "voices_staff": "voices"}


def _nav(match) -> str:
    if match is None:
        return ""
    name = match.url_name or ""
    if name == "followup" or (name.startswith("followup-") and name != "followup-public"):
        return "followup"  # the follow-up screens (followup.urls, no namespace); not the residents' public page
    return NAV_BY_NAMESPACE.get(match.namespace) or NAV.get(name, "")


def workspace(request) -> dict:
    found = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    return {
        "nav": _nav(match),
        "workspace": getattr(request, "workspace", None),
        "membership": found,
        "allowed": allowed_actions(found.role if found else None),
        "tile_url": settings.ZORGZAAM_TILE_URL,
        "tile_attribution": settings.ZORGZAAM_TILE_ATTRIBUTION,
    }
