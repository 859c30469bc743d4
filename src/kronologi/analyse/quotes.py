"""Quotes: direct and reported speech, its speaker, speech verb, relaying outlet and date.

Why rules and not a model: no labelled Indonesian quotation corpus exists offline, and news
attribution is formulaic — a quotation plus "kata X" / "X mengatakan" / "menurut X", a relay
such as "seperti dikutip Sputnik", a date such as "Rabu (14/12)". The rules read the language
data in ``lang/<code>/speech.toml`` (verbs by where their speaker stands, pronouns, relay
patterns), so the code holds no words of any language.

How: quotation spans come from the paragraphs (so quotes continued across paragraphs can be
joined); each sentence's *frame* (its words outside quotation marks) is read for attribution
of the direct quotes and for reported speech; speakers are read from name phrases and
resolved to the fullest name in the article, pronouns to the last fitting person named
before. The entities stage's PER mentions are used when present but are not required.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kronologi.analyse import quotes_frame as frame
from kronologi.analyse import quotes_reported as reported
from kronologi.analyse import sentences as splitter
from kronologi.analyse.quotes_frame import Attr, Found, Unit
from kronologi.analyse.quotes_lexicon import lexicon
from kronologi.analyse.quotes_names import Registry, Speaker, build_registry
from kronologi.model import Article, Quote, Sentence

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Resolver:
    article: Article
    registry: Registry
    spoken: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def name(self, sp: Speaker, pos: int, sentence: int) -> str | None:
        if sp.anaphor:
            return self._anaphor(sp.anaphor, pos, sentence)
        if sp.name and sp.person:
            return self.registry.full_name(sp.name, pos)
        return sp.name

    def record(self, sentence: int, pos: int, name: str | None) -> None:
        if name:
            self.spoken.setdefault(sentence, []).append((pos, name))

    def _anaphor(self, role: str, pos: int, sentence: int) -> str | None:
        """Walk back up to six sentences: the last speaker of a sentence wins, else the person
        it names (the last one before ``pos`` in the same sentence, the first in earlier ones,
        i.e. its subject). A role noun ("sang menteri") first looks for a person introduced
        with that role, then for anyone."""
        starts = {s.i: s for s in self.article.sentences}
        fits = (lambda n: True) if role == "pronoun" else (
            lambda n: any(role in r for r in self.registry.roles_of(n)))
        for strict in (True, False):
            for k in range(sentence, max(-1, sentence - 7), -1):
                s = starts.get(k)
                if s is None:
                    continue
                limit = pos if k == sentence else s.end
                said = [n for p, n in self.spoken.get(k, []) if p < limit and
                        (fits(n) or not strict)]
                if said:
                    return said[-1]
                people = [n for p, n, _ in self.registry.people
                          if s.start <= p < limit and (fits(n) or not strict)]
                if people:
                    return people[-1] if k == sentence else people[0]
            if role == "pronoun":
                break
        return None


def _date(article: Article, f: Found, sentences: dict[int, Sentence]) -> str | None:
    """The speech act's date when the attribution carries one, else the publication date."""
    lo, hi = f.attr.region
    for tx in article.timexes:
        s = sentences.get(tx.sentence)
        if s is None or not tx.value or not _ISO_DAY.fullmatch(tx.value):
            continue
        a, b = s.start + tx.start, s.start + tx.end
        if lo <= a and b <= hi and not (f.span[0] <= a < f.span[1]):
            return tx.value
    return article.published.date


def _entity(article: Article, name: str | None) -> str | None:
    if not name:
        return None
    for m in article.mentions:
        if m.entity and m.type == "PER" and (m.text == name or name.endswith(m.text)):
            return m.entity
    return None


