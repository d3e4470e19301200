"""The follow-up service layer on the database: self-assessment rounds by two people over two dates, five
signal cases after seed 003's traceable ones with their result and the yearly share, a feedback page that
refuses personal data and needs a second member, two editors at once, partners and meetings."""

import datetime as dt
from fractions import Fraction

import pytest

from zorgzaam.followup import services
from zorgzaam.followup import signals as sg
from zorgzaam.followup.models import FeedbackPage, PolicySignal, SignalStatusChange, StreetNames
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan import plan_service
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.models import AuditEntry, Role

pytestmark = pytest.mark.django_db
D = dt.date
THREES = dict.fromkeys(BUILDING_BLOCKS, 3)


def code(error) -> str:
    return error.value.problem.code


def test_two_people_over_two_dates_with_the_difference(team):
    ws = team["workspace"]
    for day, practice, policy in [
        (D(2026, 2, 10), {**THREES, "detection": 4, "partnerships": 1}, {**THREES, "detection": 2, "partnerships": 2}),
        (D(2026, 10, 6), {**THREES, "detection": 5, "partnerships": 3}, {**THREES, "detection": 4, "partnerships": 3,
                                                                          "inclusion": 1}),
    ]:
        services.add_assessment(ws, date=day, scope="person", person="praktijkwerker", scores=practice)
        services.add_assessment(ws, date=day, scope="person", person="beleidsmedewerker", scores=policy,
                                reflections={"cyclical": ["Eén keer per kwartaal samen aan tafel."]})
    overview = services.assessment_overview(ws, "nl")
    comparison = overview["comparison"]
    assert comparison["date"] == D(2026, 10, 6)
    assert (comparison["first"], comparison["second"]) == ("beleidsmedewerker", "praktijkwerker")
    rows = {r.block: r for r in comparison["rows"]}
    assert (rows["detection"].first, rows["detection"].second, rows["detection"].difference) == (4, 5, 1)
    assert rows["inclusion"].difference == 2 and rows["inclusion"].flagged
    assert [b for b, r in rows.items() if r.flagged] == ["inclusion"]
    dates, trend = overview["trends"]["praktijkwerker"]
    assert dates == [D(2026, 2, 10), D(2026, 10, 6)]
    assert {r.block: r.change for r in trend}["partnerships"] == 2
    assert overview["routes"] is not None


def test_scores_outside_one_to_five_refused_nothing_saved(team):
    with pytest.raises(ZorgzaamError) as error:
        services.add_assessment(team["workspace"], date=D(2026, 3, 1), scores={**THREES, "communication": 7})
    assert code(error) == "assessment_score_out_of_range"
    assert not team["workspace"].self_assessments.exists()


# Five cases modelled on seed 003's signals with a traceable result; the dates are ours.
CASES = [
    dict(date=D(2025, 2, 10), theme="wonen", source="home_visit", description=(
        "Bewoners van de nieuwe woningen horen te weinig van de huisvestingsmaatschappij."),
         addressees=["Wijkteam", "Huisvestingsmaatschappij"], sent_date=D(2025, 2, 20), status=sg.RESULT,
         result_text="De maatschappij hield een bewonersvergadering.", result_date=D(2025, 4, 15)),
    dict(date=D(2025, 3, 3), theme="verkeersveiligheid", source="group", description=(
        "Ouders vinden de schoolomgeving onveilig in het verkeer."),
         addressees=["Team Flankerend Onderwijs"], sent_date=D(2025, 3, 10), status=sg.RESULT,
         result_text="Stickers op de weg; de toegangsweg wordt geasfalteerd.", result_date=D(2025, 6, 1)),
    dict(date=D(2025, 5, 12), theme="armoede", source="partner", description=(
        "Een sociale kruidenier zou veel gezinnen helpen."),
         addressees=["Schepen van Sociale Zaken"], sent_date=D(2025, 5, 20), status=sg.PARTIAL,
         result_text="Een (mobiele) sociale kruidenier wordt onderzocht.", result_date=D(2025, 9, 1)),
    dict(date=D(2025, 9, 1), theme="digitale kloof", source="walk_in", description=(
        "Bankkantoren gesloten; alleen nog op afspraak."),
         addressees=["Banken"], sent_date=D(2025, 9, 15), status=sg.PARTIAL,
         result_text="Banken gecontacteerd; opvolging volgend jaar.", result_date=D(2025, 11, 3)),
    dict(date=D(2026, 1, 15), theme="communicatie", source="resident", description=(
        "De vaccinatiebrieven zijn te moeilijk geschreven."),
         addressees=["Werkgroep vaccinatie eerstelijnszone"], sent_date=D(2026, 1, 20), status=sg.RESULT,
         result_text="De brieven zijn herschreven in klare taal.", result_date=D(2026, 2, 20)),
]


