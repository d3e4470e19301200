"""The demo's qualitative material: conversations, observations, quotes, strengths and challenges that
differ per neighbourhood of the fictional municipality Overbos, and four personas.

Every sentence is invented for Zorgzaam and marked ``is_fictional``; no real person, answer or place is in
it. Each neighbourhood gets what fits its (generated) profile: *Centrum en omgeving* is older, with many
people living alone and many tenants; *Wijk Kapelhoek* is a quiet area of owner-occupied houses at the
edge, far from the bus; *Rond de kerk* has social housing, young families and many residents of foreign
origin. Installed by ``voices.demo.install_demo_part``."""

from __future__ import annotations

import datetime as dt

# One block per neighbourhood (in the order of ``web.demo._example_neighbourhoods``): its sessions, the
# quotes heard in each session, and the strengths and challenges the team noted after them.
# quote: (text, speaker kind, themes, building blocks); note: (kind, text, themes, building blocks).
CONTENT: list[dict] = [
    {  # Centrum en omgeving
        "sessions": [
            dict(kind="focus_group", title="Focusgroep bewoners: resultaten van de bevraging bespreken (fictief)",
                 held_on=dt.date(2025, 5, 20), place="Zaal van het dienstencentrum, Overbos (fictief)",
                 participant_count=9, participant_kinds={"resident": 6, "older_resident": 2, "professional": 1},
                 facilitators="twee medewerkers van het dienstencentrum",
                 agenda=["Resultaten van de bevraging toelichten", "Herkennen bewoners wat eruit kwam?",
                         "Wat moet eerst aangepakt worden, en in welke volgorde?",
                         "Wat zou een merkbaar verschil maken?", "Wie wil mee in een werkgroep?"],
                 notes=("Bewoners herkenden vooral het gebrek aan een ontmoetingsplek en de afstand tot de bus. Over "
                        "eenzaamheid spraken ze voorzichtig: 'dat zie je niet aan de voordeur'. Twee mensen willen "
                        "in een werkgroep."),
                 quotes=[
                     ("Als je hier niemand kent, blijf je binnen. Er is nergens een plek om gewoon eens te zitten.",
                      "resident", ["ontmoeting"], ["social_networks", "public_space"]),
                     ("Ik wist niet dat het dienstencentrum ook maaltijden brengt. Waarom hoor je dat pas als je "
                      "het vraagt?", "older_resident", ["informatie", "hulp"], ["communication", "referral"]),
                     ("Er zijn mensen die je nooit ziet. Die zouden we eens moeten opzoeken, maar wie doet dat?",
                      "resident", ["eenzaamheid"], ["detection", "social_networks"]),
                     ("Wij merken dat mensen pas komen als het al heel slecht gaat.", "professional",
                      ["hulp", "drempels"], ["detection", "referral"]),
                 ]),
            dict(kind="observation", title="Observatie aan het dorpsplein op marktdag (fictief)",
                 held_on=dt.date(2025, 4, 11), place="Dorpsplein (fictief)", participant_count=0,
                 participant_kinds={},
                 observation={"who": "Veel ouderen met een boodschappentas, bijna geen jongeren; niemand met een "
                                     "rolstoel.",
                              "how": "Mensen blijven even praten bij de kraampjes; geen plek om te zitten.",
                              "time": "Druk tussen 9 en 11 uur, daarna is het plein leeg.",
                              "social_safety": "Goed verlicht, maar de oversteek naar de bushalte voelt onveilig.",
                              "scale": "Het plein dient ook als parking voor de sporthal; dat botst op "
                                       "wedstrijddagen.",
                              "functions": "Bakker, apotheek, kerk, bushalte, café."},
                 quotes=[
                     ("Na elven is het plein leeg; de bank aan de kerk is weg sinds de werken.", "professional",
                      ["ontmoeting", "publieke ruimte"], ["public_space"]),
                 ]),
        ],
        "notes": [
            ("strength", "Bakker, apotheek en huisarts liggen dicht bij elkaar rond het plein", ["voorzieningen"],
             ["public_space"]),
            ("strength", "Het dienstencentrum kent veel oudere bewoners bij naam", ["sociale samenhang"],
             ["detection", "social_networks"]),
            ("challenge", "Weinig plekken om elkaar zonder afspraak te ontmoeten", ["ontmoeting"],
             ["social_networks", "public_space"]),
            ("challenge", "Ouderen die alleen wonen, komen zelden nog buiten", ["eenzaamheid"],
             ["detection", "social_networks"]),
            ("challenge", "Bewoners kennen het hulpaanbod niet goed", ["informatie"], ["communication", "referral"]),
        ],
    },
    {  # Wijk Kapelhoek
        "sessions": [
            dict(kind="walking_interview", title="Wandelinterview met een bewoonster met rollator (fictief)",
                 held_on=dt.date(2025, 4, 24), place="Van haar woning naar de bushalte aan de steenweg (fictief)",
                 participant_count=1, participant_kinds={"older_resident": 1},
                 notes="Route van 900 m; drie keer moest ze op de rijweg omdat de stoep te smal of kapot was.",
                 quotes=[
                     ("Met mijn rollator moet ik hier de straat op. Dan ga ik liever niet meer alleen.",
                      "older_resident", ["toegankelijkheid", "mobiliteit"], ["public_space", "inclusion"]),
                     ("De bus stopt hier maar om het uur, en op zondag niet. Zonder auto zit je vast.",
                      "older_resident", ["mobiliteit"], ["public_space", "partnerships"]),
                 ]),
            dict(kind="one_to_one", title="Keukentafelgesprekken met mantelzorgers (fictief)",
                 held_on=dt.date(2025, 5, 7), place="Bij de mantelzorgers thuis, Kapelhoek (fictief)",
                 participant_count=4, participant_kinds={"informal_carer": 4},
                 facilitators="een maatschappelijk werker van het OCMW",
                 notes=("Vier gesprekken van telkens een uur. Alle vier zorgen ze voor een partner; geen van hen "
                        "kende de oppasdienst van het ziekenfonds."),
                 quotes=[
                     ("Mijn man heeft dementie. Ik kan hem geen uur alleen laten, ook niet om naar de winkel te gaan.",
                      "informal_carer", ["mantelzorg"], ["detection", "social_networks"]),
                     ("Je vraagt niet snel hulp als iedereen denkt dat je het goed redt.", "informal_carer",
                      ["mantelzorg", "drempels"], ["detection", "referral"]),
                     ("Hier drinken de buren al dertig jaar koffie bij elkaar. Dat is goud waard.", "informal_carer",
                      ["buren"], ["social_networks"]),
                 ]),
        ],
        "notes": [
            ("strength", "Buren die elkaar al jaren kennen en een oogje in het zeil houden", ["sociale samenhang"],
             ["social_networks"]),
            ("strength", "Rustige straten met veel groen", ["leefbaarheid"], ["public_space"]),
            ("challenge", "Smalle en kapotte voetpaden naar de bushalte", ["toegankelijkheid"],
             ["public_space", "inclusion"]),
            ("challenge", "Weinig bussen, zeker 's avonds en in het weekend", ["mobiliteit"],
             ["public_space", "partnerships"]),
            ("challenge", "Mantelzorgers staan er vaak alleen voor en vragen zelden hulp", ["mantelzorg"],
             ["detection", "referral"]),
        ],
    },
    {  # Rond de kerk (getekend)
        "sessions": [
            dict(kind="table_conversation",
                 title="Denksessie met persona's: wat zou het leven hier beter maken? (fictief)",
                 held_on=dt.date(2025, 6, 3), place="Parochiezaal (fictief)", participant_count=22,
                 participant_kinds={"resident": 12, "volunteer": 4, "professional": 6},
                 agenda=["Kennismaken met de persona aan je tafel", "Dromen: wat zou er moeten gebeuren?",
                         "Wissel van tafel", "Ideeën samenvatten en volgende stappen"],
                 notes="Drie tafels, telkens hoogstens acht deelnemers en één gespreksleider.", personas=True,
                 quotes=[
                     ("Aan de schoolpoort praat ik met andere ouders, maar we verstaan elkaar niet altijd.",
                      "resident", ["taal", "ontmoeting"], ["inclusion", "social_networks"]),
                     ("De brieven van het ziekenfonds begrijp ik niet. Mijn dochter leest ze voor.", "resident",
                      ["taal", "informatie"], ["communication", "referral"]),
                     ("Op woensdag is de zaal naast de kerk open voor iedereen, maar bijna niemand weet het.",
                      "volunteer", ["ontmoeting", "informatie"], ["communication", "social_networks"]),
                     ("De lift in onze blok is al drie weken stuk. Mevrouw van de vierde komt niet meer naar beneden.",
                      "resident", ["wonen", "toegankelijkheid"], ["partnerships", "detection"]),
                 ]),
            dict(kind="photo_assignment", title="Foto-opdracht met jongeren: mijn buurt in tien foto's (fictief)",
                 held_on=dt.date(2025, 3, 26), place="Jeugdhuis en sociale woonwijk (fictief)",
                 participant_count=7, participant_kinds={"young_person": 7},
                 facilitators="de jeugdwerker en een buurtwerker",
                 notes=("Zeven jongeren namen elk tien foto's. Veel foto's van het pleintje achter de blokken en van "
                        "de bushalte waar ze 's avonds samenkomen."),
                 quotes=[
                     ("Na zes uur is hier niets meer te doen voor ons. Dan hangen we aan de bushalte.", "young_person",
                      ["jongeren", "ontmoeting"], ["social_networks", "inclusion"]),
                     ("Het speelpleintje ligt vol zwerfvuil. Mijn kleine broer mag er niet meer spelen.",
                      "young_person", ["netheid", "jongeren"], ["public_space"]),
                 ]),
        ],
        "notes": [
            ("strength", "Een levendige mix van culturen en leeftijden", ["diversiteit"], ["inclusion"]),
            ("strength", "Vrijwilligers van de parochie en de sportclub willen mee de schouders zetten",
             ["vrijwilligers"], ["partnerships"]),
            ("challenge", "Taal is een drempel om hulp te vragen", ["taal", "informatie"], ["inclusion", "referral"]),
            ("challenge", "Achterstallig onderhoud van de sociale woningen (lift, vocht)", ["wonen"],
             ["partnerships", "detection"]),
            ("challenge", "Geen plek waar jongeren 's avonds samen kunnen komen", ["jongeren", "ontmoeting"],
             ["social_networks", "public_space"]),
        ],
    },
]

