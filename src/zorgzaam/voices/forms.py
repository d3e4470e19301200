"""The respondent's opt-in contact form (issue 11, item 9): the e-mail address is checked, and input longer
than a field holds is refused with a message saying so — never cut without telling. Messages come from the
catalogue of :mod:`zorgzaam.messages` (Dutch first, English second), in the language of the questionnaire."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from zorgzaam.messages import gettext_noop, register, render
from zorgzaam.voices.models import ContactDetails

register({
    "contact_too_long": gettext_noop(
        "Dit is te lang: hier passen hoogstens {limit} tekens, je typte er {length}. Maak het wat korter; "
        "er is niets weggeknipt."),
    "contact_email_invalid": gettext_noop(
        "Dit lijkt geen e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.be. Je mag het ook leeg laten."),
    "contact_errors": gettext_noop("Je gegevens zijn nog niet bewaard. Kijk de velden met een melding na."),
})

FIELDS = ("name", "email", "phone", "address")


def limits() -> dict[str, int]:
    """Field → the most characters it holds (the model's own lengths)."""
    return {name: ContactDetails._meta.get_field(name).max_length for name in FIELDS}


def check_contact(data, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The trimmed values of the contact form and the message per field that is not right (empty when all
    is well). Nothing is shortened: too long is an error the respondent sees."""
    values = {name: str(data.get(name, "") or "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    for name, limit in limits().items():
        if len(values[name]) > limit:
            errors[name] = render("contact_too_long", {"limit": limit, "length": len(values[name])}, lang=lang)
    if values["email"] and "email" not in errors:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = render("contact_email_invalid", lang=lang)
    return values, errors


def summary_message(lang: str) -> str:
    return render("contact_errors", lang=lang)
