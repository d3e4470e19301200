"""Fixed vocabularies of the voices module (plain data, no Django): the kinds of qualitative session, the
observation dimensions, response channels and door-to-door visit outcomes (the nine building blocks are in
``zorgzaam.workspaces.building_blocks``). Labels are Dutch msgids (their English in the voices catalogue), in
our own words."""

from __future__ import annotations

from zorgzaam.messages import gettext, gettext_noop

SESSION_KINDS: dict[str, str] = {
    "focus_group": gettext_noop("Focusgroep"),
    "table_conversation": gettext_noop("Tafelgesprek"),
    "observation": gettext_noop("Observatie"),
    "walking_interview": gettext_noop("Wandelinterview"),
    "photo_assignment": gettext_noop("Foto-opdracht"),
    "one_to_one": gettext_noop("Eén-op-één gesprek"),
}

# The dimensions an observer keeps in mind (seed 002, observation): who, how, time, social safety,
# scale and functions. Our own short prompts.
OBSERVATION_DIMENSIONS: dict[str, str] = {
    "who": gettext_noop("Wie zie je, en wie zie je niet?"),
    "how": gettext_noop("Wat doen mensen hier: toevallig of georganiseerd?"),
    "time": gettext_noop("Wanneer wordt de plek gebruikt, en hoe lang blijven mensen?"),
    "social_safety": gettext_noop("Voelt de plek veilig: toezicht, verlichting, zichtlijnen, verwaarlozing?"),
    "scale": gettext_noop("Botsen belangen van straat, buurt en gemeente hier?"),
    "functions": gettext_noop("Welke functies liggen hier (school, winkel, gebedshuis, café …)?"),
}

PARTICIPANT_KINDS: dict[str, str] = {
    "resident": gettext_noop("Bewoners"),
    "older_resident": gettext_noop("Oudere bewoners"),
    "young_person": gettext_noop("Jongeren"),
    "informal_carer": gettext_noop("Mantelzorgers"),
    "volunteer": gettext_noop("Vrijwilligers"),
    "professional": gettext_noop("Professionals"),
    "key_figure": gettext_noop("Sleutelfiguren"),
    "policy": gettext_noop("Beleid"),
}

CHANNELS: dict[str, str] = {
    "web": gettext_noop("Online formulier"),
    "paper": gettext_noop("Papier (ingegeven)"),
    "door_to_door": gettext_noop("Huisbezoek"),
    "import": gettext_noop("Geïmporteerd"),
}

VISIT_STATUSES: dict[str, str] = {
    "visited": gettext_noop("Bezocht"),
    "not_home": gettext_noop("Niet thuis"),
    "refused": gettext_noop("Weigering"),
    "left_questionnaire": gettext_noop("Vragenlijst achtergelaten"),
    "completed": gettext_noop("Ingevuld"),
}

PERSONA_FIELDS: dict[str, str] = {
    "age": gettext_noop("Leeftijd"),
    "status": gettext_noop("Gezin en relaties"),
    "occupation": gettext_noop("Werk of bezigheid"),
    "dwelling": gettext_noop("Woning"),
    "social": gettext_noop("Sociaal leven"),
    "physical": gettext_noop("Gezondheid en mobiliteit"),
    "help": gettext_noop("Hulp die er is"),
    "quote": gettext_noop("In eigen woorden"),
}


def label(vocabulary: dict[str, str], code: str, lang: str = "nl") -> str:
    msgid = vocabulary.get(code)
    return code if msgid is None else gettext(msgid, lang)