PERSONAS = [
    dict(name="Georgette", age="84 jaar", status="Weduwe sinds vier jaar, één zoon in het buitenland",
         occupation="Vroeger naaister", dwelling="Rijwoning met trap naar de slaapkamer",
         social="Ging elke week naar de kaartnamiddag, maar die is gestopt.",
         physical="Loopt met een rollator; rijdt niet meer met de auto.",
         help="Een buurvrouw doet soms boodschappen; geen professionele hulp.",
         quote="Ik wil niemand lastigvallen, maar de dagen zijn lang.",
         needs=["ontmoeting", "vervoer", "huishoudelijke hulp"]),
    dict(name="Samir en Lotte", age="34 en 31 jaar", status="Samenwonend, drie kinderen onder de tien",
         occupation="Hij werkt in ploegen, zij deeltijds in de zorg", dwelling="Huurappartement op de tweede verdieping",
         social="Kennen weinig buren; familie woont ver weg.",
         physical="Gezond, maar altijd moe.", help="Kinderopvang is te duur; oma past soms op.",
         quote="Als er iets is met de kinderen, weet ik niet bij wie ik kan aanbellen.",
         needs=["opvang", "burenhulp", "informatie"]),
    dict(name="Marcel", age="67 jaar", status="Zorgt voor zijn vrouw met dementie",
         occupation="Gepensioneerd buschauffeur", dwelling="Vrijstaande woning aan de rand van het dorp",
         social="Was actief in de voetbalclub, komt er nu niet meer toe.",
         physical="Rugklachten van het tillen.", help="Thuisverpleging komt twee keer per dag.",
         quote="Ik sta er alleen voor, en dat zeg ik tegen niemand.",
         needs=["respijtzorg", "lotgenoten", "even adem"]),
    dict(name="Yara", age="19 jaar", status="Woont bij haar moeder", occupation="Student, werkt in het weekend",
         dwelling="Sociale woning", social="Veel vrienden online, weinig in de buurt.",
         physical="Gezond.", help="Geen.", quote="Hier is niets te doen voor mensen van mijn leeftijd.",
         needs=["ontmoeting", "vervoer 's avonds"]),
]

