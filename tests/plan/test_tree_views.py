"""The plan's screens with the Django test client: tree, table with filters, an action's page (edit from a
version, status, RASCI, notes, counts), the norm board; a lezer sees but never changes; strangers see
nothing."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.plan import plan_service as service
from zorgzaam.plan.tree_models import Action, ActionCount, Measurement, ProgressNote, RasciRole
from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        install_demo()
        centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
        yield centrum.workspace, centrum
        transaction.set_rollback(True)


@pytest.fixture
def plan(demo):
    workspace, centrum = demo
    service.set_vision(workspace, "Iedereen kent iemand bij wie hij terecht kan.")
    goal = service.add_node(workspace, "strategic", "Meer contact tussen jonge gezinnen", working_group="Gezin")
    sub = service.add_node(workspace, "operational", "Jonge gezinnen kennen elkaar", parent=goal)
    games = service.add_node(workspace, "action", "Maandelijkse spelnamiddag", parent=sub, term="KT", owner="Sara",
                             neighbourhoods=[centrum], building_blocks=["social_networks"])
    walk = service.add_node(workspace, "action", "Wandeling langs de speelpleinen", parent=sub, term="LT",
                            owner="Jonas")
    norm = service.add_norm(workspace, games.pk, description="Een derde van de jonge gezinnen komt",
                            source_kind="counts", target=33, count_label="gezinnen", denominator_value=90,
                            baseline_date=D(2025, 1, 1))
    service.add_measurement(workspace, norm.pk, date=D(2025, 5, 1), value=40)
    return {"workspace": workspace, "games": games, "walk": walk, "sub": sub, "norm": norm}


def login(client, workspace, role, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    if workspace is not None:
        Membership.objects.create(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


def test_tree_table_and_filters(client, plan):
    workspace = plan["workspace"]
    login(client, workspace, Role.PRACTICE, "praktijk")
    page = client.get(f"/plan/{workspace.slug}/plan/").content.decode()
    assert "Iedereen kent iemand" in page and "S1.O1 A1" in page and "S1.O1 A2" in page
    assert "KT</span> korte termijn" in page and "LT</span> lange termijn" in page  # colour with the words
    table = client.get(f"/plan/{workspace.slug}/plan/?weergave=tabel&termijn=LT").content.decode()
    assert "Wandeling langs de speelpleinen" in table and "Maandelijkse spelnamiddag" not in table
    by_owner = client.get(f"/plan/{workspace.slug}/plan/?weergave=tabel&trekker=Sara&buurt=Centrum+en+omgeving"
                          "&bouwsteen=social_networks&werkgroep=Gezin&status=not_started").content.decode()
    assert "Maandelijkse spelnamiddag" in by_owner and "Wandeling" not in by_owner
    response = client.post(f"/plan/{workspace.slug}/plan/toevoegen/", {
        "kind": "action", "title": "Koffie op zaterdag", "parent": plan["sub"].pk, "term": "MLT"})
    assert response.status_code == 302 and "/plan/actie/" in response["Location"]
    response = client.post(f"/plan/{workspace.slug}/plan/{plan['sub'].pk}/verplaatsen/",
                           {"parent": plan["games"].pk}, follow=True)
    assert "kan niet onder" in response.content.decode()


def test_action_page_edit_with_version_status_rasci_notes_counts(client, plan):
    workspace, games = plan["workspace"], plan["games"]
    login(client, workspace, Role.FACILITATOR, "begeleider")
    url = f"/plan/{workspace.slug}/plan/actie/{games.pk}/"
    page = client.get(url).content.decode()
    assert "Maandelijkse spelnamiddag" in page and "Een derde van de jonge gezinnen komt" in page
    assert "gehaald" in page  # the norm's computed status (40 % of the 90 families ≥ 33 %)
    assert "Wanneer bekijken jullie deze actie opnieuw?" in page  # a quality question, asked as a question
    version = Action.objects.get(pk=games.pk).version
    form = {"version": version, "title": "Maandelijkse spelnamiddag", "term": "KT", "owner": "Sara",
            "target_group": "gezinnen met minstens één kind van 0 tot 12 jaar", "first_steps": "", "agreements": "",
            "next_evaluation": "2026-03-01", "working_group": "Gezin", "building_blocks": ["social_networks"]}
    assert client.post(url + "bewaren/", form).status_code == 302
    stale = client.post(url + "bewaren/", dict(form, owner="Iemand anders"), follow=True).content.decode()
    assert "niets overschreven" in stale
    action = Action.objects.get(pk=games.pk)
    assert (action.owner, action.version, action.next_evaluation) == ("Sara", version + 1, D(2026, 3, 1))
    client.post(url + "status/", {"status": "ongoing", "version": action.version})
    assert Action.objects.get(pk=games.pk).status == "ongoing"
    client.post(url + "rasci/", {"new_name": "Buurtwerker", "new_organisation": "LDC", "new_letter": "R"})
    assert RasciRole.objects.get(action=games.pk).letter == "R"
    client.post(url + "voortgang/", {"date": "2025-10-04", "text": "Eerste namiddag: 14 gezinnen",
                                     "attachment": SimpleUploadedFile("lijst.txt", b"aanwezig")})
    assert ProgressNote.objects.get(action=games.pk).attachment.name.endswith(".txt")
    client.post(url + "telling/", {"date": "2025-10-04", "label": "gezinnen", "count": "14"})
    assert ActionCount.objects.get(action=games.pk).count == 14
    assert Measurement.objects.filter(norm=plan["norm"], origin="computed").count() == 1  # 14 of 90 computed
    note = ProgressNote.objects.get(action=games.pk)
    download = client.get(url + f"bijlage/{note.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"aanwezig"
    assert download["Cache-Control"].startswith("no-store")
    from zorgzaam.workspaces.models import AuditEntry

    assert AuditEntry.objects.filter(action="plan_attachment", workspace=workspace).count() == 1
    page = client.get(url).content.decode()
    assert "Eerste namiddag" in page and "lopend" in page and "Buurtwerker (LDC)" in page
    assert "bijlage downloaden" in page
    assert "Wanneer bekijken jullie deze actie opnieuw?" not in page  # answered by the evaluation date


def test_a_challenge_from_accepted_findings(client, plan):
    from zorgzaam.plan.findings import FindingInput, decide, record_findings
    from zorgzaam.plan.models import Finding
    from zorgzaam.plan.tree_models import Challenge

    workspace = plan["workspace"]
    centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
    record_findings(workspace, [FindingInput("voices", "test:benches", {"nl": "Te weinig banken onderweg"})],
                    neighbourhood=centrum, source="voices")
    finding = Finding.objects.get(key="test:benches")
    decide(finding.pk, status="accepted", user="test")
    login(client, workspace, Role.PRACTICE, "praktijk-uitdaging")
    page = client.get(f"/plan/{workspace.slug}/plan/").content.decode()
    assert "Centrum en omgeving: Te weinig banken onderweg" in page  # offered as evidence
    client.post(f"/plan/{workspace.slug}/plan/uitdaging/", {"title": "Rusten onderweg", "findings": [finding.pk],
                                                           "neighbourhoods": [centrum.pk]})
    challenge = Challenge.objects.get(workspace=workspace, title="Rusten onderweg")
    assert list(challenge.findings.all()) == [finding] and list(challenge.neighbourhoods.all()) == [centrum]
    decide(finding.pk, status="rejected", user="test")
    assert "een bevinding achter deze uitdaging is verworpen" in client.get(f"/plan/{workspace.slug}/plan/").content \
        .decode()


def test_norm_board_shows_computed_statuses(client, plan):
    workspace = plan["workspace"]
    login(client, workspace, Role.READER, "lezer")
    page = client.get(f"/plan/{workspace.slug}/plan/normen/").content.decode()
    assert "Een derde van de jonge gezinnen komt" in page and "status-met" in page and "40,0 %" in page
    assert "opnieuw berekenen" not in page  # a lezer gets no button
    only = client.get(f"/plan/{workspace.slug}/plan/normen/?status=missed").content.decode()
    assert "Een derde van de jonge gezinnen komt" not in only


def test_a_lezer_sees_but_never_changes_and_strangers_see_nothing(client, plan):
    workspace, games = plan["workspace"], plan["games"]
    login(client, workspace, Role.READER, "lezer2")
    url = f"/plan/{workspace.slug}/plan/actie/{games.pk}/"
    page = client.get(url).content.decode()
    assert "Maandelijkse spelnamiddag" in page and "Actie bewaren" not in page
    version = Action.objects.get(pk=games.pk).version
    for path, data in (("bewaren/", {"version": version, "title": "Gekaapt", "term": "KT"}),
                       ("status/", {"status": "done", "version": version}),
                       ("rasci/", {"new_name": "X", "new_letter": "R"}),
                       ("voortgang/", {"text": "x"}), ("telling/", {"label": "x", "count": "1"})):
        assert client.post(url + path, data).status_code == 403
    assert client.post(f"/plan/{workspace.slug}/plan/toevoegen/", {"kind": "strategic", "title": "x"}).status_code \
        == 403
    assert client.post(f"/plan/{workspace.slug}/plan/normen/berekenen/").status_code == 403
    assert client.post(f"/plan/{workspace.slug}/plan/uitdaging/", {"title": "x"}).status_code == 403
    note = service.add_progress_note(workspace, games.pk, date=D(2025, 10, 4), text="Aanwezigheidslijst",
                                     attachment=SimpleUploadedFile("namen.txt", b"Jan, Mia"))
    assert "met een bijlage" in client.get(url).content.decode()
    assert client.get(url + f"bijlage/{note.pk}/").status_code == 403  # names on the list: not for a lezer
    assert Action.objects.get(pk=games.pk).version == version
    client.logout()
    login(client, None, None, "buitenstaander")
    for path in ("plan/", f"plan/actie/{games.pk}/", "plan/normen/"):
        assert client.get(f"/plan/{workspace.slug}/{path}").status_code in (403, 404)


def _statements(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_pages_take_as_many_statements_for_twenty_actions_as_for_two(client, plan, demo):
    """No query per action, norm, RASCI row or neighbourhood: the tree, the table, the norm board and the
    map data take the same number of SQL statements after 18 more actions, each with two norms and their
    measurements, a RASCI row and a neighbourhood, two more neighbourhoods on the map and one more
    challenge (numbers of queries, never times)."""
    workspace, centrum = plan["workspace"], demo[1]
    login(client, workspace, Role.PRACTICE, "praktijk")
    urls = [f"/plan/{workspace.slug}/plan/", f"/plan/{workspace.slug}/plan/?weergave=tabel&termijn=KT",
            f"/plan/{workspace.slug}/plan/normen/", f"/plan/{workspace.slug}/plan/kaart.geojson",
            f"/plan/{workspace.slug}/plan/actie/{plan['games'].pk}/"]
    service.add_challenge(workspace, "Jonge gezinnen kennen elkaar", neighbourhoods=[centrum])
    for url in urls:
        client.get(url)  # the session, the settings row and the outline cache exist from here on
    before = [_statements(client, url) for url in urls]
    model = centrum.versions.order_by("-number").first()
    for name in ("Nieuwe buurt A", "Nieuwe buurt B"):  # two more neighbourhoods, each with its outline
        hood = Neighbourhood.objects.create(workspace=workspace, name=name)
        hood.versions.create(number=1, vintage=model.vintage, sector_codes=model.sector_codes[:1], rule="sectors")
    hoods = list(Neighbourhood.objects.filter(workspace=workspace))
    actor = service.add_actor(workspace, "Buurtwerk", organisation="OCMW")
    for i in range(18):
        action = service.add_node(workspace, "action", f"Actie {i}", parent=plan["sub"], term="MLT",
                                  owner=f"Trekker {i % 3}", neighbourhoods=[hoods[i % len(hoods)]],
                                  building_blocks=["social_networks"])
        service.set_rasci(workspace, action.pk, actor, "R")
        for k in range(2):
            norm = service.add_norm(workspace, action.pk, description=f"Norm {i}.{k}", source_kind="typed",
                                    target=30, baseline_date=D(2025, 1, 1))
            service.add_measurement(workspace, norm.pk, date=D(2025, 5, 1), value=20 + k * 20)
    service.add_challenge(workspace, "Nog een uitdaging", neighbourhoods=[centrum])
    for url in urls:
        client.get(url)  # the new neighbourhoods' outlines dissolved once (one query for all of them)
    after = [_statements(client, url) for url in urls]
    assert after == before, dict(zip(urls, zip(before, after, strict=True), strict=True))
    page = client.get(urls[0]).content.decode()
    assert page.count('class="node node-action') == 20 and "S1.O1 A20" in page
    features = client.get(urls[3]).json()["features"]
    assert {"Nieuwe buurt A", "Nieuwe buurt B"} <= {f["properties"]["name"] for f in features}
    board = client.get(urls[2]).content.decode()
    assert board.count('<tr><td data-label="Bij">') == 37  # the spelnamiddag's norm and 36 new ones
