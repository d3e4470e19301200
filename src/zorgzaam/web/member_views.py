"""Members of a workspace and invitations by link (a beheerder's screen), and accepting an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.messages import render as render_message
from zorgzaam.web.forms import InvitationForm, RoleForm, SignUpForm
from zorgzaam.web.mail import mail_is_sent
from zorgzaam.workspaces.models import Invitation, Membership, Role
from zorgzaam.workspaces.permissions import Action, object_in, workspace_for


@login_required
def members(request, slug):
    workspace = workspace_for(request, slug, needs=Action.MANAGE_MEMBERS)
    form = InvitationForm(request.POST or None)
    new_link = None
    if request.method == "POST" and form.is_valid():
        invitation = Invitation.objects.create(workspace=workspace, role=form.cleaned_data["role"],
                                               email=form.cleaned_data["email"], created_by=request.user)
        new_link = request.build_absolute_uri(reverse("web:invitation", args=[invitation.token]))
        if invitation.email:
            send_mail(_("Uitnodiging voor %(workspace)s in Zorgzaam") % {"workspace": workspace.name},
                      _("Je bent uitgenodigd voor de werkruimte %(workspace)s als %(role)s.\n"
                        "Open deze link om mee te doen (geldig tot %(date)s):\n%(link)s\n") % {
                          "workspace": workspace.name, "role": invitation.get_role_display(),
                          "date": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y"),
                          "link": new_link},
                      None, [invitation.email])
            if not mail_is_sent():  # no mail server: the beheerder passes the link on by hand
                messages.warning(request, render_message("mail_not_sent_invitation"))
        form = InvitationForm()
    return render(request, "web/members.html", {
        "memberships": workspace.memberships.select_related("user").order_by("user__username"),
        "invitations": [i for i in workspace.invitations.all() if i.is_usable],
        "form": form, "new_link": new_link, "roles": Role.choices,
    })


def _admins(workspace) -> int:
    return workspace.memberships.filter(role=Role.ADMIN).count()


@login_required
@require_POST
def member_change(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.MANAGE_MEMBERS)
    member = object_in(workspace, Membership, pk)
    removing = "remove" in request.POST
    form = RoleForm(request.POST)
    if not removing and not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
        return redirect("web:members", slug=slug)
    new_role = None if removing else form.cleaned_data["role"]
    with transaction.atomic():
        if member.role == Role.ADMIN and new_role != Role.ADMIN and _admins(workspace) <= 1:
            messages.error(request, _("Een werkruimte heeft altijd minstens één beheerder nodig."))
            return redirect("web:members", slug=slug)
        if removing:
            member.delete()
            messages.success(request, _("%(name)s is geen lid meer.") % {"name": member.user.get_username()})
        else:
            member.role = new_role
            member.save(update_fields=["role"])
            messages.success(request, _("De rol van %(name)s is nu %(role)s.") % {
                "name": member.user.get_username(), "role": member.get_role_display()})
    return redirect("web:members", slug=slug)


@login_required
@require_POST
def invitation_cancel(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.MANAGE_MEMBERS)
    object_in(workspace, Invitation, pk).delete()
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("web:members", slug=slug)


def invitation(request, token):
    """Open an invitation link: sign in or make an account, then join the workspace."""
    found = Invitation.objects.select_related("workspace").filter(token=token).first()
    if found is None:
        raise Http404
    if not found.is_usable:
        return render(request, "web/invitation.html", {"invitation": found, "expired": True}, status=410)
    signup = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            signup = SignUpForm(request.POST)
            if not signup.is_valid():
                return render(request, "web/invitation.html", {"invitation": found, "signup": signup})
            user = signup.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=found.pk)
            if not locked.is_usable:
                return render(request, "web/invitation.html", {"invitation": found, "expired": True}, status=410)
            membership, made = Membership.objects.get_or_create(
                user=request.user, workspace=found.workspace, defaults={"role": found.role})
            locked.accepted_by = request.user
            locked.accepted_at = timezone.now()
            locked.save(update_fields=["accepted_by", "accepted_at"])
        if made:
            messages.success(request, _("Welkom in %(workspace)s.") % {"workspace": found.workspace.name})
        else:
            messages.info(request, _("Je was al lid van %(workspace)s; je rol blijft %(role)s.") % {
                "workspace": found.workspace.name, "role": membership.get_role_display()})
        return redirect("web:dashboard", slug=found.workspace.slug)
    if not request.user.is_authenticated:
        signup = SignUpForm()
    return render(request, "web/invitation.html", {"invitation": found, "signup": signup})
