"""Forms of the staff screens for residents' voices. Labels are Dutch source strings, translated by Django."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.voices import codes as vocab
from zorgzaam.voices.models import Persona, QualitativeSession, Survey
from zorgzaam.voices.responses_import import FORMATS
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.lang import ui_lang


def _vocab_choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    lang = ui_lang()
    return [(code, vocab.label(vocabulary, code, lang)) for code in vocabulary]


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["retention_days", "min_cell"]
        help_texts = {"retention_days": _("Zoveel dagen na het afsluiten worden alle antwoorden gewist."),
                      "min_cell": _("Geen enkele tabel toont een aantal kleiner dan dit (standaard 5).")}

    def clean_min_cell(self):
        value = self.cleaned_data["min_cell"]
        if value < 3:
            raise forms.ValidationError(_("Kies minstens 3: kleinere groepen maken mensen herkenbaar."))
        return value


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Aantal nieuwe codes"), min_value=1, max_value=2000, initial=50)
    neighbourhood = forms.ChoiceField(label=_("Voor buurt"), required=False)

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].choices = [("", _("geen bepaalde buurt"))] + [(str(n.pk), n.name)
                                                                                  for n in neighbourhoods]


class ReferenceForm(forms.Form):
    question = forms.ChoiceField(label=_("Vraag"))
    categories = forms.MultipleChoiceField(label=_("Antwoorden die meetellen"), widget=forms.CheckboxSelectMultiple,
                                           required=False)
    label = forms.CharField(label=_("Vergelijken met"), max_length=200,
                            help_text=_("Bijvoorbeeld: Vlaanderen (gemeente- en stadsmonitor 2023)"))
    percent = forms.FloatField(label=_("Percentage daar (%)"), min_value=0, max_value=100)
    source = forms.CharField(label=_("Bron"), max_length=300, required=False)

    def __init__(self, *args, spec=None, lang="nl", **kwargs):
        super().__init__(*args, **kwargs)
        closed = [q for q in spec.questions if q.type in ("single", "scale")] if spec else []
        self.fields["question"].choices = [(q.code, q.text(lang)[:100]) for q in closed]
        self.fields["categories"].choices = sorted({(c, c) for q in closed for c in q.choice_codes()})
        self.by_code = {q.code: q for q in closed}
        # the answers as people read them, per question (the screen shows only the chosen question's)
        chosen = set(self.data.getlist("categories")) if hasattr(self.data, "getlist") else set()
        asked = self.data.get("question") if self.data else None
        self.answer_groups = [
            {"question": q.code, "text": q.text(lang),
             "answers": [{"value": c, "label": q.choice_label(c, lang), "id": f"ref-{q.code}-{i}",
                          "checked": q.code == asked and c in chosen}
                         for i, c in enumerate(q.choice_codes())]}
            for q in closed]

    def clean(self):
        data = super().clean()
        q = self.by_code.get(data.get("question"))
        cats = data.get("categories") or []
        if q is not None:
            wrong = [c for c in cats if c not in q.choice_codes()]
            if not cats or wrong:
                raise forms.ValidationError(_("Vink minstens één antwoord aan dat bij de gekozen vraag hoort."))
        return data


class VisitForm(forms.Form):
    street = forms.CharField(label=_("Straat"), max_length=200)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=20, required=False,
                                   help_text=_("Leeg laten als je per straat bijhoudt."))
    neighbourhood = forms.ChoiceField(label=_("Buurt"), required=False)
    status = forms.ChoiceField(label=_("Resultaat"))
    visited_on = forms.DateField(label=_("Datum"), initial=dt.date.today,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Opmerking (geen namen)"), max_length=300, required=False)

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _vocab_choices(vocab.VISIT_STATUSES)
        self.fields["neighbourhood"].choices = [("", "—")] + [(str(n.pk), n.name) for n in neighbourhoods]


class PseudonymForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudoniem van de respondent"), max_length=40)
    action = forms.ChoiceField(choices=[("export", "export"), ("erase", "erase")], widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("Ik begrijp dat wissen niet ongedaan kan worden."), required=False)


class PaperSettingForm(forms.Form):
    verify_percent = forms.CharField(label=_("Deel dat een tweede keer ingegeven wordt (%)"), max_length=6)


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(label=_("XLSForm-bestand (.xlsx)"))
    survey_name = forms.CharField(label=_("Naam van de bevraging"), max_length=200, required=False)


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(label=_("Bestand met antwoorden (CSV of XLSX)"))
    format = forms.ChoiceField(label=_("Afkomstig uit"), choices=[
        ("kobo", "KoboToolbox"), ("odk", "ODK Central"), ("limesurvey", "LimeSurvey"),
        ("zorgzaam", _("Zorgzaam-codes als kolomnamen"))])

    def clean_format(self):
        value = self.cleaned_data["format"]
        if value not in FORMATS:
            raise forms.ValidationError(_("Onbekend formaat."))
        return value


class SessionForm(forms.ModelForm):
    photo = forms.ImageField(label=_("Foto toevoegen"), required=False,
                             help_text=_("JPG of PNG, hoogstens 5 MB. Geen herkenbare mensen zonder hun toestemming."))
    photo_caption = forms.CharField(label=_("Onderschrift van de foto"), max_length=300, required=False)
    agenda_text = forms.CharField(label=_("Agenda (één punt per regel)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = QualitativeSession
        fields = ["kind", "title", "neighbourhood", "held_on", "place", "participant_count", "facilitators", "notes"]
        labels = {"kind": _("Soort"), "title": _("Titel"), "neighbourhood": _("Buurt"), "held_on": _("Datum"),
                  "place": _("Plaats"), "participant_count": _("Aantal deelnemers"),
                  "facilitators": _("Begeleid door (functie, geen namen nodig)"), "notes": _("Verslag")}
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "notes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _vocab_choices(vocab.SESSION_KINDS)
        self.fields["neighbourhood"].queryset = workspace.neighbourhoods.all() if workspace else None
        self.fields["neighbourhood"].required = False
        lang = ui_lang()
        instance = self.instance
        for code in vocab.PARTICIPANT_KINDS:
            self.fields[f"kind_{code}"] = forms.IntegerField(
                label=vocab.label(vocab.PARTICIPANT_KINDS, code, lang), min_value=0, required=False,
                initial=(instance.participant_kinds or {}).get(code) if instance.pk else None)
        for code in vocab.OBSERVATION_DIMENSIONS:
            self.fields[f"obs_{code}"] = forms.CharField(
                label=vocab.label(vocab.OBSERVATION_DIMENSIONS, code, lang), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=(instance.observation or {}).get(code, "") if instance.pk else "")
        if instance.pk:
            self.fields["agenda_text"].initial = "\n".join(instance.agenda or [])

    def main_fields(self):
        return [self[name] for name in ("kind", "title", "neighbourhood", "held_on", "place", "participant_count",
                                        "facilitators")]

    def participant_fields(self):
        return [self[f"kind_{code}"] for code in vocab.PARTICIPANT_KINDS]

    def observation_fields(self):
        return [self[f"obs_{code}"] for code in vocab.OBSERVATION_DIMENSIONS]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("De foto is groter dan 5 MB."))
        return photo

    def save(self, commit=True):
        session = super().save(commit=False)
        session.participant_kinds = {code: self.cleaned_data[f"kind_{code}"] for code in vocab.PARTICIPANT_KINDS
                                     if self.cleaned_data.get(f"kind_{code}")}
        session.observation = {code: self.cleaned_data[f"obs_{code}"].strip() for code in vocab.OBSERVATION_DIMENSIONS
                               if (self.cleaned_data.get(f"obs_{code}") or "").strip()}
        session.agenda = [line.strip() for line in self.cleaned_data.get("agenda_text", "").splitlines() if line.strip()]
        if commit:
            session.save()
        return session


class CodingFields(forms.Form):
    """Themes (free words) and building blocks (the nine of the reference framework)."""

    themes_text = forms.CharField(label=_("Thema's (gescheiden door komma's)"), max_length=300, required=False)
    building_blocks = forms.MultipleChoiceField(label=_("Bouwstenen"), required=False,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building_blocks"].choices = _vocab_choices(BUILDING_BLOCKS)

    def themes(self) -> list[str]:
        return _split(self.cleaned_data.get("themes_text", ""))


class QuoteForm(CodingFields):
    text = forms.CharField(label=_("Citaat"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    speaker_kind = forms.ChoiceField(label=_("Wie zei het (soort, geen naam)"), required=False)
    session = forms.ChoiceField(label=_("Gesprek of observatie"), required=False)
    neighbourhood = forms.ChoiceField(label=_("Buurt"), required=False)

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker_kind"].choices = [("", "—")] + _vocab_choices(vocab.PARTICIPANT_KINDS)
        self.fields["session"].choices = [("", "—")] + [(str(s.pk), s.title) for s in
                                                        workspace.qualitative_sessions.all()]
        self.fields["neighbourhood"].choices = [("", "—")] + [(str(n.pk), n.name) for n in
                                                              workspace.neighbourhoods.all()]
        self.order_fields(["text", "speaker_kind", "session", "neighbourhood", "themes_text", "building_blocks"])


class StrengthForm(CodingFields):
    kind = forms.ChoiceField(label=_("Soort"), choices=[("strength", _("sterkte")), ("challenge", _("uitdaging"))])
    text = forms.CharField(label=_("Omschrijving"), max_length=300)
    neighbourhood = forms.ChoiceField(label=_("Buurt"))

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].choices = [(str(n.pk), n.name) for n in workspace.neighbourhoods.all()]
        self.order_fields(["kind", "text", "neighbourhood", "themes_text", "building_blocks"])


class PersonaForm(forms.ModelForm):
    needs_text = forms.CharField(label=_("Noden (gescheiden door komma's)"), max_length=300, required=False)

    class Meta:
        model = Persona
        fields = ["name", "age", "status", "occupation", "dwelling", "social", "physical", "help", "quote"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ("social", "physical", "help", "quote")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["needs_text"].initial = ", ".join(self.instance.needs or [])

    def save(self, commit=True):
        persona = super().save(commit=False)
        persona.needs = _split(self.cleaned_data.get("needs_text", ""))
        if commit:
            persona.save()
        return persona
