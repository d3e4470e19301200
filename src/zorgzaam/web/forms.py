"""Forms of the web screens. Labels are Dutch source strings, translated through Django."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from zorgzaam.areas.levels import LEVEL_ORDER, level_label
from zorgzaam.sources.importers import list_formats
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.models import Role

UPLOAD_SUFFIXES = (".csv", ".txt", ".tsv", ".zip", ".xlsx", ".xls", ".geojson", ".gpkg")


class NeighbourhoodForm(forms.Form):
    """Create (with a name) or edit (with the version the person started from) a neighbourhood.

    The sector choices are the municipality's sectors; the map ticks the same checkboxes."""

    name = forms.CharField(label=_("Naam van de buurt"), max_length=200, required=False)
    sectors = forms.MultipleChoiceField(label=_("Statistische sectoren"), required=True,
                                        error_messages={"required": _("Kies minstens één sector.")})
    note = forms.CharField(label=_("Opmerking (waarom deze keuze?)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Set by the map when a shape was drawn (and cleared when sectors are then picked by hand).
    polygon = forms.CharField(required=False, widget=forms.HiddenInput)
    rule = forms.ChoiceField(required=False, initial="area", label=_("Welke sectoren horen bij de tekening?"),
                             choices=[("area", _("sectoren die minstens voor de helft binnen de tekening liggen")),
                                      ("centroid", _("sectoren waarvan het middelpunt binnen de tekening ligt"))])

    def clean_polygon(self):
        import json

        text = self.cleaned_data.get("polygon") or ""
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("De getekende vorm kon niet gelezen worden. Teken opnieuw.")) from None

    def __init__(self, *args, sector_codes: list[str] = (), creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = [(c, c) for c in sector_codes]
        self.creating = creating
        if creating:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _("Geef de buurt een naam.")


class ProposeForm(forms.Form):
    """The least number of residents per proposed neighbourhood. The minimum and the step agree with the
    default (100, 200 … 2000 …), so the browser never refuses the value the form itself offers."""

    min_population = forms.IntegerField(
        label=_("Minimum aantal inwoners per buurt"), min_value=100, step_size=100, initial=2000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Geef een minimum aantal inwoners per buurt."),
                        "invalid": _("Geef een geheel getal, bijvoorbeeld 2000."),
                        "min_value": _("Geef minstens 100 inwoners per buurt."),
                        "step_size": _("Geef een veelvoud van 100, bijvoorbeeld 1500 of 2000.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand"), help_text=_("CSV, TXT, XLSX of ZIP."))
    format = forms.ChoiceField(label=_("Soort bestand"))
    level = forms.ChoiceField(label=_("Gebiedsniveau"), required=False,
                              help_text=_("Alleen nodig voor eigen cijfers en tabellen zonder niveau."))
    period = forms.CharField(label=_("Periode (jaar)"), max_length=20, required=False,
                             help_text=_("Bijvoorbeeld 2024. Leeg laten als het bestand een kolom met het jaar heeft."))
    name = forms.CharField(label=_("Naam van de gegevens"), max_length=300, required=False,
                           help_text=_("Leeg laten: Zorgzaam maakt een naam uit het soort bestand en de bestandsnaam."))
    mapping = forms.CharField(
        label=_("Kolommen en meetwaarden (optioneel)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén per regel: kolomnaam=meetwaarde, bijvoorbeeld x65=population_age_065_999."))
    skip = forms.CharField(label=_("Kolommen overslaan (optioneel)"), required=False,
                           help_text=_("Kolomnamen gescheiden door komma's."))
    rates = forms.CharField(label=_("Kolommen met percentages of verhoudingen (optioneel)"), required=False,
                            help_text=_("Deze worden nooit opgeteld. Kolomnamen gescheiden door komma's."))

    def __init__(self, *args, allow_areas: bool = False, **kwargs):
        """``allow_areas``: offer the area levels (shared by every workspace; instance administrators only)."""
        super().__init__(*args, **kwargs)
        lang = ui_lang()
        from zorgzaam.sources.jobs import AREAS_FORMAT

        self.fields["format"].choices = [(f["name"], f["description"]) for f in list_formats(lang)] + ([
            (AREAS_FORMAT, _("Gebiedsindeling: sectoren, wijken, gemeenten, eerstelijnszones (ZIP met de bestanden "
                             "van Provincies in Cijfers, of een Statbel-sectorbestand)"))] if allow_areas else [])
        self.fields["level"].choices = [("", _("— zoals in het bestand —"))] + [
            (level.value, level_label(level.value, lang)) for level in LEVEL_ORDER] + [
            ("neighbourhood", _("buurt van deze werkruimte"))]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ZORGZAAM_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("Dit bestand is te groot (%(size)s MB). Het grootste bestand dat je kunt opladen is %(limit)s MB."),
                params={"size": round(upload.size / 1024 / 1024, 1), "limit": limit})
        if upload.size == 0:
            raise forms.ValidationError(_("Het bestand is leeg."))
        suffix = Path(upload.name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                _("Dit soort bestand (%(suffix)s) kan Zorgzaam niet lezen. Kies een CSV-, TXT-, XLSX- of ZIP-bestand."),
                params={"suffix": suffix or "?"})
        return upload

    def wide_options(self) -> dict:
        mapping = {}
        for line in (self.cleaned_data.get("mapping") or "").splitlines():
            if "=" in line:
                column, measure = line.split("=", 1)
                if column.strip() and measure.strip():
                    mapping[column.strip()] = measure.strip()

        def names(text):
            return [part.strip() for part in (text or "").split(",") if part.strip()]

        return {"mapping": mapping, "skip": names(self.cleaned_data.get("skip")),
                "rates": names(self.cleaned_data.get("rates"))}

    def clean_mapping(self):
        text = self.cleaned_data.get("mapping") or ""
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() and "=" not in line:
                raise forms.ValidationError(
                    _("Regel %(line)s heeft geen '=': schrijf kolomnaam=meetwaarde."), params={"line": number})
        return text


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices, initial=Role.READER)
    email = forms.EmailField(label=_("E-mailadres (optioneel)"), required=False,
                             help_text=_("Met een adres sturen we de link ook per e-mail."))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)


