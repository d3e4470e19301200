"""The summary table in the database: recording signals as findings and the team's decisions on them.

Every part of the chain appends through :func:`record_findings` (the profile's signals, the
environment's (mis)match signals, survey results and qualitative notes), so one table carries them
all. Re-running an analysis updates the wording and evidence of a finding but keeps the team's
status and note; a finding the analysis no longer produces is kept and marked not current."""

from __future__ import annotations

from django.db import transaction

from zorgzaam.messages import ZorgzaamError, format_number, gettext_noop, register, render
from zorgzaam.plan.classify import classify, theme_label
from zorgzaam.plan.models import Finding
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS, block_label
from zorgzaam.workspaces.findings import FindingInput

register({
    "finding_mismatch_question": gettext_noop(
        "Klopt dit met wat bewoners en partners zeggen over wat ze te voet kunnen bereiken?"),
    "finding_not_found": gettext_noop("Bevinding {id} niet gevonden."),
    "finding_bad_status": gettext_noop("Status moet open, accepted of rejected zijn, niet '{value}'."),
    "finding_bad_relation": gettext_noop("Relatie moet confirms of contradicts zijn, niet '{value}'."),
    "finding_other_workspace": gettext_noop(
        "Bevindingen uit verschillende werkruimtes kunnen niet gekoppeld worden."),
    "finding_bad_block": gettext_noop("'{value}' is geen bouwsteen van het referentiekader."),
    "finding_bad_theme": gettext_noop("Een thema is hoogstens 60 tekens lang."),
})


def from_signal(signal) -> FindingInput:
    """A profile signal as a summary-table row."""
    return FindingInput("profile", signal.key, dict(signal.statement), dict(signal.question), signal.period,
                        dict(signal.evidence, indicator=signal.indicator, direction=signal.direction),
                        dict(signal.hints), list(signal.pitfalls),
                        statement_record=dict(getattr(signal, "statement_record", None) or {}),
                        question_record=dict(getattr(signal, "question_record", None) or {}))


@transaction.atomic
def record_findings(workspace, items: list[FindingInput], *, neighbourhood=None, area=None,
                    source: str | None = None) -> dict[str, int]:
    """Upsert ``items`` for one neighbourhood (or area); findings of ``source`` not in ``items`` are marked
    not current. Returns counts of new, updated and no longer current findings."""
    area_level, area_code = (area.level, area.code) if area is not None else ("", "")
    scope = Finding.objects.filter(workspace=workspace, neighbourhood=neighbourhood, area_level=area_level,
                                   area_code=area_code)
    existing = {(f.source, f.key): f for f in scope}
    seen, created, updated = set(), 0, 0
    classifiers = _classifiers() if items else {}
    for item in items:
        seen.add((item.source, item.key))
        values = {"period": item.period, **_texts("statement", item.statement, item.statement_record),
                  **_texts("question", item.question, item.question_record), "evidence": item.evidence,
                  "hints": item.hints, "pitfalls": item.pitfalls, "is_current": True}
        theme, block = classify(item.source, item.key, item.evidence, **classifiers)
        derived = {"theme": item.theme or theme, "building_block": item.building_block or block}
        finding = existing.get((item.source, item.key))
        if finding is None:
            Finding.objects.create(workspace=workspace, neighbourhood=neighbourhood, area_level=area_level,
                                   area_code=area_code, source=item.source, key=item.key, **values, **derived)
            created += 1
        else:
            if not finding.classified_by:  # a theme or building block the team chose is kept
                values.update(derived)
            for name, value in values.items():
                setattr(finding, name, value)
            finding.save()
            updated += 1
    sources = {source} if source else {item.source for item in items}
    stale = [f.pk for key, f in existing.items() if key not in seen and f.source in sources and f.is_current]
    Finding.objects.filter(pk__in=stale).update(is_current=False)
    return {"new": created, "updated": updated, "not_current": len(stale)}


def _texts(name: str, texts: dict, record: dict) -> dict:
    """A finding's statement or question as stored: its message code and parameters (worded when read, the
    Dutch wording kept for search), or for words without a code the texts as given."""
    if record:
        return {f"{name}_code": record["code"], f"{name}_params": record.get("params") or {},
                f"{name}_nl": render(record["code"], record.get("params"), lang="nl"), f"{name}_en": ""}
    return {f"{name}_code": "", f"{name}_params": {}, f"{name}_nl": texts.get("nl", ""),
            f"{name}_en": texts.get("en", "")}