EXAMPLE_ORDER = ("Centrum en omgeving", "Wijk Kapelhoek", "Rond de kerk (getekend)")


def _content_for(neighbourhoods) -> list[tuple[object, dict]]:
    """Each neighbourhood with its block of content: the demo's examples by name, any other neighbourhood
    the next block in turn (so a changed demo still gets different content per neighbourhood)."""
    by_name = {n.name: n for n in neighbourhoods}
    pairs, used = [], set()
    for name, block in zip(EXAMPLE_ORDER, CONTENT, strict=True):
        if name in by_name:
            pairs.append((by_name[name], block))
            used.add(by_name[name].pk)
    rest = [n for n in neighbourhoods if n.pk not in used]
    for i, neighbourhood in enumerate(rest):
        pairs.append((neighbourhood, CONTENT[(len(pairs) + i) % len(CONTENT)]))
    return pairs


def install_qualitative(workspace, neighbourhoods) -> tuple[int, int, int]:
    """Create the sessions, quotes, strengths, challenges and personas (the caller removed the old
    fictional ones). Returns (quotes, sessions, personas)."""
    from zorgzaam.voices.models import Persona, QualitativeSession, Quote, StrengthChallenge

    personas = Persona.objects.bulk_create([Persona(workspace=workspace, is_fictional=True, **p) for p in PERSONAS])
    quotes, sessions = [], 0
    for neighbourhood, block in _content_for(neighbourhoods):
        first = None
        for spec in block["sessions"]:
            spec = dict(spec)
            heard, with_personas = spec.pop("quotes"), spec.pop("personas", False)
            session = QualitativeSession.objects.create(workspace=workspace, neighbourhood=neighbourhood,
                                                        is_fictional=True, **spec)
            sessions += 1
            first = first or session
            if with_personas:
                session.personas.set(personas)
            quotes += [Quote(workspace=workspace, session=session, neighbourhood=neighbourhood, text=text,
                             speaker_kind=kind, themes=themes, building_blocks=blocks, is_fictional=True)
                       for text, kind, themes, blocks in heard]
        StrengthChallenge.objects.bulk_create([
            StrengthChallenge(workspace=workspace, neighbourhood=neighbourhood, kind=kind, text=text, themes=themes,
                              building_blocks=blocks, session=first, is_fictional=True)
            for kind, text, themes, blocks in block["notes"]])
    Quote.objects.bulk_create(quotes)
    return len(quotes), sessions, len(personas)