class SignUpForm(UserCreationForm):
    """A new account, made while accepting an invitation."""

    email = forms.EmailField(label=_("E-mailadres"), required=False,
                             help_text=_("Nodig om later je wachtwoord opnieuw in te stellen."))

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class WorkspaceForm(forms.Form):
    """A new workspace; whoever makes it becomes its beheerder."""

    name = forms.CharField(label=_("Naam van de werkruimte"), max_length=200,
                           help_text=_("Bijvoorbeeld: Zorgzaam Balen 2026"))
    organisation = forms.CharField(label=_("Organisatie (optioneel)"), max_length=200, required=False)
    municipality = forms.CharField(label=_("Gemeente (naam of NIS-code, optioneel)"), max_length=100,
                                   required=False, help_text=_("De kaart toont de sectoren en wijken van deze gemeente."))

    def clean_name(self):
        from zorgzaam.workspaces.models import Workspace

        name = self.cleaned_data["name"].strip()
        if Workspace.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Er bestaat al een werkruimte met die naam."))
        return name

    def clean_municipality(self):
        from zorgzaam.areas.models import Area

        value = self.cleaned_data["municipality"].strip()
        if not value:
            return ""
        found = (Area.objects.filter(level="municipality", code=value).order_by("-vintage").first()
                 or Area.objects.filter(level="municipality", name__iexact=value).order_by("-vintage").first())
        if found is None:
            raise forms.ValidationError(_("Deze gemeente is niet gekend. Laad eerst de gebiedsindeling (Gegevens → "
                                          "Importeren → Gebiedsindeling) of laat het veld leeg."))
        return found.code
