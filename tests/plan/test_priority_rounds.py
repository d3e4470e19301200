"""Prioritisation rounds, stored and on screen: a Balen-like round with three groups (residents put traffic
first, the steering group fifth of five), cast from participants' phones through the round's link and on
paper, to the result on the facilitator's screen with the divergence marked and drawn and the team's
decision recorded with its reason; the link's safety (closed, tampered, renewed, replayed); roles."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan import priority_service as service
from zorgzaam.plan.priority_models import PriorityBallot, PriorityDecision, PriorityRound
from zorgzaam.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db

THEMES = ["Overlast", "Financiële kwetsbaarheid", "Weinig sociale contacten", "Openbaar vervoer", "Verkeer"]
GROUPS = [("residents", "Bewoners"), ("professionals", "Professionals"), ("steering", "Stuurgroep")]


def user(name, workspace=None, role=None):
    person = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    if workspace is not None:
        Membership.objects.create(user=person, workspace=workspace, role=role)
    return person


@pytest.fixture
def workspace():
    return Workspace.objects.create(name="Buurtgerichte zorg test", slug="buurtzorg-test")


@pytest.fixture
def round_(workspace):
    return service.create_round(workspace, title="Wat pakken we eerst aan?", method="ranking", items=THEMES,
                                groups=GROUPS, created_by="begeleider")


def keys(round_):
    return {i.title: str(i.pk) for i in round_.items.all()}


def order(round_, *titles):
    k = keys(round_)
    return {k[t]: place for place, t in enumerate(titles, start=1)}


def choices(round_, *titles, prefix=""):
    """The phone form's fields for a ranking: place n -> item."""
    k = keys(round_)
    return {f"{prefix}keuze-{n}": k[t] for n, t in enumerate(titles, start=1)}


RESIDENTS = ("Verkeer", "Weinig sociale contacten", "Overlast", "Financiële kwetsbaarheid", "Openbaar vervoer")
PROFESSIONALS = ("Financiële kwetsbaarheid", "Weinig sociale contacten", "Overlast", "Verkeer", "Openbaar vervoer")
STEERING = ("Overlast", "Financiële kwetsbaarheid", "Weinig sociale contacten", "Openbaar vervoer", "Verkeer")


# ------------------------------------------------------------------------------------------------ service


def test_a_balen_like_round_shows_the_gap_and_keeps_the_teams_decision(round_):
    for n in range(4):
        service.cast_ballot(round_, "residents", order(round_, *RESIDENTS), device=f"phone-{n}")
    for _n in range(3):
        service.cast_ballot(round_, "professionals", order(round_, *PROFESSIONALS), entered_by="begeleider")
    for n in range(2):
        service.cast_ballot(round_, "steering", order(round_, *STEERING), device=f"steering-{n}")
    result = service.round_result(round_)
    traffic = keys(round_)["Verkeer"]
    gap = result.divergence(traffic)
    assert gap.ranks == {"residents": 1, "professionals": 4, "steering": 5} and gap.spread == 4
    assert result.group("steering").rank_of(traffic) == 5
    # the groups weigh equally although the residents are the most: traffic is not first combined
    assert {c.item: c.rank for c in result.combined}[traffic] > 1
    with pytest.raises(ZorgzaamError) as caught:
        service.record_decision(round_, int(traffic), "take_up", "   ")
    assert caught.value.problem.code == "priority_reason_missing"
    decision = service.record_decision(
        round_, int(traffic), "take_up",
        "De bewoners vroegen het uitdrukkelijk; we nodigen de verkeersdienst uit in een eigen werkgroep.",
        user="begeleider")
    assert service.latest_decisions(round_)[int(traffic)] == decision
    assert PriorityDecision.objects.get().reason.startswith("De bewoners vroegen")


