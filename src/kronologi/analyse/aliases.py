"""Canonical actors across a corpus: one ``Entity`` per real-world actor.

News names one actor many ways: "Sergey Lavrov", "Sergei Lavrov", "Lavrov", "sang menteri";
"Jabhat al-Nusra", "Front al-Nusra", "al-Nusra"; "AS", "Amerika Serikat". The rules here:

* names are compared after normalisation: lowercase, diacritics stripped, Arabic articles
  made "al-", per-word transliteration rewrites and word synonyms from the language pack
  (``[aliases]`` of ``lang/<code>/entities.toml``), and the pack's alias groups;
* full person names (two or more words) merge when their surnames match (long surnames may
  differ by a letter: Syaifuddin/Syaifudin) and their first names are compatible (equal, an
  initial of the other, or a near spelling by rapidfuzz); different first names never merge,
  so two people sharing a surname stay apart;
* a surname alone (or, for Indonesian usage, a given name alone) joins the full name it
  follows in the same article; with no full name in the article it joins a full name
  elsewhere in the corpus only when exactly one has that word (else it stays its own entity
  rather than being guessed); a one-word ORG/LOC mention that is such a surname is retyped
  PER (the model reads unknown surnames as places), and a surname the model missed is tagged
  when exactly one person in the corpus has it;
* a bare "al-" organisation name joins the one longer organisation name ending with it;
* capitals and seats of power (Washington, Kremlin, Gedung Putih ...) record the state or
  government they stand for (``stands_for``).

Entity ids are "e-" plus a slug of the normalised canonical name (plus the type when a
person and a non-person share a name), so re-running on the same corpus gives the same ids.
Why hand-written and not a coreference library: none works offline for Indonesian, and the
cases above are the ones news needs; rapidfuzz does the near-spelling part.

``resolve_reference`` is the per-article side: "ia", "-nya", "katanya", "sang menteri" ->
the last fitting person named before that point.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz import fuzz

from kronologi.analyse.entities import pack as entity_pack
from kronologi.analyse.ner_features import tokenize
from kronologi.lang import SUPPORTED, topic
from kronologi.model import Article, Entity, Mention

_FIRST_NAME_SIMILARITY = 80  # rapidfuzz ratio: Mikhail/Mihail, Mohammed/Muhammad
_NAME_SIMILARITY = 92  # whole non-person names: Sheik Saeed/Sheikh Saeed
_MIN_FUZZY_LENGTH = 8
_MIN_FUZZY_SURNAME = 6  # shorter surnames must match exactly (Kerry / Kirby stay apart)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_CONTEXT_CHARS = 80  # how far before a name its role is looked for


@dataclass(frozen=True, slots=True)
class _Rules:
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    articles: re.Pattern[str]
    synonyms: dict[str, str]
    groups: dict[str, str]  # normalised variant -> canonical display name
    stands_for: dict[str, str]  # normalised place -> what it stands for


@cache
def _rules() -> _Rules:
    """Alias knowledge of all language packs, merged (a corpus mixes languages)."""
    rewrites: list[tuple[re.Pattern[str], str]] = []
    articles: set[str] = set()
    synonyms: dict[str, str] = {}
    raw_groups: list[list[str]] = []
    raw_stands: dict[str, str] = {}
    for lang in SUPPORTED:
        data = topic(lang, "entities")
        table = data.get("aliases", {})
        rewrites += [(re.compile(a), b) for a, b in table.get("word_rewrites", [])]
        articles.update(table.get("arabic_articles", []))
        synonyms.update(table.get("word_synonyms", {}))
        raw_groups += table.get("groups", [])
        raw_stands.update(data.get("stands_for", {}))
    alt = "|".join(sorted(articles, key=len, reverse=True)) or "al"
    rules = _Rules(tuple(rewrites), re.compile(rf"\b(?:{alt})[-\s](?=\w)"), synonyms, {}, {})
    for group in raw_groups:
        for variant in group:
            rules.groups.setdefault(_normalise_with(variant, rules), group[0])
    for place, state in raw_stands.items():
        rules.stands_for[_normalise_with(place, rules)] = state
    return rules


@cache
def normalise(name: str) -> str:
    """The comparison form of a name: "Front an-Nusra" -> "jabhat al-nusra"."""
    return _normalise_with(name, _rules())


def _normalise_with(name: str, r: _Rules) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = r.articles.sub("al-", text)
    words = []
    for word in re.findall(r"[\w.'-]+", text):
        word = r.synonyms.get(word, word)
        for pattern, repl in r.rewrites:
            word = pattern.sub(repl, word)
        words.append(word)
    return " ".join(words)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:48]
    return slug or hashlib.sha1(text.encode()).hexdigest()[:10]


def _compatible_first(a: str, b: str) -> bool:
    """First names that can be one person's: equal, an initial, or a near spelling."""
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b or fuzz.ratio(a, b) >= _FIRST_NAME_SIMILARITY


