"""Prioritisation screens: the facilitator's (make a round, hand out its link, type paper ballots, see each
group's result, the combined ranking and where groups diverge, record the team's decision) and the
participant's phone screen through the round's link (no account). Thin: the work is in
``plan.priority_service`` and the plain ``plan.priorities``.

The phone screen is public, like the survey form (``voices.views``): the link's token is signed and names
the round's current link key; the phone keeps a random token of its own in a signed cookie, so voting
again from the same phone replaces its own ballot; every POST carries a form token bound to that phone
and is rate-limited per (hashed) client address; responses are never stored by browsers or proxies.
Participants never see anyone else's vote, nor the result."""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zorgzaam.graphics import chart_cache
from zorgzaam.graphics.qr import qr_svg
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan import priorities
from zorgzaam.plan import priority_service as service
from zorgzaam.plan.priority_chart import chart_spec
from zorgzaam.plan.priority_models import PriorityBallot, PriorityDecision, PriorityRound
from zorgzaam.workspaces.permissions import Action, object_in, workspace_for
from zorgzaam.workspaces.security import address_key, hit, no_store


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _limit(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _method_help(round_: PriorityRound) -> str:
    if round_.method == "dots":
        return _("Verdeel je %(n)s stippen over de onderwerpen. Je mag er meer dan één op hetzelfde "
                       "onderwerp zetten.") % {"n": round_.dots}
    if round_.method == "top3":
        return _("Kies wat voor jou het belangrijkst is: een eerste keuze, en als je wilt een tweede en "
                       "een derde.")
    return _("Zet alle onderwerpen in volgorde: op plaats 1 wat voor jou het belangrijkst is.")


# ---------------------------------------------------------------------------------------- ballot fields


def _choice_label(method: str, n: int) -> str:
    if method == "ranking":
        return _("Plaats %(n)s") % {"n": n}
    return [_("Eerste keuze"), _("Tweede keuze"), _("Derde keuze")][n - 1]


def ballot_fields(round_: PriorityRound, items, marks: dict | None, prefix: str = "") -> list[dict]:
    """The form's fields for the round's method, filled with ``marks`` (a stored ballot or what was sent)."""
    marks = marks or {}
    if round_.method == "dots":
        return [{"kind": "number", "name": f"{prefix}stippen-{item.pk}", "id": f"{prefix}stippen-{item.pk}",
                 "label": item.title, "help": item.description, "value": marks.get(str(item.pk), ""),
                 "max": round_.dots} for item in items]
    count = len(items) if round_.method == "ranking" else priorities.top_choices(len(items))
    by_place = {}
    for key, place in marks.items():
        try:
            by_place[int(place)] = str(key)
        except (TypeError, ValueError):
            continue
    return [{"kind": "select", "name": f"{prefix}keuze-{n}", "id": f"{prefix}keuze-{n}",
             "label": _choice_label(round_.method, n), "required": round_.method == "ranking" or n == 1,
             "options": [(str(item.pk), item.title, by_place.get(n) == str(item.pk)) for item in items]}
            for n in range(1, count + 1)]


def _sent_marks(round_: PriorityRound, items, data, prefix: str = "") -> dict:
    """What the form sent, as marks (not yet checked; ``cast_ballot`` checks them)."""
    if round_.method == "dots":
        return {str(item.pk): (data.get(f"{prefix}stippen-{item.pk}") or "").strip() for item in items}
    count = len(items) if round_.method == "ranking" else priorities.top_choices(len(items))
    picks = [(data.get(f"{prefix}keuze-{n}") or "").strip() for n in range(1, count + 1)]
    return priorities.ballot_from_choices(round_.method, service.plain_items(round_), picks)


def _sent_for_display(round_: PriorityRound, items, data, prefix: str = "") -> dict:
    """What was sent, to fill the form again after a mistake (even when it cannot count)."""
    if round_.method == "dots":
        return {str(item.pk): data.get(f"{prefix}stippen-{item.pk}", "") for item in items}
    count = len(items) if round_.method == "ranking" else priorities.top_choices(len(items))
    return {data.get(f"{prefix}keuze-{n}"): n for n in range(1, count + 1) if data.get(f"{prefix}keuze-{n}")}


def marks_in_words(round_: PriorityRound, marks: dict, titles: dict[str, str]) -> str:
    if round_.method == "dots":
        return "; ".join(f"{titles.get(k, '?')}: {v}" for k, v in marks.items())
    return "; ".join(f"{place}. {titles.get(k, '?')}" for k, place in sorted(marks.items(), key=lambda kv: kv[1]))


# --------------------------------------------------------------------------------------- facilitator


def _round(workspace, pk) -> PriorityRound:
    return object_in(workspace, PriorityRound, pk)


@login_required
@no_store
def rounds(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    found = list(PriorityRound.objects.filter(workspace=workspace))
    counts = {}
    for ballot in PriorityBallot.objects.filter(round__in=found).values("round_id"):
        counts[ballot["round_id"]] = counts.get(ballot["round_id"], 0) + 1
    for r in found:
        r.ballot_count = counts.get(r.pk, 0)
    return render(request, "plan/priorities/list.html", {"rounds": found, "nav": "plan"})


STANDARD_GROUPS = tuple(priorities.STANDARD_GROUPS)


@login_required
@no_store
@require_http_methods(["GET", "POST"])
def round_create(request, slug):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    from zorgzaam.plan.models import Challenge, Finding

    accepted = list(Finding.objects.filter(workspace=workspace, status="accepted").select_related("neighbourhood"))
    challenges = list(Challenge.objects.filter(workspace=workspace))
    lang = _lang()
    values = {"title": "", "question": "", "method": "ranking", "dots": priorities.DEFAULT_DOTS, "items": "",
              "groups": list(STANDARD_GROUPS), "own_groups": "", "findings": [], "challenges": []}
    error = None
    if request.method == "POST":
        post = request.POST
        values = {"title": post.get("titel", ""), "question": post.get("uitleg", ""), "method": post.get("methode", ""),
                  "dots": post.get("stippen", "") or priorities.DEFAULT_DOTS, "items": post.get("items", ""),
                  "groups": [g for g in post.getlist("groep") if g in STANDARD_GROUPS],
                  "own_groups": post.get("eigen_groepen", ""), "findings": post.getlist("bevinding"),
                  "challenges": post.getlist("uitdaging")}
        by_pk = {str(c.pk): c for c in challenges}
        items = [{"title": c.title, "description": c.description, "challenge": c}
                 for pk in values["challenges"] if (c := by_pk.get(pk)) is not None]
        by_pk = {str(f.pk): f for f in accepted}
        items += [{"title": f.statement(lang)[:300], "description": f.statement(lang), "theme": f.theme, "finding": f}
                  for pk in values["findings"] if (f := by_pk.get(pk)) is not None]
        items += [line.strip() for line in values["items"].splitlines() if line.strip()]
        groups = [(key, priorities.group_name(key)) for key in values["groups"]]
        groups += [line.strip() for line in values["own_groups"].splitlines() if line.strip()]
        try:
            dots = int(str(values["dots"]).strip())
        except ValueError:
            dots = -1
        try:
            created = service.create_round(workspace, title=values["title"], method=values["method"], items=items,
                                           groups=groups, dots=dots, question=values["question"],
                                           created_by=request.user.get_username())
        except ZorgzaamError as exc:
            error = exc.render(lang)
        else:
            messages.success(request, _("De ronde is klaar. Deel de link of typ de stembriefjes van papier in."))
            return redirect("priority-round", slug=workspace.slug, pk=created.pk)
    return render(request, "plan/priorities/new.html", {
        "values": values, "error": error, "accepted": accepted, "challenges": challenges,
        "methods": PriorityRound.METHODS,
        "standard_groups": [(key, priorities.group_name(key)) for key in STANDARD_GROUPS], "nav": "plan"},
        status=400 if error else 200)


@login_required
@no_store
def round_edit(request, slug, pk):
    """Change a round: before the first ballot everything (items, groups, method); after it only the title
    and the explanation (and the link can be closed on the round's page)."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    round_ = _round(workspace, pk)
    ballots = round_.ballots.count()
    values = {"title": round_.title, "question": round_.question, "method": round_.method, "dots": round_.dots,
              "items": "\n".join(i.title for i in round_.items.all()),
              "groups": "\n".join(g.name for g in round_.groups.all())}
    error = None
    if request.method == "POST":
        post = request.POST
        values.update({"title": post.get("titel", ""), "question": post.get("uitleg", "")})
        rules = {}
        if not ballots:
            values.update({"method": post.get("methode", ""), "dots": post.get("stippen", "") or round_.dots,
                           "items": post.get("items", ""), "groups": post.get("groepen", "")})
            try:
                dots = int(str(values["dots"]).strip())
            except ValueError:
                dots = -1
            rules = {"method": values["method"], "dots": dots, "items": values["items"].splitlines(),
                     "groups": values["groups"].splitlines()}
        try:
            service.update_round(round_, title=values["title"], question=values["question"], **rules)
        except ZorgzaamError as exc:
            error = exc.render(_lang())
        else:
            messages.success(request, _("De ronde is bewaard."))
            return redirect("priority-round", slug=workspace.slug, pk=round_.pk)
    return render(request, "plan/priorities/edit.html", {
        "round": round_, "values": values, "error": error, "ballots": ballots, "methods": PriorityRound.METHODS,
        "nav": "plan"}, status=400 if error else 200)


def _round_page(request, workspace, round_: PriorityRound, *, paper_error: str | None = None,
                paper_values: dict | None = None, paper_group: str = "", decision_error: str | None = None,
                weights_error: str | None = None, status: int = 200):
    lang = _lang()
    items = list(round_.items.all())
    groups = list(round_.groups.all())
    titles = {str(i.pk): i.title for i in items}
    names = {g.key: g.name for g in groups}
    result = service.round_result(round_)
    latest = service.latest_decisions(round_)
    rows = []
    standings = {c.item: c for c in result.combined}
    for key in [c.item for c in result.combined] or [str(i.pk) for i in items]:
        combined = standings.get(key)
        divergence = result.divergence(key)
        rows.append({
            "key": key, "title": titles[key],
            "rank": priorities.rank_label(combined.rank, combined.tied, lang) if combined else "–",
            "score": round(float(combined.score) * 100, 1) if combined else None,
            "mean_rank": round(float(combined.mean_rank), 2) if combined and combined.mean_rank is not None else None,
            "groups": [(g.name, priorities.rank_label(
                (r := result.group(g.key)).rank_of(key),
                bool(r.standing(key) and r.standing(key).tied), lang)) for g in groups],
            "divergence": divergence, "decision": latest.get(int(key)),
        })
    divergences = [{"title": titles[d.item], "spread": d.spread, "item": d.item,
                    "ranks": [(names[g], rank) for g, rank in d.ranks.items()],
                    "highest": [names[g] for g in d.highest], "lowest": [names[g] for g in d.lowest]}
                   for d in result.divergences]
    per_group = []
    for g in groups:
        r = result.group(g.key)
        per_group.append({"group": g, "ballots": r.ballots, "rows": [
            {"title": titles[s.item], "rank": priorities.rank_label(s.rank, s.tied, lang), "points": s.points,
             "share": round(float(s.share) * 100, 1),
             "mean_rank": round(float(s.mean_rank), 2) if s.mean_rank is not None else None,
             "named_by": s.named_by} for s in r.standings]})
    weights = [{"group": g, "share": round(float(result.weights[g.key]) * 100, 1) if g.key in result.weights else None,
                "counted": g.key in result.counted} for g in groups]
    chart_url, chart_alt = "", ""
    if result.ballots and len(result.counted) >= 1:
        data = priorities.rank_chart_data(result)
        chart_url = chart_cache.chart_url("priority-chart", chart_spec(data, lang=lang), workspace)
        gaps = "; ".join(f"{d['title']} ({', '.join(f'{n} {r}' for n, r in d['ranks'])})" for d in divergences)
        chart_alt = _("Plaats van elk onderwerp in elke groep.") + " " + (
            _("Groepen liggen ver uit elkaar bij: %(gaps)s.") % {"gaps": gaps} if gaps
            else _("Geen onderwerp waarover de groepen twee plaatsen of meer verschillen."))
    ballots = [{"group": g, "ballots": [{"pk": b.pk, "number": n, "on_paper": b.on_paper,
                                           "marks": marks_in_words(round_, b.marks, titles)}
                                          for n, b in enumerate(found, start=1)]}
               for g, found in service.ballots_per_group(round_)]
    decisions = [{"decision": d, "title": d.item.title}
                 for d in PriorityDecision.objects.filter(round=round_).select_related("item")]
    link = request.build_absolute_uri(reverse("priority-vote", args=[service.link_token(round_)]))
    qr = qr_svg(link) if round_.is_open else ""
    return render(request, "plan/priorities/round.html", {
        "qr": qr, "round": round_, "items": items, "groups": groups, "result": result, "rows": rows,
        "divergences": divergences, "per_group": per_group, "weights": weights, "chart_url": chart_url,
        "chart_alt": chart_alt, "ballots": ballots, "decisions": decisions, "link": link,
        "decision_choices": PriorityDecision.CHOICES, "decision_error": decision_error,
        "weights_error": weights_error, "paper_error": paper_error, "paper_group": paper_group,
        "paper_fields": ballot_fields(round_, items, paper_values, prefix="p-"),
        "method_label": dict(PriorityRound.METHODS)[round_.method], "method_help": _method_help(round_),
        "suggested_item": divergences[0]["item"] if divergences else "", "nav": "plan",
    }, status=status)


@login_required
@no_store
def round_detail(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    return _round_page(request, workspace, _round(workspace, pk))


@login_required
def chart_view(request, slug, token):
    return chart_cache.chart_response(token, workspace_for(request, slug, needs=Action.VIEW))


@login_required
@no_store
@require_POST
def paper_ballot(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    round_ = _round(workspace, pk)
    items = list(round_.items.all())
    group = request.POST.get("groep", "")
    try:
        marks = _sent_marks(round_, items, request.POST, prefix="p-")
        service.cast_ballot(round_, group, marks, entered_by=request.user.get_username())
    except ZorgzaamError as exc:
        return _round_page(request, workspace, round_, paper_error=exc.render(_lang()), paper_group=group,
                           paper_values=_sent_for_display(round_, items, request.POST, prefix="p-"), status=400)
    messages.success(request, _("Het stembriefje is bewaard."))
    return redirect(reverse("priority-round", args=[slug, pk]) + "#papier")


@login_required
@require_POST
def paper_ballot_delete(request, slug, pk, ballot):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    round_ = _round(workspace, pk)
    if not service.delete_ballot(round_, ballot):
        raise Http404
    messages.success(request, _("Het stembriefje is verwijderd."))
    return redirect(reverse("priority-round", args=[slug, pk]) + "#stembriefjes")


@login_required
@require_POST
def round_link(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    round_ = _round(workspace, pk)
    action = request.POST.get("actie")
    if action == "sluiten":
        service.set_link_open(round_, False)
        messages.success(request, _("De link is gesloten: er kan niet meer gestemd worden met de telefoon."))
    elif action == "openen":
        service.set_link_open(round_, True)
        messages.success(request, _("De link is weer open."))
    elif action == "vernieuwen":
        service.renew_link(round_)
        messages.success(request, _("Er is een nieuwe link. De oude link werkt niet meer; uitgebrachte stemmen blijven."))
    else:
        raise Http404
    return redirect(reverse("priority-round", args=[slug, pk]) + "#link")


@login_required
@no_store
@require_POST
def round_weights(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    round_ = _round(workspace, pk)
    if request.POST.get("gelijk"):
        weights = {g.key: 1 for g in round_.groups.all()}
    else:
        weights = {g.key: (request.POST.get(f"gewicht-{g.key}") or "").strip() or "1" for g in round_.groups.all()}
    try:
        service.set_weights(round_, weights)
    except ZorgzaamError as exc:
        return _round_page(request, workspace, round_, weights_error=exc.render(_lang()), status=400)
    messages.success(request, _("De gewichten zijn bewaard."))
    return redirect(reverse("priority-round", args=[slug, pk]) + "#samen")


@login_required
@no_store
@require_POST
def round_decision(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    round_ = _round(workspace, pk)
    item = request.POST.get("item", "")
    try:
        service.record_decision(round_, int(item) if item.isdigit() else -1, request.POST.get("beslissing", ""),
                                request.POST.get("reden", ""), user=request.user.get_username())
    except ZorgzaamError as exc:
        return _round_page(request, workspace, round_, decision_error=exc.render(_lang()), status=400)
    messages.success(request, _("De beslissing is bewaard, met de reden."))
    return redirect(reverse("priority-round", args=[slug, pk]) + "#beslissingen")


# ---------------------------------------------------------------------------------------- participant

COOKIE_SALT = "zorgzaam.plan.priority-phone"
FORM_SALT = "zorgzaam.plan.priority-form"
DEVICE_DAYS = 120


def _cookie_name(round_: PriorityRound) -> str:
    return f"zz_kies_{round_.pk}"


def _device(request, round_: PriorityRound) -> str | None:
    return request.get_signed_cookie(_cookie_name(round_), default=None, salt=COOKIE_SALT)


def _form_token(round_: PriorityRound, device: str) -> str:
    return signing.dumps({"r": round_.pk, "d": service.device_hash(round_, device)[:24]}, salt=FORM_SALT)


def _form_token_fits(token: str, round_: PriorityRound, device: str | None) -> bool:
    if not device:
        return False
    try:
        data = signing.loads(token or "", salt=FORM_SALT, max_age=DEVICE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("r") == round_.pk and \
        data.get("d") == service.device_hash(round_, device)[:24]


def _bucket(round_: PriorityRound) -> str:
    """The rate limits' name for a round: its id and (a hash of) its link key, so a round made after another
    one was deleted never inherits its counts."""
    return f"{round_.pk}:{salted_hmac('zorgzaam.plan.priority-bucket', round_.link_key).hexdigest()[:12]}"


def _public(request, template: str, context: dict, status: int = 200):
    return render(request, template, context, status=status)


def _message(request, round_, heading: str, message: str, status: int):
    return _public(request, "plan/priorities/message.html", {"round": round_, "heading": heading,
                                                             "message": message}, status)


@no_store
@require_http_methods(["GET", "POST"])
def vote(request, token):
    """The participant's phone screen: choose the group, cast the ballot, change it while the round is open."""
    round_ = service.round_from_token(token)
    if round_ is None:  # changed, made up or renewed: nothing to see, nothing stored
        raise Http404
    if not round_.is_open:
        return _message(request, round_, _("Stemmen is afgelopen"),
                        _("Dank je wel om mee te denken. Je kunt niet meer stemmen in deze ronde. Het team bespreekt "
                          "wat eruit kwam en laat weten wat ermee gebeurt."), 403)
    device = _device(request, round_)
    new_device = None
    if device is None:
        new_device = device = secrets.token_urlsafe(18)
    items = list(round_.items.all())
    groups = list(round_.groups.all())
    mine = None if new_device else service.ballot_of_device(round_, device)
    error, chosen_group, shown = None, (mine.group.key if mine else ""), (mine.marks if mine else None)
    status = 200
    if request.method == "POST":
        if hit(f"plan:vote:{_bucket(round_)}:{address_key(request)}", _limit("ZORGZAAM_PRIORITY_POSTS_PER_10MIN", 600), 600):
            return _message(request, round_, _("Even geduld"),
                            _("Te veel pogingen na elkaar. Probeer het over enkele minuten opnieuw."), 429)
        if new_device or not _form_token_fits(request.POST.get("formulier", ""), round_, device):
            # a POST without this phone's own form (replayed elsewhere, or the cookie is gone): nothing is stored
            return _message(request, round_, _("Open de link opnieuw"),
                            _("Deze pagina hoort niet meer bij je telefoon. Open de link van de ronde opnieuw en "
                              "stem dan."), 400)
        chosen_group = request.POST.get("groep", "")
        if mine is None and hit(f"plan:new-ballot:{_bucket(round_)}:{address_key(request)}",
                                _limit("ZORGZAAM_PRIORITY_NEW_BALLOTS_PER_10MIN", 60), 600):
            # many new phones from one address in a short time: a room full of people, or someone voting again
            # and again with a fresh browser; changing one's own ballot is never held back by this
            return _message(request, round_, _("Even geduld"),
                            _("Te veel pogingen na elkaar. Probeer het over enkele minuten opnieuw."), 429)
        try:
            marks = _sent_marks(round_, items, request.POST)
            service.cast_ballot(round_, chosen_group, marks, device=device)
        except ZorgzaamError as exc:
            error, status = exc.render(_lang()), 400
            shown = _sent_for_display(round_, items, request.POST)
        else:
            return redirect(reverse("priority-vote", args=[token]) + "?bewaard=1")
    response = _public(request, "plan/priorities/vote.html", {
        "round": round_, "groups": groups, "chosen_group": chosen_group, "error": error,
        "fields": ballot_fields(round_, items, shown), "has_ballot": mine is not None,
        "saved": request.GET.get("bewaard") == "1" and mine is not None,
        "form_token": _form_token(round_, device), "method_help": _method_help(round_),
        "items": items, "dots": round_.dots,
    }, status)
    if new_device:
        response.set_signed_cookie(_cookie_name(round_), device, salt=COOKIE_SALT, max_age=DEVICE_DAYS * 24 * 3600,
                                   path=reverse("priority-vote", args=["x"])[:-2], httponly=True, samesite="Lax",
                                   secure=settings.SESSION_COOKIE_SECURE)
    return response