def test_a_phone_votes_again_and_replaces_only_its_own_ballot(round_):
    first, created = service.cast_ballot(round_, "residents", order(round_, *RESIDENTS), device="phone-a")
    again, created_again = service.cast_ballot(round_, "professionals", order(round_, *STEERING), device="phone-a")
    assert created and not created_again and first.pk == again.pk
    assert PriorityBallot.objects.count() == 1 and again.group.key == "professionals"
    service.cast_ballot(round_, "residents", order(round_, *RESIDENTS), device="phone-b")
    assert PriorityBallot.objects.count() == 2
    # nothing about the phone is stored but a keyed hash
    assert all("phone" not in b.device_hash and len(b.device_hash) >= 40 for b in PriorityBallot.objects.all())
    # a closed round takes no phone ballot (paper still can be typed in), and nothing changes
    service.set_link_open(round_, False)
    with pytest.raises(ZorgzaamError) as caught:
        service.cast_ballot(round_, "residents", order(round_, *STEERING), device="phone-a")
    assert caught.value.problem.code == "priority_round_closed"
    assert PriorityBallot.objects.get(pk=first.pk).group.key == "professionals"
    service.cast_ballot(round_, "steering", order(round_, *STEERING), entered_by="begeleider")
    assert PriorityBallot.objects.count() == 3


def test_bad_rounds_and_ballots_store_nothing(workspace, round_):
    with pytest.raises(ZorgzaamError):
        service.create_round(workspace, title="", method="ranking", items=THEMES, groups=GROUPS)
    with pytest.raises(ZorgzaamError):
        service.create_round(workspace, title="x", method="ranking", items=["Alleen dit"], groups=GROUPS)
    with pytest.raises(ZorgzaamError):
        service.create_round(workspace, title="x", method="dots", dots=0, items=THEMES, groups=GROUPS)
    assert PriorityRound.objects.count() == 1
    with pytest.raises(ZorgzaamError):
        service.cast_ballot(round_, "residents", order(round_, *RESIDENTS[:4]), device="p")
    with pytest.raises(ZorgzaamError):
        service.cast_ballot(round_, "bakers", order(round_, *RESIDENTS), device="p")
    assert PriorityBallot.objects.count() == 0
    with pytest.raises(ZorgzaamError):
        service.set_weights(round_, {"residents": 0, "professionals": 0, "steering": 0})
    with pytest.raises(ZorgzaamError):
        service.set_weights(round_, {"residents": -2})
    assert {g.weight for g in round_.groups.all()} == {1}


def test_the_link_is_signed_and_a_renewed_link_stops(round_):
    token = service.link_token(round_)
    assert service.round_from_token(token) == round_
    assert service.round_from_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    pk, rest = token.split(".", 1)
    assert service.round_from_token(f"{int(pk) + 1}.{rest}") is None
    assert service.round_from_token("") is None and service.round_from_token("1.x:y") is None
    service.renew_link(round_)
    assert service.round_from_token(token) is None
    assert service.round_from_token(service.link_token(round_)) == round_


# -------------------------------------------------------------------------------------- participant flow


def open_link(phone, round_):
    url = f"/plan/kies/{service.link_token(round_)}/"
    page = phone.get(url)
    assert page.status_code == 200, page.status_code
    form_token = re.search(r'name="formulier" value="([^"]+)"', page.content.decode()).group(1)
    return url, page, form_token