def test_five_signal_cases_with_their_results_and_the_yearly_share(team):
    ws = team["workspace"]
    for case in CASES:
        assert sg.suggest_status(case["result_text"]) == case["status"]
        services.add_signal(ws, neighbourhood=team["centrum"], **case)
    facts = services.signal_facts(ws)
    assert sg.count_by(facts, "status") == [("result", 3), ("partial", 2)]
    shares = {y.year: y for y in sg.yearly_share(facts)}
    assert (shares[2025].signals, shares[2025].with_result, shares[2025].partial) == (4, 2, 2)
    assert shares[2025].share == Fraction(1, 2) and shares[2025].percent == 50.0
    assert shares[2026].share == Fraction(1, 1) and shares[2026].percent == 100.0
    assert dict(sg.count_by(facts, "addressee"))["Banken"] == 1


def test_result_date_before_send_date_refused(team):
    with pytest.raises(ZorgzaamError) as error:
        services.add_signal(team["workspace"], **{**CASES[0], "result_date": D(2025, 2, 15)})
    assert code(error) == "signal_result_before_sent"
    assert not PolicySignal.objects.exists()


def test_status_history_dossier_and_two_editors(team):
    ws = team["workspace"]
    first = services.add_signal(ws, date=D(2026, 3, 2), theme="wonen", description="Lange wachtlijsten.")
    second = services.add_signal(ws, date=D(2026, 3, 9), theme="wonen", description="Vocht in huurwoningen.")
    dossier = services.add_dossier(ws, "Wonen in Overbos", signals=[first, second], user="sara")
    first.refresh_from_db()
    assert first.status == sg.BUNDLED and first.dossier == dossier
    # two people open version 2 of the same signal
    services.update_signal(ws, first.pk, version=first.version, status=sg.SENT, sent_date=D(2026, 4, 1), user="sara")
    with pytest.raises(ZorgzaamError) as error:
        services.update_signal(ws, first.pk, version=first.version, theme="huisvesting", user="jonas")
    assert code(error) == "followup_edited_meanwhile"
    first.refresh_from_db()
    assert first.theme == "wonen" and first.status == sg.SENT  # nothing lost
    assert list(SignalStatusChange.objects.filter(signal=first).values_list("status", flat=True)) == [
        "collected", "bundled", "sent"]
    with pytest.raises(ZorgzaamError) as error:
        services.update_signal(ws, first.pk, version=first.version, result_date=D(2026, 3, 1))
    assert code(error) == "signal_result_before_sent"


def test_signal_text_with_personal_data_gives_a_warning(team):
    warnings = services.signal_warnings(team["workspace"], "Mevrouw belt vaak: 0470 12 34 56.")
    assert [w.kind for w in warnings] == ["phone"]


def test_feedback_page_refuses_a_phone_number_then_publishes_after_removal_and_approval(team):
    ws = team["workspace"]
    StreetNames.objects.create(workspace=ws, names="Kerkstraat\nHoge Dreef")
    page = services.add_page(ws, neighbourhood=team["centrum"], title="Wat deden we met jullie ideeën?",
                             decided="Er komt een zitbank aan het plein. Vragen? Bel 014 12 34 56.",
                             not_done="Geen eenrichtingsverkeer in de Kerkstraat: de bus moet er door.",
                             user="sara")
    with pytest.raises(ZorgzaamError) as error:
        services.publish_page(ws, page.pk, version=page.version, user="an", role=Role.ADMIN)
    assert code(error) == "feedback_has_personal_data" and "telefoonnummer" in str(error.value)
    page = services.update_page(ws, page.pk, version=page.version, user="sara",
                                decided="Er komt een zitbank aan het plein. Vragen? Kom langs in het dienstencentrum.")
    with pytest.raises(ZorgzaamError) as error:
        services.publish_page(ws, page.pk, version=page.version, user="an", role=Role.ADMIN)
    assert code(error) == "feedback_needs_approval"
    with pytest.raises(ZorgzaamError) as error:
        services.approve_page(ws, page.pk, version=page.version, user="sara")
    assert code(error) == "feedback_own_approval"
    page = services.approve_page(ws, page.pk, version=page.version, user="jonas")
    with pytest.raises(ZorgzaamError) as error:
        services.publish_page(ws, page.pk, version=page.version, user="jonas", role=Role.PRACTICE)
    assert code(error) == "feedback_role_cannot_publish"
    page = services.publish_page(ws, page.pk, version=page.version, user="an", role=Role.FACILITATOR)
    assert page.status == FeedbackPage.PUBLISHED and services.public_page(page.token) == page
    assert AuditEntry.objects.filter(action="feedback_publish", workspace=ws).count() == 1
    services.withdraw_page(ws, page.pk, user="an", role=Role.ADMIN)
    assert services.public_page(page.token) is None


