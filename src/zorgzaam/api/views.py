"""The screen for personal API keys, under ``/w/<werkruimte>/api-sleutels/``: every member sees and makes
their own keys (a key can do what its owner can, no more) and revokes them; a beheerder sees every key of
the workspace and may revoke any. A new key is shown once, on the answer to the form, and never again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zorgzaam.api import tokens
from zorgzaam.api.models import ApiToken
from zorgzaam.workspaces.permissions import Action, role_allows, workspace_for

DAY_CHOICES = [("30", gettext_lazy("30 dagen")), ("90", gettext_lazy("90 dagen")),
               ("365", gettext_lazy("1 jaar"))]


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam van de sleutel"), max_length=100,
                           help_text=gettext_lazy("Waarvoor dient hij? Bv. 'Power BI dashboard' of 'QGIS'."))
    days = forms.TypedChoiceField(label=gettext_lazy("Geldig"), choices=DAY_CHOICES, coerce=int, initial="90")


def _sees_all(request) -> bool:
    return role_allows(request.membership.role, Action.MANAGE_MEMBERS)


@login_required
def token_list(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = tokens.create_token(workspace, request.user, form.cleaned_data["name"], days=form.cleaned_data["days"])
        new_key = made.key
        form = TokenForm()
    keys = tokens.tokens_of(workspace, None if _sees_all(request) else request.user)
    base = request.build_absolute_uri("/api/v1/")
    response = render(request, "api/tokens.html", {
        "form": form, "keys": keys, "new_key": new_key, "sees_all": _sees_all(request), "api_base": base,
        "docs_url": base + "docs", "schema_url": base + "openapi.json"})
    response["Cache-Control"] = "no-store"  # the page may hold a new key: never kept by a browser or proxy
    return response


@login_required
@require_POST
def token_revoke(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    token = ApiToken.objects.filter(workspace=workspace, pk=pk).first()
    if token is None or (token.owner_id != request.user.pk and not _sees_all(request)):
        raise Http404
    tokens.revoke(token)
    messages.success(request, _("De sleutel “%(name)s” is ingetrokken: hij werkt niet meer.") % {"name": token.name})
    return redirect("api_keys:list", slug=slug)
