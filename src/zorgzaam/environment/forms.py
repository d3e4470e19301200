"""Forms of the environment screens. Labels are Dutch source strings, translated through Django."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zorgzaam.environment.network import WALKING_SPEEDS
from zorgzaam.environment.reach import DEFAULT_THRESHOLDS
from zorgzaam.environment.taxonomy import load_categories
from zorgzaam.workspaces.lang import ui_lang

DEFAULT_CATEGORIES = ("bus_stop", "supermarket", "gp", "pharmacy")
SPEED_CHOICES = [
    ("adult", _("volwassene, ± 4,8 km per uur")),
    ("older", _("oudere wandelaar, ± 3,2 km per uur")),
    ("rollator", _("met rollator, ± 2,2 km per uur")),
]
FACILITY_FORMATS = [
    ("list", _("eigen lijst van het team (CSV, XLSX of GeoJSON)")),
    ("osm", _("OpenStreetMap-uittreksel (.osm of .osm.pbf)")),
    ("afmps", _("apothekenregister van het FAGG (GeoJSON)")),
    ("hospitals", _("ziekenhuiscampussen met spoedgevallendienst (GeoPackage of CSV)")),
]
FACILITY_SUFFIXES = (".csv", ".txt", ".xlsx", ".xls", ".geojson", ".json", ".gpkg", ".osm", ".pbf")


def category_choices() -> list[tuple[str, str]]:
    lang = ui_lang()
    return [(c.id, c.name(lang)) for c in load_categories().values()]


def _check_size(upload) -> None:
    limit = getattr(settings, "ZORGZAAM_MAX_UPLOAD_MB", 200)
    if upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(_("Het bestand is groter dan %(limit)s MB.") % {"limit": limit})


class FacilityForm(forms.Form):
    """Add or correct one facility. The place is given as latitude/longitude (a click on the map fills
    them in); every facility keeps its source and the date of that source."""

    name = forms.CharField(label=_("Naam"), max_length=300)
    category = forms.ChoiceField(label=_("Soort voorziening"))
    lat = forms.FloatField(label=_("Breedtegraad"), min_value=49.4, max_value=51.6,
                           help_text=_("Klik op de kaart om de plaats aan te duiden, of typ de coördinaten."))
    lon = forms.FloatField(label=_("Lengtegraad"), min_value=2.4, max_value=6.5)
    address = forms.CharField(label=_("Adres"), max_length=300, required=False)
    opening_hours = forms.CharField(label=_("Openingsuren"), max_length=300, required=False)
    target_group = forms.CharField(label=_("Doelgroep"), max_length=200, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    source = forms.CharField(label=_("Bron"), max_length=200,
                             help_text=_("Waar komt dit vandaan? Bijvoorbeeld: eigen waarneming, een folder, de website."))
    source_date = forms.CharField(label=_("Datum van de bron"), max_length=20,
                                  help_text=_("Bijvoorbeeld 2026-03-15 of 2026."))
    note = forms.CharField(label=_("Opmerking (wat is er veranderd en waarom?)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        if not self.is_bound and "source" not in self.initial:
            self.initial.setdefault("source", _("Eigen waarneming van het team"))
            self.initial.setdefault("source_date", date.today().isoformat())

    def clean_source_date(self):
        text = self.cleaned_data["source_date"].strip()
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise forms.ValidationError(_("Schrijf de datum als jaar (2026), jaar-maand (2026-03) of jaar-maand-dag "
                                          "(2026-03-15)."))
        return text


class RetireForm(forms.Form):
    note = forms.CharField(label=_("Waarom is deze voorziening er niet meer?"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FacilityImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand"))
    format = forms.ChoiceField(label=_("Soort bestand"), choices=FACILITY_FORMATS, initial="list")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(FACILITY_SUFFIXES):
            raise forms.ValidationError(_("Dit soort bestand kan niet gelezen worden. Gebruik CSV, XLSX, GeoJSON, "
                                          "GeoPackage, .osm of .osm.pbf."))
        _check_size(upload)
        return upload


class NetworkForm(forms.Form):
    file = forms.FileField(label=_("OpenStreetMap-uittreksel"), help_text=_(".osm of .osm.pbf, van de gemeente en "
                                                                           "een rand errond."))
    name = forms.CharField(label=_("Naam van het netwerk"), max_length=200, required=False,
                           help_text=_("Bijvoorbeeld: Balen, OpenStreetMap maart 2026."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".osm", ".osm.pbf", ".pbf")):
            raise forms.ValidationError(_("Kies een OpenStreetMap-bestand dat eindigt op .osm of .osm.pbf."))
        _check_size(upload)
        return upload


class TargetForm(forms.Form):
    """Which neighbourhood or area (values ``buurt:<id>`` or ``gebied:<code>``), read from the query string."""

    doel = forms.ChoiceField(label=_("Buurt of gebied"))

    def __init__(self, *args, targets: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doel"].choices = list(targets)


class ReachForm(TargetForm):
    categorie = forms.MultipleChoiceField(label=_("Voorzieningen"), widget=forms.CheckboxSelectMultiple)
    afstanden = forms.CharField(label=_("Afstanden in meter"), max_length=60,
                                help_text=_("Een tot vijf afstanden, gescheiden door spaties, bijvoorbeeld 400 800 1200."))
    tempo = forms.ChoiceField(label=_("Wandeltempo"), choices=SPEED_CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = category_choices()

    @classmethod
    def defaults(cls, target: str) -> dict:
        return {"doel": target, "categorie": list(DEFAULT_CATEGORIES),
                "afstanden": " ".join(str(t) for t in DEFAULT_THRESHOLDS), "tempo": "adult"}

    def clean_afstanden(self):
        parts = re.split(r"[\s,;]+", self.cleaned_data["afstanden"].strip())
        try:
            values = sorted({int(float(p)) for p in parts if p})
        except ValueError:
            raise forms.ValidationError(_("Geef afstanden in hele meters, bijvoorbeeld 400 800 1200.")) from None
        if not values or len(values) > 5 or values[0] < 50 or values[-1] > 5000:
            raise forms.ValidationError(_("Geef een tot vijf afstanden tussen 50 en 5.000 meter."))
        return values

    def clean_categorie(self):
        chosen = self.cleaned_data["categorie"]
        if len(chosen) > 8:
            raise forms.ValidationError(_("Kies hoogstens acht soorten voorzieningen tegelijk."))
        return chosen

    @property
    def speed(self) -> float:
        return WALKING_SPEEDS[self.cleaned_data.get("tempo") or "adult"]