def record_profile_signals(profile, workspace, neighbourhood=None, area=None) -> dict[str, int]:
    return record_findings(workspace, [from_signal(s) for s in profile.signals], neighbourhood=neighbourhood,
                           area=area, source="profile")


def from_mismatch(row: dict) -> FindingInput:
    """An environment (mis)match signal as a summary-table row."""
    return FindingInput("environment", row["rule_id"], {}, {}, "", dict(row.get("evidence") or {}),
                        statement_record=dict(row["statement_record"]),
                        question_record={"code": "finding_mismatch_question", "params": {}})


def refresh_neighbourhood(neighbourhood) -> dict[str, dict[str, int] | str]:
    """Record the neighbourhood's current signals: the profile's, the environment's (mis)match signals
    when facilities and a network exist, and survey results that clearly differ from the team's reference
    figures. Returns the counts per source (or why one was skipped)."""
    from zorgzaam.profile.service import neighbourhood_profile

    workspace = neighbourhood.workspace
    done: dict[str, dict[str, int] | str] = {
        "profile": record_profile_signals(neighbourhood_profile(neighbourhood), workspace, neighbourhood=neighbourhood)}
    try:
        from zorgzaam.environment.service import mismatch_for

        result = mismatch_for(neighbourhood.name, workspace=workspace)
    except ZorgzaamError as error:
        done["environment"] = error.render()
    else:
        if result.get("message"):
            done["environment"] = result["message"]
        else:
            done["environment"] = record_findings(workspace, [from_mismatch(r) for r in result["signals"]],
                                                  neighbourhood=neighbourhood, source="environment")
    from zorgzaam.voices.services import neighbourhood_findings

    done["voices"] = record_findings(workspace, neighbourhood_findings(neighbourhood), neighbourhood=neighbourhood,
                                     source="voices")
    return done


def decide(finding_id: int, *, workspace=None, status: str | None = None, note: str | None = None,
           user: str = "") -> Finding:
    """Accept, reject or annotate a finding (only within ``workspace`` when given)."""
    query = Finding.objects.filter(pk=finding_id)
    if workspace is not None:
        query = query.filter(workspace=workspace)
    finding = query.first()
    if finding is None:
        raise ZorgzaamError("finding_not_found", id=finding_id)
    if status is not None:
        if status not in dict(Finding.STATUSES):
            raise ZorgzaamError("finding_bad_status", value=status)
        finding.status = status
    if note is not None:
        finding.note = note
    finding.updated_by = user
    finding.save()
    return finding


@transaction.atomic
def apply_decisions(workspace, changes: dict[int, dict], *, user: str = "") -> int:
    """Save what the team changed in the summary table in one transaction: per finding id, any of
    ``status``, ``note``, ``theme`` and ``building_block``. Nothing is saved when one change is refused
    (an unknown finding, status or building block). Returns how many findings changed."""
    found = {f.pk: f for f in Finding.objects.select_for_update(of=("self",)).filter(workspace=workspace, pk__in=list(changes))}
    changed = 0
    for finding_id, change in changes.items():
        finding = found.get(finding_id)
        if finding is None:
            raise ZorgzaamError("finding_not_found", id=finding_id)
        status = change.get("status")
        if status is not None and status not in dict(Finding.STATUSES):
            raise ZorgzaamError("finding_bad_status", value=status)
        block = change.get("building_block")
        if block not in (None, "") and block not in BUILDING_BLOCKS:
            raise ZorgzaamError("finding_bad_block", value=block)
        theme = change.get("theme")
        if theme is not None and len(theme.strip()) > 60:
            raise ZorgzaamError("finding_bad_theme")
        before = (finding.status, finding.note, finding.theme, finding.building_block)
        if status is not None:
            finding.status = status
        if change.get("note") is not None:
            finding.note = change["note"].strip()
        if theme is not None:
            finding.theme = theme.strip()
        if block is not None:
            finding.building_block = block
        if (finding.theme, finding.building_block) != before[2:]:
            finding.classified_by = user or "team"
        if (finding.status, finding.note, finding.theme, finding.building_block) != before:
            finding.updated_by = user
            finding.save()
            changed += 1
    return changed


