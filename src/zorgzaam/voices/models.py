"""Residents' voices: questionnaires, surveys and their answers; door-to-door tracking; qualitative
records (sessions, quotes, strengths and challenges, personas); and the privacy trail.

Privacy by design:

* a :class:`Respondent` carries only a random pseudonym, never a name;
* :class:`ContactDetails` (opt-in) live in their own table and are linked to answers only through the
  respondent id, so exports of answers never contain them;
* every export writes a line in the one audit log (``zorgzaam.workspaces.audit``: who, what, when, why — no
  answers, no names);
* each :class:`Survey` has a retention period after which ``purge_expired`` removes its respondents.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.voices import codes as vocab
from zorgzaam.voices.spec import Choice, Condition, QuestionnaireSpec, QuestionSpec


def _choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    return list(vocabulary.items())


def new_token(nbytes: int = 12) -> str:
    """A random URL-safe token that never starts with "-": pasted on a command line
    (`zorgzaam survey erase <pseudonym>`) such a token would be read as an option."""
    while True:
        token = secrets.token_urlsafe(nbytes)
        if not token.startswith("-"):
            return token


def new_invitation_code() -> str:
    """Eight characters without look-alikes (no 0/O, 1/I/L), easy to type from paper."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Questionnaire(models.Model):
    """A vragenlijst: sections and questions, in Dutch and English. A new version is a new row."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="questionnaires")
    title_nl = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    sections = models.JSONField(default=list, blank=True, help_text='[{"nl": …, "en": …}] in order')
    version = models.PositiveIntegerField(default=1)
    source = models.CharField(max_length=200, blank=True, help_text="item bank, XLSForm file name …")
    is_fictional = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["title_nl", "version"]

    def __str__(self) -> str:
        return f"{self.title_nl} (v{self.version})"

    def to_spec(self) -> QuestionnaireSpec:
        return QuestionnaireSpec(title_nl=self.title_nl, title_en=self.title_en, sections=list(self.sections or []),
                                 questions=[q.to_spec() for q in self.questions.all()], version=self.version)


class Question(models.Model):
    TYPES = [("single", _("één keuze")), ("multiple", _("meerdere keuzes")), ("scale", _("schaal")),
             ("number", _("getal")), ("text", _("korte tekst")), ("long_text", _("lange tekst")),
             ("date", _("datum")), ("map_point", _("punt op de kaart"))]

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=80)
    position = models.PositiveIntegerField()
    section = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=12, choices=TYPES)
    text_nl = models.TextField(_("vraag"))
    text_en = models.TextField(_("vraag (Engels)"), blank=True)
    help_nl = models.TextField(blank=True)
    help_en = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True, help_text='[{"code": …, "nl": …, "en": …}]')
    scale_min = models.IntegerField(null=True, blank=True)
    scale_max = models.IntegerField(null=True, blank=True)
    scale_labels = models.JSONField(default=dict, blank=True)
    min_value = models.FloatField(null=True, blank=True)
    max_value = models.FloatField(null=True, blank=True)
    required = models.BooleanField(default=False)
    condition = models.JSONField(null=True, blank=True, help_text='{"question": code, "op": "eq", "value": …}')
    bank_item = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="question_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text_nl[:60]}"

    def to_spec(self) -> QuestionSpec:
        return QuestionSpec(
            code=self.code, type=self.type, text_nl=self.text_nl, text_en=self.text_en,
            choices=[Choice(**c) for c in self.choices or []], required=self.required, scale_min=self.scale_min,
            scale_max=self.scale_max, scale_labels=dict(self.scale_labels or {}), min_value=self.min_value,
            max_value=self.max_value, condition=Condition(**self.condition) if self.condition else None,
            section=self.section, bank_item=self.bank_item, help_nl=self.help_nl, help_en=self.help_en)


class Survey(models.Model):
    """A bevraging: a questionnaire fielded in a workspace for one or more neighbourhoods."""

    OPEN, CLOSED, DRAFT = "open", "closed", "draft"
    STATUSES = [(DRAFT, _("in voorbereiding")), (OPEN, _("open")), (CLOSED, _("afgesloten"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="surveys")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="surveys")
    name = models.CharField(_("naam"), max_length=200)
    neighbourhoods = models.ManyToManyField("areas.Neighbourhood", blank=True, related_name="surveys")
    token = models.CharField(max_length=40, unique=True, default=new_token, help_text="public link /stem/<token>/")
    status = models.CharField(max_length=10, choices=STATUSES, default=OPEN)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    retention_days = models.PositiveIntegerField(
        _("bewaartermijn (dagen)"), default=730, help_text="answers are erased this many days after closing")
    min_cell = models.PositiveIntegerField(_("minimale celgrootte"), default=5)
    uses_invitation_codes = models.BooleanField(_("met uitnodigingscodes"), default=False)
    eligible_population = models.JSONField(default=dict, blank=True,
                                           help_text="residents who may take part, per neighbourhood name")
    intro_nl = models.TextField(blank=True)
    intro_en = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_fictional = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bevraging")
        verbose_name_plural = _("bevragingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN


class ReferenceFigure(models.Model):
    """A figure to compare with, entered by the team: the share answering ``categories`` to a question in
    a reference population (e.g. Belgium, Flanders, the gemeente- en stadsmonitor)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reference_figures")
    question_code = models.SlugField(max_length=80)
    categories = models.JSONField(default=list)
    label = models.CharField(max_length=200, help_text="e.g. 'België (2023)'")
    proportion = models.FloatField(help_text="0–1")
    source = models.CharField(max_length=300, blank=True)