class _Clusters:
    """Union-find over cluster keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _same_surname(a: str, b: str) -> bool:
    """Equal, or a near spelling of a long surname (Syaifuddin / Syaifudin)."""
    return a == b or (
        min(len(a), len(b)) >= _MIN_FUZZY_SURNAME and fuzz.ratio(a, b) >= _NAME_SIMILARITY
    )


def _person_keys(full_names: set[str]) -> _Clusters:
    """Merge normalised full names: same surname and compatible first names."""
    clusters = _Clusters()
    by_initial: dict[str, list[str]] = defaultdict(list)
    for name in sorted(full_names):
        clusters.find(name)
        by_initial[name.split()[-1][0]].append(name)
    for names in by_initial.values():
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                first_a, *_, last_a = a.split()
                first_b, *_, last_b = b.split()
                if _same_surname(last_a, last_b) and _compatible_first(first_a, first_b):
                    clusters.union(a, b)
    return clusters


def _person_key(
    article: Article, m: Mention, clusters: _Clusters, short: dict[int, dict[str, set[str]]]
) -> str:
    """Cluster key of a PER mention.

    A one-word name is a surname (or, second choice, a given name) of a full name: first of
    one in its own article (the last named before it), else of the only full name in the
    corpus that has it; otherwise it stays its own key.
    """
    key = normalise(m.text)
    if " " in key:
        return clusters.find(key)
    local = [
        (o.sentence > m.sentence, normalise(o.text))
        for o in article.mentions
        if o.type == "PER" and " " in normalise(o.text)
    ]
    for position in (-1, 0):
        found = sorted((later, k) for later, k in local if k.split()[position] == key)
        if found:
            before = [k for later, k in found if not later]
            return clusters.find(before[-1] if before else found[0][1])
    for position in (-1, 0):
        corpus = {clusters.find(k) for k in short[position].get(key, set())}
        if corpus:
            return corpus.pop() if len(corpus) == 1 else key
    return key


def _with_known_surnames(
    articles: Sequence[Article],
    clusters: _Clusters,
    surnames: dict[str, set[str]],
    gazetteer: set[str],
) -> list[Article]:
    """Tag a surname the model missed ("Lavrov ..." in an article that never gives his full
    name) when exactly one person in the corpus has it."""
    last_words = {m.text.split()[-1] for a in articles for m in a.mentions if m.type == "PER"}
    known = {
        w
        for w in last_words
        if w not in gazetteer
        and w[:1].isupper()
        and len({clusters.find(k) for k in surnames.get(normalise(w), set())}) == 1
    }
    out = []
    for a in articles:
        extra = [
            Mention(sentence=sent.i, text=t.text, start=t.start, end=t.end, type="PER")
            for sent in a.sentences
            for t in tokenize(sent.text)
            if t.text in known
            and not any(
                m.sentence == sent.i and m.start < t.end and t.start < m.end for m in a.mentions
            )
        ]
        if extra:
            mentions = sorted([*a.mentions, *extra], key=lambda m: (m.sentence, m.start))
            a = replace(a, mentions=tuple(mentions))
        out.append(a)
    return out


def _group_key(text: str, rules: _Rules) -> str:
    """Normalised name, or the normalised canonical name of its alias group."""
    key = normalise(text)
    return normalise(rules.groups[key]) if key in rules.groups else key


def _near_spellings(keys: set[str]) -> _Clusters:
    """Merge non-person names spelled nearly alike ("Sheik Saeed" / "Sheikh Saeed").

    Only names of the same length in words and first letter are compared, and only long ones:
    short names (Iran / Irak) differ by one letter and are different places.
    """
    clusters = _Clusters()
    blocks: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key in sorted(keys):
        clusters.find(key)
        if len(key) >= _MIN_FUZZY_LENGTH:
            blocks[(key[0], len(key.split()))].append(key)
    for names in blocks.values():
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if fuzz.ratio(a, b) >= _NAME_SIMILARITY:
                    clusters.union(a, b)
    return clusters


def _other_key(key: str, clusters: _Clusters, al_tails: dict[str, set[str]]) -> str:
    """Cluster key of a non-person name; a bare "al-" name joins its one longer form."""
    longer = al_tails.get(key, set()) if key.startswith("al-") else set()
    return clusters.find(longer.pop() if len(longer) == 1 else key)


def resolve(articles: Sequence[Article]) -> tuple[list[Article], list[Entity]]:
    """Canonical entities of a corpus; mentions and quote speakers get their entity ids."""
    rules = _rules()
    full = {
        normalise(m.text)
        for a in articles
        for m in a.mentions
        if m.type == "PER" and " " in normalise(m.text)
    }
    clusters = _person_keys(full)
    short: dict[int, dict[str, set[str]]] = {-1: defaultdict(set), 0: defaultdict(set)}
    for name in full:
        for position, forms in short.items():
            forms[name.split()[position]].add(name)
    gazetteer = {n for lang in SUPPORTED for n in entity_pack(lang).gazetteer}
    articles = _with_known_surnames(articles, clusters, short[-1], gazetteer)
    others = {_group_key(m.text, rules) for a in articles for m in a.mentions if m.type != "PER"}
    near = _near_spellings(others)
    al_tails: dict[str, set[str]] = defaultdict(set)
    for key in others:
        words = key.split()
        if len(words) > 1 and words[-1].startswith("al-"):
            al_tails[words[-1]].add(key)

    keyed: list[list[tuple[str, Mention]]] = []
    for a in articles:
        keys = []
        for m in a.mentions:
            person = _person_key(a, m, clusters, short)
            if m.type != "PER" and " " not in m.text and m.text not in gazetteer and " " in person:
                m = replace(m, type="PER")  # the CRF read a known person's surname as a place
            if m.type == "PER":
                keys.append(("per:" + person, m))
            else:
                keys.append(("oth:" + _other_key(_group_key(m.text, rules), near, al_tails), m))
        keyed.append(keys)

    ids, entities = _entities([km for keys in keyed for km in keys], rules)
    out = []
    for a, keys in zip(articles, keyed, strict=True):
        mentions = tuple(replace(m, entity=ids[k]) for k, m in keys)
        done = replace(a, mentions=mentions)
        quotes = tuple(
            replace(q, speaker_entity=speaker_entity(done, q.speaker, entities))
            if q.speaker and not q.speaker_entity
            else q
            for q in a.quotes
        )
        out.append(replace(done, quotes=quotes))
    return out, entities


def _entities(
    keyed: list[tuple[str, Mention]], rules: _Rules
) -> tuple[dict[str, str], list[Entity]]:
    """One Entity per cluster key, with a stable id, display name, type and aliases."""
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for key, m in keyed:
        surfaces[key][m.text] += 1
        types[key][m.type] += 1
    slugs = Counter(_slug(key[4:]) for key in surfaces)
    ids: dict[str, str] = {}
    entities: list[Entity] = []
    for key in sorted(surfaces):
        names = surfaces[key]
        group_name = rules.groups.get(key[4:]) or rules.groups.get(
            normalise(names.most_common(1)[0][0])
        )
        name = group_name or max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n), n))
        kind = max(types[key], key=lambda t: (types[key][t], t))
        slug = _slug(key[4:])
        ident = f"e-{slug}" if slugs[slug] == 1 else f"e-{key[:3]}-{slug}"
        stands = next(
            (rules.stands_for[k] for k in map(normalise, [name, *names]) if k in rules.stands_for),
            None,
        )
        ids[key] = ident
        entities.append(
            Entity(
                id=ident,
                name=name,
                type=kind,
                aliases=tuple(sorted(n for n in names if n != name)),
                mentions=sum(names.values()),
                stands_for=stands if kind != "PER" else None,
            )
        )
    return ids, entities


def speaker_entity(article: Article, speaker: str, entities: Sequence[Entity]) -> str | None:
    """Entity id of a quote's speaker name ("Lavrov", "Menlu Rusia Sergey Lavrov")."""
    target = normalise(speaker)
    best: tuple[int, str] | None = None
    for m in article.mentions:
        if m.entity and m.type == "PER":
            key = normalise(m.text)
            if target == key or target.endswith(" " + key) or key.endswith(" " + target):
                best = max(best or (0, ""), (len(key), m.entity))
    if best:
        return best[1]
    matches = {
        e.id
        for e in entities
        if e.type == "PER" and any(normalise(n) == target for n in (e.name, *e.aliases))
    }
    return matches.pop() if len(matches) == 1 else None