def relate(finding: Finding, related: Finding, relation: str) -> Finding:
    """Mark that ``finding`` (e.g. from the voices) confirms or contradicts ``related`` (e.g. a figure)."""
    if relation not in ("confirms", "contradicts"):
        raise ZorgzaamError("finding_bad_relation", value=relation)
    if finding.workspace_id != related.workspace_id:
        raise ZorgzaamError("finding_other_workspace")
    finding.relation = relation
    finding.related = related
    finding.save()
    return finding


def unrelate(finding: Finding) -> Finding:
    """Remove the confirms/contradicts link of ``finding``."""
    finding.relation = ""
    finding.related = None
    finding.save()
    return finding


def _classifiers() -> dict:
    """The look-ups :func:`plan.classify.classify` needs: an indicator's catalogue theme, a survey
    question's item bank theme, a (mis)match rule's declared theme and building block."""
    from zorgzaam.environment.mismatch import load_rules
    from zorgzaam.profile.catalogue import load_catalogue
    from zorgzaam.voices.bank import load_bank

    catalogue = load_catalogue()
    questions = {item.id: item.theme for item in load_bank().items.values()}
    rules = {rule.id: (rule.extra.get("theme", ""), rule.extra.get("building_block", "")) for rule in load_rules()}
    return {"indicator_theme": lambda code: catalogue[code].theme if code in catalogue else None,
            "question_theme": questions.get, "rule_class": rules.get}


def _namers() -> dict:
    """Code → name functions for :func:`plan.evidence.describe`."""
    from zorgzaam.environment.taxonomy import category_name
    from zorgzaam.profile.catalogue import load_catalogue
    from zorgzaam.voices import codes

    catalogue = load_catalogue()

    def indicator_name(code, lang):
        return catalogue[code].label(lang) if code in catalogue else code

    def indicator_value(code, value, lang):
        return catalogue[code].format(value, lang) if code in catalogue else format_number(value, lang, 1)

    return {"category_name": category_name, "indicator_name": indicator_name, "indicator_value": indicator_value,
            "building_block_name": lambda code, lang: block_label(code, lang),
            "speaker_name": lambda code, lang: codes.label(codes.PARTICIPANT_KINDS, code, lang),
            "session_kind_name": lambda code, lang: codes.label(codes.SESSION_KINDS, code, lang)}


def summary_rows(workspace, neighbourhood=None, lang: str = "nl", current_only: bool = False) -> list[dict]:
    """The summary table as plain rows: statement, question, decision, the evidence in words
    (``evidence_lines``, ``quotes``) and the links between findings both ways (``related`` is what this
    finding confirms or contradicts; ``related_by`` lists the findings that point at it)."""
    from zorgzaam.plan.evidence import describe

    query = Finding.objects.filter(workspace=workspace)
    if neighbourhood is not None:
        query = query.filter(neighbourhood=neighbourhood)
    if current_only:
        query = query.filter(is_current=True)
    findings = list(query.select_related("neighbourhood", "related"))
    pointing: dict[int, list[Finding]] = {}
    for finding in Finding.objects.filter(workspace=workspace, related__in=[f.pk for f in findings]):
        pointing.setdefault(finding.related_id, []).append(finding)
    namers = _namers()
    classifiers = None
    rows = []
    for finding in findings:
        described = describe(finding.source, finding.evidence, lang, **namers)
        related = finding.related
        theme, block = finding.theme, finding.building_block
        if not (theme or block or finding.classified_by):  # recorded before findings had a theme
            classifiers = classifiers or _classifiers()
            theme, block = classify(finding.source, finding.key, finding.evidence, **classifiers)
        rows.append({"id": finding.pk, "neighbourhood": finding.neighbourhood.name if finding.neighbourhood else "",
                     "neighbourhood_id": finding.neighbourhood_id,
                     "area": finding.area_code, "source": finding.source, "key": finding.key,
                     "period": finding.period, "statement": finding.statement(lang),
                     "question": finding.question(lang), "status": finding.status, "note": finding.note,
                     "relation": finding.relation, "related": finding.related_id,
                     "related_statement": related.statement(lang) if related else "",
                     "related_by": [{"id": f.pk, "relation": f.relation, "statement": f.statement(lang)}
                                    for f in pointing.get(finding.pk, [])],
                     "theme": theme, "theme_label": theme_label(theme, lang), "building_block": block,
                     "block_label": block_label(block, lang) if block else "",
                     "classified_by": finding.classified_by, "updated_by": finding.updated_by,
                     "current": finding.is_current, "evidence": finding.evidence,
                     "evidence_lines": described.lines, "quotes": described.quotes})
    return rows