class CategoryMerge(models.Model):
    """Answers of one question that the team chose to count together in the report (e.g. 'matig' and
    'ernstig eenzaam'), so that a category under the minimum cell size does not hide the result. Who chose
    it and when is kept and printed with the table. ``label`` empty: the report names the group itself."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="category_merges")
    question_code = models.SlugField(max_length=80)
    categories = models.JSONField(default=list)
    label = models.CharField(max_length=200, blank=True)
    chosen_by = models.CharField(max_length=150)
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_code", "pk"]


class InvitationCode(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitation_codes")
    code = models.CharField(max_length=16, default=new_invitation_code)
    neighbourhood = models.ForeignKey("areas.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="invitation_unique_code")]


class Respondent(models.Model):
    """One person's response, known only by a random pseudonym."""

    CHANNELS = _choices(vocab.CHANNELS)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    pseudonym = models.CharField(max_length=40, unique=True, default=new_token)
    neighbourhood = models.ForeignKey("areas.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="respondents")
    channel = models.CharField(max_length=16, choices=CHANNELS, default="web")
    invitation = models.OneToOneField(InvitationCode, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="respondent")
    start_key = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                 help_text="idempotency key of the request that started the response")
    external_id = models.CharField(max_length=120, blank=True, help_text="id in an imported file")
    last_section = models.IntegerField(default=-1)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.CharField(max_length=150, blank=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "completed_at"])]
        constraints = [
            models.UniqueConstraint(fields=["survey", "external_id"], condition=~models.Q(external_id=""),
                                    name="respondent_unique_external_id"),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["respondent", "question"], name="answer_unique")]


class ContactDetails(models.Model):
    """Opt-in contact details, kept apart from the answers; linkable only through the respondent."""

    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    consent_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class DoorToDoorVisit(models.Model):
    """One visit of the door-to-door campaign (per address, or per street when addresses are not kept)."""

    STATUSES = _choices(vocab.VISIT_STATUSES)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="visits")
    neighbourhood = models.ForeignKey("areas.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True)
    street = models.CharField(max_length=200)
    house_number = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES)
    visited_on = models.DateField()
    visitor = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["visited_on", "street", "house_number"]

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}".strip()


# ------------------------------------------------------------------------------------------ qualitative

