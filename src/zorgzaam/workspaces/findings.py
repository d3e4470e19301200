"""What an analysis hands to the summary table: a plain record every app can build (the profile's signals,
the environment's (mis)match signals, survey results, qualitative notes) without importing the plan app,
which stores them (``zorgzaam.plan.findings.record_findings``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FindingInput:
    """What an analysis hands to the summary table (plain data)."""

    source: str
    key: str
    statement: dict[str, str]
    question: dict[str, str] = field(default_factory=dict)
    period: str = ""
    evidence: dict = field(default_factory=dict)
    hints: dict = field(default_factory=dict)
    pitfalls: list = field(default_factory=list)
    theme: str = ""  # empty: derived from the definition behind it (plan.classify)
    building_block: str = ""
    # A generated statement / question as a message record {"code", "params"} (zorgzaam.messages), worded in
    # the reader's language when read; empty: the texts above, as written (a team's own words stay as typed).
    statement_record: dict = field(default_factory=dict)
    question_record: dict = field(default_factory=dict)
