"""Read what the checklist and the buurtanalyse report need from the database (the Django side of
:mod:`zorgzaam.reports.checklist`): surveys, conversations, partners, challenges, priorities, the plan's goals
and the meetings register, each with the address of the screen that shows it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from zorgzaam.reports.checklist import CONSULTED_BODIES, ChecklistInput, Evidence, MeetingFact


def url(name: str, *args, anchor: str = "") -> str:
    try:
        return reverse(name, args=args) + (f"#{anchor}" if anchor else "")
    except NoReverseMatch:
        return ""


def neighbourhoods_of(workspace, names: list[str] | None = None) -> list:
    """The workspace's neighbourhoods by name (all of them, by name, when ``names`` is empty); an unknown
    name is an error that names it."""
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.messages import ZorgzaamError

    query = Neighbourhood.objects.filter(workspace=workspace).prefetch_related("versions")
    if not names:
        return list(query.order_by("name"))
    found = {n.name: n for n in query.filter(name__in=names)}
    for name in names:
        if name not in found:
            raise ZorgzaamError("profile_target_not_found", target=name)
    return [found[name] for name in names]


def checklist_input(workspace, neighbourhoods: list, figures: dict[str, bool] | None = None) -> ChecklistInput:
    """The checklist's facts for these neighbourhoods. ``figures``: per neighbourhood name whether its profile
    has figures (the report knows it from the profile it built); without it, a neighbourhood with sectors in a
    workspace that sees at least one dataset counts as having figures."""
    from django.db.models import Q

    from zorgzaam.followup.models import Meeting, Partner
    from zorgzaam.plan.models import Challenge, Finding, GoalNode, PriorityDecision
    from zorgzaam.sources.models import Dataset
    from zorgzaam.voices.models import QualitativeSession, StrengthChallenge, Survey

    slug = workspace.slug
    names = [n.name for n in neighbourhoods]
    ids = [n.pk for n in neighbourhoods]
    facts = ChecklistInput(neighbourhoods=names)
    facts.add_urls = {
        "figures": url("web:import", slug), "surveys": url("voices_staff:surveys", slug),
        "sessions": url("voices_staff:sessions", slug), "residents": url("web:import", slug),
        "actors": url("followup-partners", slug), "experience": url("voices_staff:sessions", slug),
        "strengths": url("voices_staff:strengths", slug), "gaps": url("voices_staff:strengths", slug),
        "local_policy": url("web:datasets", slug), "challenges": url("findings", slug),
        "priorities": url("priority-rounds", slug), "plan": url("plan-tree", slug),
        "meetings": url("followup-meetings", slug)}

    any_data = Dataset.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace), row_count__gt=0).exists()
    for n in neighbourhoods:
        version = n.current
        has = figures.get(n.name, False) if figures is not None else bool(
            any_data and version is not None and version.sector_codes)
        if has:
            facts.with_figures[n.name] = [Evidence(f"Buurtprofiel {n.name}", url("profile-neighbourhood", slug, n.pk))]

    surveys = Survey.objects.filter(workspace=workspace, neighbourhoods__in=ids).distinct().order_by("pk")
    facts.surveys = [Evidence(s.name, url("voices_staff:survey-report", slug, s.pk))
                     for s in surveys if s.respondents.filter(completed_at__isnull=False).exists()]
    sessions = QualitativeSession.objects.filter(workspace=workspace, neighbourhood__in=ids).order_by("held_on", "pk")
    facts.sessions = [Evidence(f"{s.title}" + (f" ({s.held_on:%d/%m/%Y})" if s.held_on else ""),
                               url("voices_staff:session", slug, s.pk)) for s in sessions]

    partners = Partner.objects.filter(workspace=workspace).order_by("organisation")
    facts.actors = [Evidence(p.organisation, url("followup-partners", slug)) for p in partners]
    notes = StrengthChallenge.objects.filter(workspace=workspace, neighbourhood__in=ids).order_by("pk")
    facts.strengths = [Evidence(f"Sterkte: {s.text}", url("voices_staff:strengths", slug)) for s in notes
                       if s.kind == StrengthChallenge.STRENGTH]
    facts.gaps = [Evidence(f"Uitdaging: {s.text}", url("voices_staff:strengths", slug)) for s in notes
                  if s.kind == StrengthChallenge.CHALLENGE]
    findings = Finding.objects.filter(workspace=workspace, neighbourhood__in=ids, status="accepted", is_current=True)
    facts.gaps += [Evidence(f"Bevinding: {f.statement_nl[:80]}", url("findings", slug)) for f in
                   findings.filter(source="environment").order_by("pk")[:5]]

    own = Dataset.objects.filter(workspace=workspace, row_count__gt=0).order_by("pk")
    facts.local_policy = [Evidence(f"Eigen gegevens: {d.name}", url("web:dataset", slug, d.pk)) for d in own]
    facts.local_policy += [Evidence(f"Bevinding van het team: {f.statement_nl[:80]}", url("findings", slug))
                           for f in findings.filter(source="team").order_by("pk")]

    for challenge in Challenge.objects.filter(workspace=workspace).prefetch_related("neighbourhoods").order_by(
            "position", "pk"):
        for n in challenge.neighbourhoods.all():
            if n.name in names:
                facts.challenges.setdefault(n.name, []).append(Evidence(f"Uitdaging: {challenge.title}",
                                                                        url("plan-tree", slug)))
    decisions = PriorityDecision.objects.filter(round__workspace=workspace).select_related("round").order_by(
        "round_id", "pk")
    facts.priority_decisions = [Evidence(f"Prioriteiten: {d.round.title}", url("priority-round", slug, d.round_id))
                                for d in decisions]
    seen = set()
    facts.priority_decisions = [e for e in facts.priority_decisions if not (e.url in seen or seen.add(e.url))]

    goals = GoalNode.objects.filter(workspace=workspace).exclude(kind=GoalNode.ACTION).prefetch_related(
        "challenges").order_by("position", "pk")
    for goal in goals:
        evidence = Evidence(f"Doel: {goal.title}", url("plan-tree", slug, anchor=f"node-{goal.pk}"))
        facts.goals.append(evidence)
        if goal.challenges.all():
            facts.goals_from_challenges.append(evidence)
        if goal.multi_year_plan_item:
            facts.goals_with_policy_link.append(Evidence(f"{goal.title} → {goal.multi_year_plan_item}", evidence.url))

    for meeting in Meeting.objects.filter(workspace=workspace, consulted__in=CONSULTED_BODIES).prefetch_related(
            "partners_present").order_by("date", "pk"):
        facts.meetings.setdefault(meeting.consulted, []).append(MeetingFact(
            meeting.date.isoformat() if meeting.date else "", meeting.title or meeting.get_consulted_display(),
            meeting.attendance, tuple(p.organisation for p in meeting.partners_present.all()),
            url("followup-meetings", slug, anchor=f"meeting-{meeting.pk}")))
    return facts


def checklist_for(workspace, neighbourhoods: list, figures: dict[str, bool] | None = None):
    from zorgzaam.reports.checklist import evaluate

    return evaluate(checklist_input(workspace, neighbourhoods, figures))


def sector_shapes(workspace, codes: list[str]) -> tuple[list[tuple[str, object]], bool]:
    """The outlines (shapely, EPSG:31370) of the sectors of the workspace's municipality and of ``codes``, for
    the report's maps, and whether any of them is approximate (then the map says so)."""
    import shapely

    from zorgzaam.areas.models import Area
    from zorgzaam.areas.queries import sectors_of
    from zorgzaam.environment.service import reference_area

    wanted = set(codes)
    municipality = reference_area(list(codes), workspace) if codes else None
    if municipality is not None:
        wanted |= {a.code for a in sectors_of(municipality, locatable_only=True)}
    shapes, approximate = {}, False
    for code, geometry, kind in Area.objects.filter(level="sector", code__in=wanted, geometry__isnull=False).order_by(
            "code", "vintage").values_list("code", "geometry", "geometry_kind"):
        shapes[code] = shapely.from_wkb(bytes(geometry))  # the latest vintage of a code wins
        approximate = approximate or kind == "approximate"
    return sorted(shapes.items()), approximate