def test_from_the_participants_phone_to_the_facilitators_result(client, workspace, round_):
    """Three groups vote on their phones; the facilitator's screen shows every group, the combined ranking,
    the divergence marked and drawn; the decision is recorded with its reason."""
    ballots = [("residents", RESIDENTS)] * 3 + [("professionals", PROFESSIONALS)] * 2 + [("steering", STEERING)] * 2
    for group, ranking in ballots:
        phone = Client()
        url, page, form_token = open_link(phone, round_)
        text = page.content.decode()
        assert "Tot welke groep behoor je?" in text and "Stuurgroep" in text and "Plaats 5" in text
        assert "Je stem is anoniem" in text
        sent = phone.post(url, {"formulier": form_token, "groep": group, **choices(round_, *ranking)})
        assert sent.status_code == 302 and sent["Location"].endswith("?bewaard=1")
        thanks = phone.get(sent["Location"]).content.decode()
        assert "Je stem is bewaard" in thanks
        assert sent["Cache-Control"].startswith("no-store")
    assert PriorityBallot.objects.filter(round=round_).count() == 7

    client.force_login(user("begeleider", workspace, Role.FACILITATOR))
    page = client.get(f"/plan/{workspace.slug}/prioriteiten/{round_.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bewoners 3, Professionals 2, Stuurgroep 2" in text
    assert "Elke groep telt even zwaar" in text
    # the divergence: marked in the table and listed with each group's rank
    row = re.search(r'<tr class="diverges">\s*<th scope="row">Verkeer <span[^>]*>groepen 4 plaatsen '
                    r'uit elkaar</span></th>\s*<td>[^<]*</td>', text)
    assert row is not None
    assert "<strong>Verkeer</strong>: Bewoners op plaats 1, Professionals op plaats 4, Stuurgroep op plaats 5" in text
    # and drawn: the chart is linked, with words for who cannot see it, and is served as SVG
    chart = re.search(r'<img src="(/plan/[^"]+\.svg)" alt="([^"]+)"', text)
    assert chart and "Verkeer (Bewoners 1, Professionals 4, Stuurgroep 5)" in chart.group(2)
    svg = client.get(chart.group(1))
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert b"Verkeer" in svg.content and b"Stuurgroep" in svg.content
    # the team decides to take traffic up at the residents' request, with its reason
    traffic = keys(round_)["Verkeer"]
    assert f'<option value="{traffic}" selected>' in text  # the widest gap is suggested
    done = client.post(f"/plan/{workspace.slug}/prioriteiten/{round_.pk}/beslissing/",
                       {"item": traffic, "beslissing": "take_up",
                        "reden": "Op uitdrukkelijke vraag van de bewoners: een werkgroep verkeer met de dienst mobiliteit."})
    assert done.status_code == 302
    text = client.get(done["Location"]).content.decode()
    assert "opnemen in het plan. Op uitdrukkelijke vraag van de bewoners" in text
    refused = client.post(f"/plan/{workspace.slug}/prioriteiten/{round_.pk}/beslissing/",
                          {"item": traffic, "beslissing": "take_up", "reden": ""})
    assert refused.status_code == 400 and "Schrijf kort op waarom" in refused.content.decode()
    assert PriorityDecision.objects.count() == 1


def test_a_phone_changes_its_vote_and_a_replay_changes_nothing(round_):
    phone = Client()
    url, page, form_token = open_link(phone, round_)
    form = {"formulier": form_token, "groep": "residents", **choices(round_, *RESIDENTS)}
    assert phone.post(url, form).status_code == 302
    ballot = PriorityBallot.objects.get()
    # the phone sees its own ballot again and may change it
    text = phone.get(url).content.decode()
    assert "Je stemde al vanaf deze telefoon" in text and "Mijn stem aanpassen" in text
    assert f'<option value="{keys(round_)["Verkeer"]}" selected>' in text
    changed = {**form, "groep": "steering", **choices(round_, *STEERING)}
    assert phone.post(url, changed).status_code == 302
    ballot.refresh_from_db()
    assert PriorityBallot.objects.count() == 1 and ballot.group.key == "steering"
    assert ballot.marks == order(round_, *STEERING)
    stamp = ballot.updated_at
    # the same request sent again: the same ballot, untouched
    assert phone.post(url, changed).status_code == 302
    ballot.refresh_from_db()
    assert PriorityBallot.objects.count() == 1 and ballot.updated_at == stamp
    # the same request replayed from another device (without this phone's cookie): refused, nothing stored
    stranger = Client()
    replay = stranger.post(url, form)
    assert replay.status_code == 400 and "Open de link opnieuw" in replay.content.decode()
    assert PriorityBallot.objects.count() == 1
    # a form token of another phone does not fit this one
    other_url, _page, other_token = open_link(Client(), round_)
    assert phone.post(url, {**form, "formulier": other_token}).status_code == 400
    ballot.refresh_from_db()
    assert ballot.group.key == "steering"


def test_a_new_phone_sees_nobody_elses_vote_nor_the_result(round_):
    voter = Client()
    url, _page, form_token = open_link(voter, round_)
    voter.post(url, {"formulier": form_token, "groep": "residents", **choices(round_, *RESIDENTS)})
    _url, page, _token = open_link(Client(), round_)
    text = page.content.decode()
    assert " selected>" not in text and "checked" not in text and "Je stemde al" not in text
    assert "Per groep" not in text and "plaatsen uit elkaar" not in text


def test_a_ballot_that_cannot_count_is_explained_and_nothing_is_stored(workspace):
    dots = service.create_round(workspace, title="Stippen", method="dots", dots=3, items=THEMES, groups=GROUPS)
    phone = Client()
    url, page, form_token = open_link(phone, dots)
    assert "Verdeel je 3 stippen" in page.content.decode()
    k = keys(dots)
    sent = phone.post(url, {"formulier": form_token, "groep": "residents", f"stippen-{k['Verkeer']}": "3",
                            f"stippen-{k['Overlast']}": "2"})
    assert sent.status_code == 400
    text = sent.content.decode()
    assert "Je verdeelde 5 stippen, maar je hebt er 3. Haal er 2 weg." in text
    assert 'value="3"' in text  # what was typed stays in the form
    assert PriorityBallot.objects.count() == 0
    missing_group = phone.post(url, {"formulier": form_token, f"stippen-{k['Verkeer']}": "3"})
    assert missing_group.status_code == 400 and PriorityBallot.objects.count() == 0
    assert "Kies eerst tot welke groep je behoort." in missing_group.content.decode()
    ok = phone.post(url, {"formulier": form_token, "groep": "residents", f"stippen-{k['Verkeer']}": "3"})
    assert ok.status_code == 302 and PriorityBallot.objects.get().marks == {k["Verkeer"]: 3}


def test_a_closed_tampered_or_renewed_link_changes_nothing(round_):
    phone = Client()
    url, _page, form_token = open_link(phone, round_)
    form = {"formulier": form_token, "groep": "residents", **choices(round_, *RESIDENTS)}
    assert phone.post(url, form).status_code == 302
    # tampered: one character changed in the signed token
    token = service.link_token(round_)
    bad = token[:-2] + ("xy" if not token.endswith("xy") else "zz")
    assert phone.get(f"/plan/kies/{bad}/").status_code == 404
    assert phone.post(f"/plan/kies/{bad}/", {**form, **choices(round_, *STEERING)}).status_code == 404
    assert phone.get("/plan/kies/nonsense/").status_code == 404
    # closed: said kindly, and a vote sent now changes nothing
    service.set_link_open(round_, False)
    closed = phone.get(url)
    assert closed.status_code == 403 and "Dank je wel om mee te denken" in closed.content.decode()
    assert phone.post(url, {**form, **choices(round_, *STEERING)}).status_code == 403
    assert PriorityBallot.objects.get().marks == order(round_, *RESIDENTS)
    # open again, then a new link: the old one is gone, the ballot stays
    service.set_link_open(round_, True)
    service.renew_link(round_)
    assert phone.get(url).status_code == 404
    assert phone.post(url, {**form, **choices(round_, *STEERING)}).status_code == 404
    assert PriorityBallot.objects.get().marks == order(round_, *RESIDENTS)
    # the same phone on the new link still changes its own ballot
    new_url, _page, new_token = open_link(phone, round_)
    assert phone.post(new_url, {**form, "formulier": new_token, **choices(round_, *STEERING)}).status_code == 302
    assert PriorityBallot.objects.count() == 1 and PriorityBallot.objects.get().marks == order(round_, *STEERING)


# ------------------------------------------------------------------------------------- facilitator, roles


def test_a_facilitator_makes_a_round_types_paper_ballots_and_weighs_groups(client, workspace):
    client.force_login(user("begeleider", workspace, Role.FACILITATOR))
    base = f"/plan/{workspace.slug}/prioriteiten/"
    assert client.get(base + "nieuw/").status_code == 200
    refused = client.post(base + "nieuw/", {"titel": "Top drie", "methode": "top3", "items": "Alleen dit",
                                            "groep": ["residents"]})
    assert refused.status_code == 400 and "minstens twee onderwerpen" in refused.content.decode()
    made = client.post(base + "nieuw/", {"titel": "Top drie", "methode": "top3", "items": "\n".join(THEMES),
                                         "groep": ["residents", "professionals"], "eigen_groepen": "Jongeren\n"})
    assert made.status_code == 302
    round_ = PriorityRound.objects.get(title="Top drie")
    assert [g.name for g in round_.groups.all()] == ["Bewoners", "Professionals", "Jongeren"]
    assert list(client.get(base).context["rounds"]) == [round_]
    empty = client.get(base + f"{round_.pk}/").content.decode()
    assert "Er zijn nog geen stemmen." in empty and "<img" not in empty
    k = keys(round_)
    paper = base + f"{round_.pk}/papier/"
    assert client.post(paper, {"groep": "jongeren", "p-keuze-1": k["Verkeer"], "p-keuze-2": k["Overlast"]}).status_code == 302
    twice = client.post(paper, {"groep": "residents", "p-keuze-1": k["Verkeer"], "p-keuze-2": k["Verkeer"]})
    assert twice.status_code == 400 and "meer dan één keer" in twice.content.decode()
    ballot = PriorityBallot.objects.get()
    assert ballot.entered_by == "begeleider" and ballot.device_hash == "" and ballot.marks == {k["Overlast"]: 2,
                                                                                                k["Verkeer"]: 1}
    page = client.get(base + f"{round_.pk}/").content.decode()
    assert "papier: 1. Verkeer; 2. Overlast" in page
    weights = client.post(base + f"{round_.pk}/gewichten/", {"gewicht-residents": "2", "gewicht-professionals": "1",
                                                             "gewicht-jongeren": "1,5"})
    assert weights.status_code == 302
    assert [str(g.weight) for g in round_.groups.all()] == ["2.00", "1.00", "1.50"]
    page = client.get(base + f"{round_.pk}/").content.decode()
    assert "De groepen tellen zoals het team koos" in page
    bad = client.post(base + f"{round_.pk}/gewichten/", {"gewicht-residents": "-1"})
    assert bad.status_code == 400 and "0 of meer" in bad.content.decode()
    assert client.post(base + f"{round_.pk}/papier/{ballot.pk}/weg/").status_code == 302
    assert PriorityBallot.objects.count() == 0
    assert client.post(base + f"{round_.pk}/link/", {"actie": "sluiten"}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == "closed"


def test_a_reader_sees_but_never_changes_and_other_workspaces_see_nothing(client, workspace, round_):
    service.cast_ballot(round_, "residents", order(round_, *RESIDENTS), entered_by="x")
    base = f"/plan/{workspace.slug}/prioriteiten/{round_.pk}/"
    client.force_login(user("lezer", workspace, Role.READER))
    page = client.get(base)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stembriefje van papier intypen" not in text and "Beslissing bewaren" not in text
    assert "Link sluiten" not in text and "verwijderen" not in text
    ballot = PriorityBallot.objects.get()
    posts = {"papier/": {"groep": "residents", **choices(round_, *RESIDENTS, prefix="p-")},
             f"papier/{ballot.pk}/weg/": {}, "link/": {"actie": "sluiten"}, "gewichten/": {"gewicht-residents": "3"},
             "beslissing/": {"item": keys(round_)["Verkeer"], "beslissing": "take_up", "reden": "x"}}
    for path, data in posts.items():
        assert client.post(base + path, data).status_code == 403, path
    assert client.get(f"/plan/{workspace.slug}/prioriteiten/nieuw/").status_code == 403
    round_.refresh_from_db()
    assert round_.status == "open" and PriorityBallot.objects.count() == 1 and not PriorityDecision.objects.exists()
    assert {g.weight for g in round_.groups.all()} == {1}

    other = Workspace.objects.create(name="Ander team", slug="ander-team")
    client.force_login(user("buur", other, Role.ADMIN))
    assert client.get(base).status_code == 404
    assert client.get(f"/plan/{other.slug}/prioriteiten/{round_.pk}/").status_code == 404
    for path, data in posts.items():
        assert client.post(f"/plan/{other.slug}/prioriteiten/{round_.pk}/{path}", data).status_code == 404, path
        assert client.post(base + path, data).status_code == 404, path
    assert PriorityBallot.objects.count() == 1 and round_.status == "open"
    # a chart of one workspace cannot be opened in another
    client.force_login(get_user_model().objects.get(username="lezer"))
    chart = re.search(r'<img src="(/plan/[^"]+\.svg)"', client.get(base).content.decode()).group(1)
    client.force_login(get_user_model().objects.get(username="buur"))
    assert client.get(chart).status_code == 404
    assert client.get(chart.replace(workspace.slug, other.slug)).status_code == 404
    client.logout()
    assert client.get(base).status_code == 302  # to the login page


# ---------------------------------------------------------------------------------------------------- demo


def test_the_demo_round_shows_residents_and_professionals_apart(workspace):
    from zorgzaam.plan.demo_priorities import install_demo_priorities

    line = install_demo_priorities(workspace)
    install_demo_priorities(workspace)  # built again: still one round
    round_ = PriorityRound.objects.get(workspace=workspace)
    assert round_.is_fictional and round_.method == "dots" and "fictief" in round_.title
    result = service.round_result(round_)
    titles = {i.key: i.title for i in result.items}
    gaps = {titles[d.item]: d.ranks for d in result.divergences}
    assert gaps == {"Veilige, brede voetpaden in de Kapelhoek": {"residents": 1, "professionals": 5, "steering": 4},
                    "80-plussers die alleen wonen vaker bezoeken": {"residents": 4, "professionals": 1,
                                                                   "steering": 1}}
    assert "voetpaden" in line and result.ballots == 25
    assert PriorityBallot.objects.filter(round=round_).exclude(device_hash="").count() == 14  # residents' phones
    assert PriorityDecision.objects.get(round=round_).item.title.startswith("Veilige, brede voetpaden")


def test_the_phone_screen_and_its_messages_in_english(round_):
    phone = Client()
    phone.cookies["django_language"] = "en"  # the language button's choice
    url, page, form_token = open_link(phone, round_)
    text = page.content.decode()
    assert "Which group do you belong to?" in text and "Place 5" in text and "Steering group" not in text
    sent = phone.post(url, {"formulier": form_token, "groep": "residents", **choices(round_, *RESIDENTS[:4])})
    assert sent.status_code == 400
    assert "Give each of the 5 topics its own place from 1 to 5. Still without a place: Openbaar vervoer." in \
        sent.content.decode()


def test_a_round_made_from_the_plans_challenges_keeps_the_link(client, workspace):
    from zorgzaam.plan.models import Challenge

    mine = Challenge.objects.create(workspace=workspace, title="Veilig verkeer rond de school",
                                    description="Bewoners vragen het al jaren.")
    other = Workspace.objects.create(name="Ander team", slug="ander-team")
    theirs = Challenge.objects.create(workspace=other, title="Geheime uitdaging")
    client.force_login(user("begeleider", workspace, Role.FACILITATOR))
    form = client.get(f"/plan/{workspace.slug}/prioriteiten/nieuw/").content.decode()
    assert "Veilig verkeer rond de school" in form and "Geheime uitdaging" not in form
    made = client.post(f"/plan/{workspace.slug}/prioriteiten/nieuw/", {
        "titel": "Uitdagingen", "methode": "ranking", "uitdaging": [str(mine.pk), str(theirs.pk)],
        "items": "Eenzaamheid", "groep": ["residents", "steering"]})
    assert made.status_code == 302
    items = list(PriorityRound.objects.get(title="Uitdagingen").items.all())
    assert [(i.title, i.challenge_id) for i in items] == [("Veilig verkeer rond de school", mine.pk),
                                                          ("Eenzaamheid", None)]
    assert items[0].description == "Bewoners vragen het al jaren."


def test_many_new_phones_from_one_address_are_held_back_but_changing_ones_own_vote_is_not(round_,
                                                                                          monkeypatch):
    monkeypatch.setenv("ZORGZAAM_PRIORITY_NEW_BALLOTS_PER_10MIN", "2")
    first = Client()
    url, _page, token = open_link(first, round_)
    form = {"groep": "residents", **choices(round_, *RESIDENTS)}
    assert first.post(url, {**form, "formulier": token}).status_code == 302
    second = Client()
    _url, _page, token2 = open_link(second, round_)
    assert second.post(url, {**form, "formulier": token2}).status_code == 302
    third = Client()
    _url, _page, token3 = open_link(third, round_)
    held = third.post(url, {**form, "formulier": token3})
    assert held.status_code == 429 and "Even geduld" in held.content.decode()
    assert PriorityBallot.objects.count() == 2
    # the first phone still changes its own ballot
    assert first.post(url, {**form, "formulier": token, "groep": "steering"}).status_code == 302
    assert PriorityBallot.objects.filter(group__key="steering").count() == 1


def test_a_round_is_edited_fully_before_the_first_ballot_and_only_its_title_after(client, workspace, round_):
    client.force_login(user("begeleider", workspace, Role.FACILITATOR))
    url = f"/plan/{workspace.slug}/prioriteiten/{round_.pk}/wijzigen/"
    page = client.get(f"/plan/{workspace.slug}/prioriteiten/{round_.pk}/").content.decode()
    assert f'href="{url}"' in page
    # the phone link as a QR code beside it: an SVG whose title is the link itself
    link = re.search(r'id="vote-link" type="text" readonly value="([^"]+)"', page).group(1)
    assert re.search(r"<svg[^>]*>\s*<title>" + re.escape(link) + "</title>", page)
    assert "Overlast\nFinanciële kwetsbaarheid\nWeinig sociale contacten" in client.get(url).content.decode()
    kept = round_.items.get(title="Overlast").pk
    items = "Overlast\nVerkeer\nEenzaamheid bij ouderen\nOpenbaar vervoer"
    sent = client.post(url, {"titel": "Wat eerst? (versie 2)", "uitleg": "", "methode": "dots", "stippen": "4",
                             "items": items, "groepen": "Bewoners\nStuurgroep\nJongeren"})
    assert sent.status_code == 302
    round_.refresh_from_db()
    assert (round_.title, round_.method, round_.dots) == ("Wat eerst? (versie 2)", "dots", 4)
    assert [i.title for i in round_.items.all()] == items.split("\n")
    assert round_.items.get(title="Overlast").pk == kept  # an unchanged item keeps its row (and its links)
    assert [(g.key, g.name) for g in round_.groups.all()] == [
        ("residents", "Bewoners"), ("steering", "Stuurgroep"), ("jongeren", "Jongeren")]
    bad = client.post(url, {"titel": "x", "methode": "dots", "stippen": "4", "items": "Alleen dit",
                            "groepen": "Bewoners"})
    assert bad.status_code == 400 and "minstens twee onderwerpen" in bad.content.decode()
    # after a ballot: the items, groups and method are fixed; the title still changes
    service.cast_ballot(round_, "residents", {str(round_.items.get(title="Verkeer").pk): 4})
    page = client.get(url).content.decode()
    assert "Er is al 1 stem uitgebracht" in page and 'name="items"' not in page
    sent = client.post(url, {"titel": "Wat pakken we eerst aan?", "uitleg": "Kies vier stippen.",
                             "methode": "ranking", "items": "Iets anders\nNog iets", "groepen": "Niemand"})
    assert sent.status_code == 302
    round_.refresh_from_db()
    assert (round_.title, round_.question, round_.method) == ("Wat pakken we eerst aan?", "Kies vier stippen.", "dots")
    assert round_.items.count() == 4 and round_.groups.count() == 3
    with pytest.raises(ZorgzaamError) as refused:
        service.update_round(round_, title="x", items=["Iets anders", "Nog iets"])
    assert "Er zijn al 1 stemmen uitgebracht" in refused.value.render("nl")
    assert round_.items.count() == 4
    # a lezer may not edit
    reader = Client()
    reader.force_login(user("lezer", workspace, Role.READER))
    assert reader.get(url).status_code == 403