def _role_before(article: Article, m: Mention) -> str:
    """The role phrase written just before a mention ("menteri luar negeri rusia"), or ""."""
    sentence = article.sentences[m.sentence].text if m.sentence < len(article.sentences) else ""
    before = sentence[max(0, m.start - _CONTEXT_CHARS) : m.start]
    roles = entity_pack(article.language).roles.findall(before)
    return " ".join(r.lower() for r in roles)


def _outside_quotes(text: str, m: Mention) -> bool:
    return not any(q.start() <= m.start < q.end() for q in _QUOTED.finditer(text))


def resolve_reference(article: Article, sentence_index: int, phrase: str) -> str | None:
    """The person a pronoun or role noun refers to: the last fitting one named before it.

    ``phrase`` is what the text says: "ia", "dia", "beliau", "-nya", "katanya", "he", or a role
    noun with or without "sang" ("sang menteri", "the minister"). People named inside
    quotation marks are skipped (they are talked about, not talking). Mentions count when
    they are in an earlier sentence, or in ``sentence_index`` before ``phrase``. Returns the
    fullest form of that person's name in the article, or None. Needs ``article.mentions``
    (run ``entities.annotate`` first).
    """
    lang = "en" if article.language == "en" else "id"
    ref = topic(lang, "entities").get("reference", {})
    words = phrase.lower().strip().split()
    while words and words[0] in ref.get("role_prefixes", []):
        words = words[1:]
    noun = " ".join(words)
    pronoun = not noun or noun in ref.get("pronouns", []) or noun.endswith("nya")
    limit = _phrase_position(article, sentence_index, phrase)
    people: list[Mention] = [
        m
        for m in article.mentions
        if m.type == "PER"
        and (m.sentence < sentence_index or (m.sentence == sentence_index and m.end <= limit))
        and m.sentence < len(article.sentences)
        and _outside_quotes(article.sentences[m.sentence].text, m)
    ]
    for m in reversed(people):
        surname = m.text.split()[-1]
        same = [o for o in article.mentions if o.type == "PER" and o.text.split()[-1] == surname]
        if pronoun or any(noun in _role_before(article, o) for o in same):
            return max((o.text for o in same), key=len)
    return None


def _phrase_position(article: Article, sentence_index: int, phrase: str) -> int:
    """Offset of ``phrase`` in its sentence (0 when it is not found there)."""
    if not 0 <= sentence_index < len(article.sentences):
        return 0
    text = article.sentences[sentence_index].text
    word = re.escape(phrase.strip().lstrip("-"))
    pattern = rf"\w*{word}\b" if phrase.strip().startswith("-") else rf"\b{word}\b"
    found = re.search(pattern, text, re.IGNORECASE)
    return found.start() if found else 0
