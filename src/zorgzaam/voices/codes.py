"""Fixed vocabularies of the voices module (plain data, no Django): the nine building blocks of the
referentiekader, the kinds of qualitative session, the observation dimensions, response channels and
door-to-door visit outcomes. Labels are Dutch first, English second, in our own words."""

from __future__ import annotations

# code -> (nl, en). The nine building blocks (bouwstenen), DESIGN.md §2.
BUILDING_BLOCKS: dict[str, tuple[str, str]] = {
    "analysis_plan": ("Buurt: analyse en plan", "Neighbourhood: analysis and plan"),
    "vision_organisation": ("Visie en organisatie", "Vision and organisation"),
    "communication": ("Communicatie", "Communication"),
    "partnerships": ("Partnerschappen", "Partnerships"),
    "public_space": ("Publieke ruimte", "Public space"),
    "detection": ("Detectie", "Detection"),
    "referral": ("Toeleiding", "Guiding people to help"),
    "social_networks": ("Sociale netwerken", "Social networks"),
    "inclusion": ("Inclusie", "Inclusion"),
}
# The two groupings of the reference framework.
BUILDING_BLOCK_GROUPS: dict[str, tuple[str, ...]] = {
    "fewer_gaps": ("detection", "referral"),  # minder mazen
    "stronger_net": ("social_networks", "inclusion"),  # meer net
}

SESSION_KINDS: dict[str, tuple[str, str]] = {
    "focus_group": ("Focusgroep", "Focus group"),
    "table_conversation": ("Tafelgesprek", "Table conversation"),
    "observation": ("Observatie", "Observation"),
    "walking_interview": ("Wandelinterview", "Walking interview"),
    "photo_assignment": ("Foto-opdracht", "Photo assignment"),
    "one_to_one": ("Eén-op-één gesprek", "One-to-one conversation"),
}

# The dimensions an observer keeps in mind (seed 002, observation): who, how, time, social safety,
# scale and functions. Our own short prompts.
OBSERVATION_DIMENSIONS: dict[str, tuple[str, str]] = {
    "who": ("Wie zie je, en wie zie je niet?", "Who do you see, and who is missing?"),
    "how": ("Wat doen mensen hier: toevallig of georganiseerd?", "What do people do here: casual or organised use?"),
    "time": ("Wanneer wordt de plek gebruikt, en hoe lang blijven mensen?",
             "When is the place used, and how long do people stay?"),
    "social_safety": ("Voelt de plek veilig: toezicht, verlichting, zichtlijnen, verwaarlozing?",
                      "Does the place feel safe: people around, lighting, sight lines, neglect?"),
    "scale": ("Botsen belangen van straat, buurt en gemeente hier?",
              "Do the interests of street, neighbourhood and municipality clash here?"),
    "functions": ("Welke functies liggen hier (school, winkel, gebedshuis, café …)?",
                  "Which functions are here (school, shop, place of worship, café …)?"),
}

PARTICIPANT_KINDS: dict[str, tuple[str, str]] = {
    "resident": ("Bewoners", "Residents"),
    "older_resident": ("Oudere bewoners", "Older residents"),
    "young_person": ("Jongeren", "Young people"),
    "informal_carer": ("Mantelzorgers", "Informal carers"),
    "volunteer": ("Vrijwilligers", "Volunteers"),
    "professional": ("Professionals", "Professionals"),
    "key_figure": ("Sleutelfiguren", "Key figures"),
    "policy": ("Beleid", "Policy makers"),
}

CHANNELS: dict[str, tuple[str, str]] = {
    "web": ("Online formulier", "Online form"),
    "paper": ("Papier (ingegeven)", "Paper (entered)"),
    "door_to_door": ("Huisbezoek", "Door to door"),
    "import": ("Geïmporteerd", "Imported"),
}

VISIT_STATUSES: dict[str, tuple[str, str]] = {
    "visited": ("Bezocht", "Visited"),
    "not_home": ("Niet thuis", "Not at home"),
    "refused": ("Weigering", "Refused"),
    "left_questionnaire": ("Vragenlijst achtergelaten", "Questionnaire left"),
    "completed": ("Ingevuld", "Completed"),
}

PERSONA_FIELDS: dict[str, tuple[str, str]] = {
    "age": ("Leeftijd", "Age"),
    "status": ("Gezin en relaties", "Family and relationships"),
    "occupation": ("Werk of bezigheid", "Work or occupation"),
    "dwelling": ("Woning", "Home"),
    "social": ("Sociaal leven", "Social life"),
    "physical": ("Gezondheid en mobiliteit", "Health and mobility"),
    "help": ("Hulp die er is", "Help in place"),
    "quote": ("In eigen woorden", "In their own words"),
}


def label(vocabulary: dict[str, tuple[str, str]], code: str, lang: str = "nl") -> str:
    pair = vocabulary.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def check_building_blocks(codes: list[str]) -> list[str]:
    """The codes that are not building blocks (empty when all are known)."""
    return [c for c in codes if c not in BUILDING_BLOCKS]
