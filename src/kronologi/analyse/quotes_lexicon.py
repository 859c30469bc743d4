"""The speech lexicon of one language, compiled once from the language packs.

Why a compiled object: the quotes stage asks "is this token a speech verb, a role word, a
place, an outlet?" thousands of times per article; turning the TOML lists into frozensets and
dicts once per process keeps the stage well above 100 articles/s. Knowledge comes from
``speech.toml`` (verbs, pronouns, relay patterns) and is widened with what the entities and
outlets packs already hold (roles, gazetteer names, outlet names), so the two stages agree on
what a role or an outlet is without copying lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kronologi.lang import SUPPORTED, topic


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the quotes stage knows about one language, in lookup-friendly form."""

    lang: str
    after: dict[str, str]  # verb form (lowercase) -> lemma; speaker follows ("kata X")
    before: dict[str, str]  # speaker precedes ("X mengatakan")
    nya: dict[str, str]  # speaker is a suffix pronoun ("katanya")
    according: tuple[str, ...]
    according_pronoun: tuple[str, ...]
    complementizers: frozenset[str]
    closing_markers: frozenset[str]
    agent_markers: frozenset[str]
    adverbs: frozenset[str]
    coordinators: frozenset[str]  # "dan"/"tapi" + verb: the verb shares the sentence's speaker
    boundaries: frozenset[str]
    pronouns: frozenset[str]
    role_prefixes: frozenset[str]
    group_heads: frozenset[str]
    determiners: frozenset[str]  # dropped before a speaker ("para pegiat", "pihak Rusia")
    role_words: frozenset[str]  # lowercase words that make up roles, titles and org heads
    person_roles: frozenset[str]  # role words a person holds ("menteri", "minister")
    lower_roles: frozenset[str]  # role words that may be written in lowercase mid-sentence
    place_prepositions: frozenset[str]  # "di"/"in" inside a subject ("pusat X di Suriah")
    place_words: frozenset[str]  # capitalised words of places, organisations, nationalities
    not_names: frozenset[str]  # capitalised words that are never names, exact case ("Pada")
    particles: frozenset[str]  # lowercase particles inside names ("bin", "van")
    non_clause_objects: tuple[str, ...]  # "menyampaikan pidato": a speech event, no content
    event_verbs: frozenset[str]  # lemmas that take such objects
    outlets: dict[str, str]  # lowercase outlet name -> display name
    outlet_re: re.Pattern[str]
    outlet_suffix_re: re.Pattern[str]  # "Hindustan Times", "The Jakarta Post"
    relay_re: re.Pattern[str]
    kinds_re: re.Pattern[str]


def _words(phrases: list[str]) -> set[str]:
    return {w.lower().rstrip(".") for p in phrases for w in p.split()}


def _gazetteer_words(entities: dict) -> set[str]:
    gaz = entities.get("gazetteer", {})
    names = [n for table in gaz.values() for n in table.get("names", [])]
    return {w for n in names for w in n.split() if len(w) > 1}


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon for ``lang`` (falls back to Indonesian for unknown languages)."""
    if lang not in SUPPORTED:
        lang = "id"
    speech = topic(lang, "speech")
    entities = topic(lang, "entities")
    after: dict[str, str] = {}
    before: dict[str, str] = {}
    nya: dict[str, str] = {}
    for lemma, forms in speech.get("verbs", {}).items():
        for table, key in ((after, "after"), (before, "before"), (nya, "nya")):
            table.update({f.lower(): lemma for f in forms.get(key, [])})
    roles = list(speech.get("roles", [])) + list(entities.get("roles", []))
    person_roles = _words(roles) | _words(speech.get("lower_roles", []))
    role_words = person_roles | _words(entities.get("org_heads", []))
    place_words = set(speech.get("places", [])) | set(speech.get("org_words", []))
    place_words |= _gazetteer_words(entities)
    place_words |= {w for p in speech.get("places", []) for w in p.split()}
    not_names = set(speech.get("not_names", []) + entities.get("not_entities", []))
    outlets: dict[str, str] = {}
    for code in SUPPORTED:
        outlets.update(topic(code, "outlets").get("names", {}))
    outlets = {k.lower(): v for k, v in outlets.items() if "." not in k}
    relay = speech.get("relay", {})
    outlets.update({name.lower(): name for name in speech.get("relay_outlets", [])})
    alternatives = "|".join(re.escape(k) for k in sorted(outlets, key=len, reverse=True))
    kinds = "|".join(re.escape(k) for k in sorted(relay.get("kinds", []), key=len, reverse=True))
    patterns = "|".join(f"(?:{p})" for p in relay.get("patterns", []))
    suffixes = "|".join(re.escape(w) for w in relay.get("outlet_suffixes", [])) or "(?!)"
    return Lexicon(
        lang=lang,
        after=after,
        before=before,
        nya=nya,
        according=tuple(speech.get("according", [])),
        according_pronoun=tuple(speech.get("according_pronoun", [])),
        complementizers=frozenset(speech.get("complementizers", [])),
        closing_markers=frozenset(speech.get("closing_markers", [])),
        agent_markers=frozenset(speech.get("agent_markers", [])),
        adverbs=frozenset(speech.get("adverbs", [])),
        coordinators=frozenset(speech.get("coordinators", [])) | {","},
        boundaries=frozenset(speech.get("boundaries", [])),
        pronouns=frozenset(speech.get("pronouns", [])),
        role_prefixes=frozenset(speech.get("role_anaphora_prefixes", [])),
        group_heads=frozenset(speech.get("group_heads", [])),
        determiners=frozenset(speech.get("determiners", [])),
        role_words=frozenset(role_words),
        person_roles=frozenset(person_roles),
        lower_roles=frozenset(_words(speech.get("lower_roles", []))),
        place_prepositions=frozenset(speech.get("place_prepositions", [])),
        place_words=frozenset(place_words),
        not_names=frozenset(not_names),
        particles=frozenset(entities.get("name_particles", ["bin", "binti", "van", "von"]))
        - {"di", "da", "la", "le"},
        non_clause_objects=tuple(speech.get("non_clause_objects", [])),
        event_verbs=frozenset(speech.get("event_verbs", [])),
        outlets=outlets,
        outlet_re=re.compile(rf"(?:{alternatives})\b", re.IGNORECASE),
        outlet_suffix_re=re.compile(rf"(?:[A-Z][\w-]*\s+){{1,3}}(?:{suffixes})\b"),
        relay_re=re.compile(rf"\b(?:{patterns})(?:\s+|(?=[A-Z]))", re.IGNORECASE),
        kinds_re=re.compile(rf"(?:the\s+)?(?:{kinds})\s+", re.IGNORECASE),
    )