class QualitativeSession(models.Model):
    """A focus group, table conversation, observation, walking interview, photo assignment or one-to-one
    talk. Participants are counted by kind, not named."""

    KINDS = _choices(vocab.SESSION_KINDS)

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="qualitative_sessions")
    neighbourhood = models.ForeignKey("areas.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(max_length=24, choices=KINDS)
    title = models.CharField(_("titel"), max_length=200)
    held_on = models.DateField(null=True, blank=True)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    participant_count = models.PositiveIntegerField(default=0)
    participant_kinds = models.JSONField(default=dict, blank=True, help_text='{"resident": 6, "professional": 2}')
    facilitators = models.CharField(max_length=300, blank=True)
    notes = models.TextField(_("verslag"), blank=True)
    observation = models.JSONField(default=dict, blank=True, help_text="notes per observation dimension")
    agenda = models.JSONField(default=list, blank=True)
    personas = models.ManyToManyField("Persona", blank=True, related_name="sessions")
    is_fictional = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class Quote(models.Model):
    """A citaat, coded with themes and building blocks."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="quotes")
    session = models.ForeignKey(QualitativeSession, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="quotes")
    neighbourhood = models.ForeignKey("areas.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True)
    text = models.TextField()
    speaker_kind = models.CharField(max_length=20, blank=True, help_text="resident, professional … (no names)")
    themes = models.JSONField(default=list, blank=True)
    building_blocks = models.JSONField(default=list, blank=True)
    is_fictional = models.BooleanField(default=False)


class StrengthChallenge(models.Model):
    STRENGTH, CHALLENGE = "strength", "challenge"
    KINDS = [(STRENGTH, _("sterkte")), (CHALLENGE, _("uitdaging"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="strengths_challenges")
    neighbourhood = models.ForeignKey("areas.Neighbourhood", on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=10, choices=KINDS)
    text = models.CharField(max_length=300)
    themes = models.JSONField(default=list, blank=True)
    building_blocks = models.JSONField(default=list, blank=True)
    session = models.ForeignKey(QualitativeSession, on_delete=models.SET_NULL, null=True, blank=True)
    is_fictional = models.BooleanField(default=False)


class Persona(models.Model):
    """A fictional character for table conversations (fields follow the seed's persona card)."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("naam"), max_length=120)
    age = models.CharField(_("leeftijd"), max_length=60, blank=True)
    status = models.CharField(_("gezin en relaties"), max_length=200, blank=True)
    occupation = models.CharField(_("werk of bezigheid"), max_length=200, blank=True)
    dwelling = models.CharField(_("woning"), max_length=200, blank=True)
    social = models.TextField(_("sociaal leven"), blank=True)
    physical = models.TextField(_("gezondheid en mobiliteit"), blank=True)
    help = models.TextField(_("hulp die er is"), blank=True)
    quote = models.TextField(_("in eigen woorden"), blank=True)
    needs = models.JSONField(default=list, blank=True)
    is_fictional = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------------------------------ paper entry

class PaperSetting(models.Model):
    """How a survey's paper questionnaires are checked: the share entered a second time (blind)."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="paper_setting")
    verify_percent = models.PositiveIntegerField(_("deel dat twee keer ingegeven wordt (%)"), default=10)


class PaperEntry(models.Model):
    """One paper questionnaire typed in by staff. The first entry is a normal :class:`Respondent`
    (channel ``paper``); a sample is typed a second time, blind, into ``second_answers`` (never analysed).
    Differences per question wait for a supervisor; the chosen values go into the respondent's answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="paper_entries")
    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="paper_entry")
    sequence = models.PositiveIntegerField(help_text="1, 2, 3 … in the order of entry (drives the sample)")
    sheet = models.CharField(_("nummer op de vragenlijst"), max_length=40, blank=True)
    first_by = models.CharField(max_length=150)
    first_at = models.DateTimeField(auto_now_add=True)
    needs_second = models.BooleanField(default=False)
    second_by = models.CharField(max_length=150, blank=True)
    second_at = models.DateTimeField(null=True, blank=True)
    second_answers = models.JSONField(null=True, blank=True)
    compared = models.PositiveIntegerField(default=0, help_text="questions compared")
    differences = models.JSONField(default=list, blank=True)
    resolved_by = models.CharField(max_length=150, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [models.UniqueConstraint(fields=["survey", "sequence"], name="paper_entry_unique_sequence")]


class SessionPhoto(models.Model):
    """A photo of a qualitative session (photo assignment, observation …), kept in the database so that it
    is served only to members of the workspace."""

    session = models.ForeignKey(QualitativeSession, on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(_("onderschrift"), max_length=300, blank=True)
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    uploaded_by = models.CharField(max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
