"""Who may do what in a workspace. Every view of every app goes through this module.

The API for views (of this app and of profile, environment, voices, plan …)::

    from zorgzaam.workspaces.permissions import Action, workspace_for

    @login_required
    def my_view(request, slug):
        workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
        ...

``workspace_for`` returns the workspace when the signed-in person is a member whose role allows the
action. A person who is not a member (or a workspace that does not exist) gets **404**, so a URL never
tells whether another team's workspace or object exists. A member whose role does not allow the action
gets 403 with a plain explanation (they already know the workspace exists).

Objects inside a workspace are fetched with ``object_in(workspace, Model, pk)`` (or a queryset
filtered on the workspace): an object of another workspace is a 404 too.

Shared reference data — the official area levels and the official datasets (``workspace`` empty), which
every workspace reads — is changed only by an *instance administrator* (:func:`is_instance_admin`), never
by a workspace's beheerder: a team's uploads stay in its own workspace. The flag is Django's ``is_staff``
(set with ``zorgzaam admin grant USER``): a built-in field, so no table of our own, and the admin site is
not routed, so it grants nothing else.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from zorgzaam.workspaces.models import Membership, Role, Workspace


class Action(StrEnum):
    VIEW = "view"
    EDIT_NEIGHBOURHOODS = "edit_neighbourhoods"
    EDIT_CONTENT = "edit_content"  # surveys, notes, plans … (other apps)
    IMPORT_DATA = "import_data"
    EXPORT = "export"
    MANAGE_MEMBERS = "manage_members"


_ALL = set(Action)
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset(_ALL),
    Role.POLICY: frozenset(_ALL - {Action.MANAGE_MEMBERS}),
    Role.PRACTICE: frozenset({Action.VIEW, Action.EDIT_NEIGHBOURHOODS, Action.EDIT_CONTENT, Action.EXPORT}),
    Role.FACILITATOR: frozenset({Action.VIEW, Action.EDIT_NEIGHBOURHOODS, Action.EDIT_CONTENT, Action.EXPORT}),
    Role.READER: frozenset({Action.VIEW}),
}


def role_allows(role: str | None, action: Action | str) -> bool:
    return role is not None and Action(action) in ROLE_ACTIONS.get(role, frozenset())


def membership(user, workspace: Workspace) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, workspace=workspace).first()


def can(user, workspace: Workspace, action: Action | str) -> bool:
    found = membership(user, workspace)
    return role_allows(found.role if found else None, action)


def workspace_for(request, slug: str, needs: Action | str = Action.VIEW) -> Workspace:
    """The workspace ``slug`` for the signed-in member, or Http404 when they are not a member.

    Also sets ``request.workspace`` and ``request.membership`` (the templates show the role and hide
    buttons the role cannot use)."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    found = (Membership.objects.select_related("workspace")
             .filter(user=user, workspace__slug=slug).first())
    if found is None:
        raise Http404
    if not role_allows(found.role, needs):
        raise PermissionDenied(Action(needs).value)
    request.workspace = found.workspace
    request.membership = found
    return found.workspace


def workspaces_of(user):
    """The workspaces a person is a member of (a queryset)."""
    if not user.is_authenticated:
        return Workspace.objects.none()
    return Workspace.objects.filter(memberships__user=user).distinct()


def object_in(workspace: Workspace, model, pk, *, shared: bool = False, field: str = "workspace"):
    """The object ``pk`` of ``model`` that belongs to ``workspace`` — or Http404.

    ``shared=True`` also accepts objects without a workspace (official data shared by everyone, such as
    an imported Statbel dataset)."""
    condition = Q(**{field: workspace})
    if shared:
        condition |= Q(**{f"{field}__isnull": True})
    try:
        return model.objects.filter(condition).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_instance_admin(user) -> bool:
    """May change data shared by every workspace (official areas and datasets)."""
    return bool(user is not None and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def allowed_actions(role: str | None) -> dict[str, bool]:
    """For templates: ``perms_in.edit_neighbourhoods`` … is True when the role allows it."""
    return {action.value: role_allows(role, action) for action in Action}