def test_editing_a_published_page_takes_it_offline_until_approved_again(team):
    ws = team["workspace"]
    page = services.add_page(ws, neighbourhood=team["centrum"], title="Terugkoppeling", decided="Een zitbank.",
                             user="sara")
    page = services.approve_page(ws, page.pk, version=page.version, user="jonas")
    page = services.publish_page(ws, page.pk, version=page.version, user="an", role=Role.ADMIN)
    assert services.public_page(page.token) == page
    page = services.update_page(ws, page.pk, version=page.version, user="sara", decided="Mevrouw X vroeg een bank.")
    assert page.status == FeedbackPage.DRAFT and services.public_page(page.token) is None


def test_an_edit_after_approval_needs_a_new_approval(team):
    ws = team["workspace"]
    page = services.add_page(ws, neighbourhood=team["heide"], title="Terugkoppeling", decided="We leggen een pad aan.",
                             user="sara")
    page = services.approve_page(ws, page.pk, version=page.version, user="jonas")
    page = services.update_page(ws, page.pk, version=page.version, user="sara", decided="Mevr. Janssens krijgt ...")
    assert page.approved_by == ""
    with pytest.raises(ZorgzaamError) as error:
        services.publish_page(ws, page.pk, version=page.version, user="an", role=Role.ADMIN)
    assert code(error) == "feedback_needs_approval"


def test_partners_bodies_meetings_and_actions_of_the_plan(team):
    ws, other = team["workspace"], team["other"]
    with pytest.raises(ZorgzaamError) as error:
        services.add_partner(ws, "Ziekenzorg Overbos", contact_details="Marc, 0470 11 22 33")
    assert code(error) == "partner_contact_needs_consent"
    ocmw = services.add_partner(ws, "OCMW Overbos", contact_role="maatschappelijk werker", domain="welzijn")
    club = services.add_partner(ws, "Okra Overbos", formal=False, domain="ouderen")
    steering = services.add_body(ws, "steering_group", "Stuurgroep zorgzame buurt", members=[ocmw, club])
    goal = plan_service.add_node(ws, "strategic", "Meer ontmoeting")
    action = plan_service.add_node(ws, "action", "Wekelijkse koffieklets", parent=goal)
    other_goal = plan_service.add_node(other, "strategic", "Elders")
    other_action = plan_service.add_node(other, "action", "Niet van ons", parent=other_goal)
    meeting = services.add_meeting(ws, date=D(2026, 3, 12), consulted="steering_group", body=steering, attendance=7,
                                   partners=[ocmw], decisions="Koffieklets start in mei.", actions=[action.pk])
    assert list(meeting.actions.values_list("pk", flat=True)) == [action.pk]
    with pytest.raises(ZorgzaamError) as error:
        services.add_meeting(ws, date=D(2026, 4, 1), consulted="residents", actions=[other_action.pk])
    assert code(error) == "meeting_action_gone"
    with pytest.raises(ZorgzaamError) as error:
        services.add_harvest(ws, other_action.pk, date=D(2026, 6, 1), what_happened="x")
    assert code(error) == "harvest_action_other_workspace"
    harvest = services.add_harvest(ws, action.pk, date=D(2026, 6, 1), what_happened="Koffieklets elke dinsdag.",
                                   reached="12 bewoners", conclusion="keep")
    assert harvest.action.pk == action.pk
    assert services.consultations(ws)["steering_group"] == 1


def test_two_editors_on_a_partner_and_a_meeting(team):
    ws = team["workspace"]
    partner = services.add_partner(ws, "Okra Overbos", formal=False)
    services.update_partner(ws, partner.pk, version=partner.version, domain="ouderen")
    with pytest.raises(ZorgzaamError) as error:
        services.update_partner(ws, partner.pk, version=partner.version, domain="vrije tijd")
    assert code(error) == "followup_edited_meanwhile"
    partner.refresh_from_db()
    assert partner.domain == "ouderen"
    with pytest.raises(ZorgzaamError) as error:
        services.update_partner(ws, partner.pk, version=partner.version, contact_details="An, 0470 11 22 33")
    assert code(error) == "partner_contact_needs_consent"
    meeting = services.add_meeting(ws, date=D(2026, 5, 1), consulted="residents", attendance=20)
    services.update_meeting(ws, meeting.pk, version=meeting.version, decisions="Bank aan het plein.")
    with pytest.raises(ZorgzaamError) as error:
        services.update_meeting(ws, meeting.pk, version=meeting.version, decisions="Iets anders.")
    assert code(error) == "followup_edited_meanwhile"
    meeting.refresh_from_db()
    assert meeting.decisions == "Bank aan het plein."
    with pytest.raises(ZorgzaamError) as error:
        services.update_meeting(ws, meeting.pk, version=meeting.version, actions=[999999])
    assert code(error) == "meeting_action_gone"
    meeting.refresh_from_db()
    assert meeting.version == 2  # the refused edit wrote nothing