def annotate(article: Article) -> Article:
    """The quotes stage: fill ``article.quotes`` (needs ``article.sentences``)."""
    if not article.sentences:
        article = splitter.annotate(article)
    lex = lexicon(article.language)
    text = article.text
    units = frame.units(article, frame.directs(article))
    resolver = _Resolver(article, build_registry(article, lex))
    sentences = {s.i: s for s in article.sentences}
    quotes: list[Quote] = []
    previous: Found | None = None
    for u in units:
        relays = reported.relays(u, text, lex)
        directs = frame.direct_quotes(u, units, text, lex)
        items = directs + reported.reported(u, text, lex, relays, directs)
        for m in reported.menurutnya(u, lex):
            made = reported.make(u, text, sentences[m.sentence], m.span, m.attr)
            if made:
                items.append(made)
        items = _dedupe(items)
        items.sort(key=lambda f: (f.attr.pos, f.span[0]))
        for f in items:
            if f.direct and f.attr.verb is None and f.attr.speaker == Speaker():
                follow = _continuation(previous, f, sentences)
                if follow == "merge":
                    quotes[-1] = replace(quotes[-1], text=f"{quotes[-1].text} {f.text}")
                    continue
                if follow != "same-speaker" or previous is None:
                    continue
                f.name = previous.name
                f.attr = Attr(previous.attr.speaker, previous.attr.verb, f.attr.pos,
                              f.attr.region)
            else:
                f.name = resolver.name(f.attr.speaker, f.attr.pos, f.sentence)
            resolver.record(f.sentence, f.attr.pos, f.name)
            relay = _relay_for(f, relays, u)
            if relay and f.name and relay.lower() == f.name.lower():
                relay = None
            quotes.append(Quote(f.sentence, f.text, f.direct, f.name, _entity(article, f.name),
                                f.attr.verb, relay, _date(article, f, sentences)))
            previous = f
    return replace(article, quotes=tuple(quotes))


def redate(before: Article, after: Article) -> Article:
    """Quote dates of ``after`` (the same article re-dated by its story) follow its re-dated
    expressions: a date taken from a time expression takes that expression's new value, a
    date taken from the publication date takes the new publication date."""
    new_value = {(t.sentence, t.start, t.end): t.value for t in after.timexes}
    moved = {
        (t.sentence, t.value): new_value.get((t.sentence, t.start, t.end))
        for t in before.timexes
        if t.value
    }
    quotes = []
    for q in after.quotes:
        date = moved.get((q.sentence, q.date))
        if date is None and q.date == before.published.date:
            date = after.published.date
        quotes.append(replace(q, date=date or q.date))
    return replace(after, quotes=tuple(quotes))


def _continuation(previous: Found | None, f: Found, sentences: dict[int, Sentence]) -> str:
    """How an unattributed quotation follows the previous direct one: "merge" (the second
    half of a quote split around its attribution, same paragraph), "same-speaker" (a
    quote-only paragraph right after the speaker's paragraph) or "none"."""
    if previous is None or not previous.direct or previous.name is None:
        return "none"
    p_prev = sentences[previous.sentence].paragraph
    sent = sentences[f.sentence]
    if sent.paragraph == p_prev and previous.span[1] < f.span[0]:
        return "merge"
    only_quote = frame.word_count(sent.text) - frame.word_count(f.text) <= 0
    if sent.paragraph == p_prev + 1 and only_quote:
        return "same-speaker"
    return "none"


def _dedupe(items: list[Found]) -> list[Found]:
    """One quote per span: an indirect clause that is wholly one direct quotation goes."""
    out: list[Found] = []
    seen: set[tuple[int, int]] = set()
    for f in items:
        if f.span in seen:
            continue
        seen.add(f.span)
        out.append(f)
    return out


def _relay_for(f: Found, relays: list[tuple[int, int, str]], u: Unit) -> str | None:
    for start, _, name in relays:
        if u.sentence_at(start).i == f.sentence or (f.direct and u.start <= start < u.end):
            return name
    return None


# --------------------------------------------------------------------------- reporting


def speaker_key(name: str) -> str:
    """A transliteration-tolerant key for grouping one speaker's quotes across articles:
    surname plus first initial, accents dropped ("Sergey Lavrov" = "Sergei Lavrov")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded)
    if len(parts) < 2:
        return folded.strip()
    return f"{parts[-1]}, {parts[0][0]}"


TABLE_COLUMNS = ("date", "speaker", "verb", "relay", "kind", "article:sentence", "text")


def quotes_table_rows(articles: Iterable[Article], speaker: str | None = None,
                      ) -> list[tuple[str, ...]]:
    """Rows for ``kronologi quotes [--speaker NAME]`` in ``TABLE_COLUMNS`` order, sorted by
    date and speaker. ``speaker`` matches by ``speaker_key`` or as a case-insensitive
    substring ("lavrov", "Sergei Lavrov" and "Sergey Lavrov" all find Lavrov's quotes)."""
    want = speaker.lower() if speaker else None
    rows: list[tuple[str, ...]] = []
    for a in articles:
        for q in a.quotes:
            name = q.speaker or ""
            if want and want not in name.lower() and speaker_key(name) != speaker_key(want):
                continue
            rows.append((q.date or "", name, q.verb or "", q.relay or "",
                         "direct" if q.direct else "reported", f"{a.id}:{q.sentence}", q.text))
    # by date, speaker, then article and sentence number (not the text "id:10" < "id:9")
    rows.sort(key=lambda r: (r[0], r[1], r[5].split(":")[0], int(r[5].split(":")[1])))
    return rows
