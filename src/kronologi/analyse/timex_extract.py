"""Detection and anchor-free parsing of time expressions (Indonesian and English).

Why hand-written rules: the time expressions of Indonesian news ("Sabtu (3/12)", "Senin
malam (12/12)", "kemarin lusa", "pertengahan November", "dua atau tiga hari mendatang") are
not covered by any offline library. dateparser's ``search_dates`` finds some of them but
returns bare datetimes (no ranges, no durations, no anchor, no weekday-year reasoning) and is
two orders of magnitude slower; HeidelTime has no Indonesian resources and needs a Java
tagger. ``eval/timex.py`` runs dateparser side by side as the baseline.

Every word comes from ``lang/<code>/time.toml``; this module only holds the grammar. Each
family is one regex compiled once per language (``lru_cache``); a cheap pre-filter skips
sentences with neither a digit nor any time word. Overlapping matches keep the longest.

A :class:`TimexCandidate` carries what the text says (day, month, weekday, offset, unit,
part, tense) but not what it means on the calendar: that needs an anchor and is done in
``timex_resolve``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from kronologi.lang import topic

# Family names (used by the resolver and reported per family by eval/timex.py).
EXPLICIT = "explicit"
WEEKDAY_DATE = "weekday-date"
RELATIVE = "relative"
WEEKDAY = "weekday"
PART = "part"
DURATION = "duration"

# Tense of an expression (how a weekday or yearless month is placed around the anchor).
PAST = -1  # strictly before: "Sabtu lalu", "last Friday"
UNMARKED = 0  # at or before a publication anchor; nearest either way for a story anchor
FUTURE = 1  # strictly after: "Jumat mendatang", "next Monday"
NOT_BEFORE = 2  # at or after: "Sabtu ini", "akan … pada Senin"
NEAREST = 3  # either way: "hingga Jumat" (the end of a period around the anchor)


@dataclass(frozen=True, slots=True)
class TimexCandidate:
    """A detected time expression and its anchor-free parse.

    ``rel`` says what the value is computed from: ``explicit`` (the text alone, except a
    missing year), ``anchor`` (publication or story date) or ``previous`` (the previous
    dated expression). ``shift``/``unit`` hold offsets ("tiga hari lalu" → -3 day);
    ``tense`` is one of the constants above; ``since`` marks "sejak …" background dates and
    ``until`` the end of a period ("hingga Minggu (27/3)"), neither is a publication date.
    ``value`` is set when the text alone fixes it (full dates, durations).
    """

    text: str
    start: int
    end: int
    family: str
    kind: str
    rel: str = "explicit"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    shift: int | None = None
    unit: str | None = None
    part: str | None = None
    tense: int = 0
    since: bool = False
    until: bool = False
    value: str | None = None


def _alt(words: Any) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    uniq = sorted({str(w).lower() for w in words}, key=len, reverse=True)
    if not uniq:
        return "(?!)"  # matches nothing
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


def _key(s: str) -> str:
    return " ".join(s.lower().split())


_I = re.IGNORECASE
_YEAR = r"(?:19|20)\d\d"
_ABBR_DOT = r"(?:\.(?=[\s,]*\d))?"  # "Dec. 3", not a sentence-final period


class Grammar:
    """The compiled rules of one language (built once from its time.toml)."""

    def __init__(self, lang: str) -> None:
        t = topic(lang, "time")
        self.lang = lang
        self.months: dict[str, int] = dict(t["months"])
        self.months_all: dict[str, int] = {**self.months, **t.get("month_abbreviations", {})}
        self.weekdays: dict[str, int] = dict(t["weekdays"])
        self.weekdays_all = {**self.weekdays, **t.get("weekday_abbreviations", {})}
        self.numbers: dict[str, int] = dict(t["numbers"])
        self.units: dict[str, str] = dict(t["units"])
        self.rel_days: dict[str, int] = {_key(k): v for k, v in t["relative_days"].items()}
        self.prev_days: dict[str, int] = {_key(k): v for k, v in t["previous_days"].items()}
        self.rel_periods = {_key(k): tuple(v) for k, v in t["relative_periods"].items()}
        self.periods: dict[str, str] = dict(t["periods"])
        self.qualifiers: dict[str, int] = {_key(k): v for k, v in t["period_qualifiers"].items()}
        self.parts: dict[str, str] = {_key(k): v for k, v in t["parts"].items()}
        off = t["offset_words"]
        self.past_words = {_key(w) for w in off["past"]}
        self.from_previous = {_key(w) for w in off["from_previous"]}
        tense = t["tense"]
        self.past_after = {_key(w) for w in tense.get("past_after", [])}
        self.future_after = {_key(w) for w in tense.get("future_after", [])}
        self.past_before = {_key(w) for w in tense.get("past_before", [])}
        self.future_before_word = {_key(w) for w in tense.get("future_before_word", [])}
        self.present = {_key(w) for w in tense.get("present", [])}  # "Sabtu ini", "this Friday"
        trig = t["triggers"]
        dur = t["durations"]
        self.future_dur = {_key(w) for w in dur["future_after"]}
        self.prefix_one: str = dur.get("prefix_one", "")
        self.within = {_key(w) for w in dur["within"]}

        month_full, month_all = _alt(self.months), _alt(self.months_all)
        wd, wd_all = _alt(self.weekdays), _alt(self.weekdays_all)
        dp = _alt(t["day_parts"]["words"])
        num = r"(?<![\d.,])(?:\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d.,]\d)|" + _alt(self.numbers)
        unit = _alt(self.units)
        year_rel = [k for k, (u, _o) in self.rel_periods.items() if u == "year"]
        month_q = _alt([*year_rel, *self.past_after, *self.future_after])
        one = re.escape(self.prefix_one)
        se_num = rf"(?:(?P<n>{num})\s+|{one})" if one else rf"(?:(?P<n>{num})\s+)"
        tense_post = _alt(self.past_after | self.future_after | self.present)
        tense_pre = _alt(self.past_before | self.future_before_word | self.present)
        dirs = _alt(off["past"] + off["future"])

        # date patterns (weekday + date is found by looking left of these)
        self.dates = [
            ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b")),
            ("dmy", re.compile(
                rf"(?<![\w/.,-])(?P<d>[0-3]?\d)(?P<sep>[.-])(?P<m>[01]?\d)(?P=sep)"
                rf"(?P<y>{_YEAR})(?![\w-]|[.,]\d)")),
            ("dm", re.compile(
                r"(?<![\w/.,])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:/(?P<y>(?:19|20)?\d\d))?"
                r"(?![\w/]|[.,]\d)")),
            ("d_month", re.compile(
                rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{month_all})\b{_ABBR_DOT}"
                rf"(?:,?\s+(?P<y>{_YEAR})\b|\s+(?P<q>{month_q})\b)?", _I)),
            ("month_d", re.compile(
                rf"\b(?P<mon>{month_all})\b{_ABBR_DOT}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
                rf"(?:,?\s+(?P<y>{_YEAR})\b)?(?!\s*[:.]\d)", _I)),
        ]
        self.month_year = re.compile(
            rf"\b(?P<mon>{month_all})\b{_ABBR_DOT}\s+(?:(?:{_alt(trig['month_year_joiners'])})\s+)?"
            rf"(?P<y>{_YEAR})\b", _I)
        self.month = re.compile(rf"\b(?P<mon>{month_full})\b(?:\s+(?P<q>{month_q})\b)?", _I)
        self.year = re.compile(rf"\b(?P<y>{_YEAR})\b")
        self.wd_before = re.compile(
            rf"\b(?P<wd>{wd_all})\b\.?(?:\s+(?P<dp>{dp}))?\s*,?\s*(?P<open>\()?\s*$", _I)
        # fixed relative words, one pass for all three tables
        self.fixed_re = re.compile(
            rf"\b(?:{_alt([*self.rel_days, *self.prev_days, *self.rel_periods])})\b", _I)
        self.offset = re.compile(rf"\b{se_num}(?P<unit>{unit})\s+(?P<dir>{dirs})\b", _I)
        self.after = re.compile(
            rf"\b(?P<prep>{_alt(off['after_prepositions'])})\s+{se_num}(?P<unit>{unit})\b"
            rf"(?!\s+(?:{dirs})\b)", _I)
        self.weekday = re.compile(
            rf"\b(?:(?P<pre>{tense_pre})\s+)?(?:(?P<wdnoun>{_alt(trig['weekday_nouns'])})\s+)?"
            rf"(?P<wd>{wd})\b"
            rf"(?:\s+(?P<dp>{dp}))?(?:\s+(?P<post>{tense_post})\b)?", _I)
        # "Kamis dan Jumat pekan ini", "Selasa pekan depan": a weekday in a named week
        weeks = {k: o for k, (u, o) in self.rel_periods.items() if u == "week"}
        self.week_of = weeks
        self.week_after = re.compile(
            rf"(?P<list>(?:\s*(?:,|\b(?:{_alt(t['weekday_lists']['conjunctions'])})\b)\s*"
            rf"(?:{wd})\b)*)\s+(?P<wq>{_alt(weeks)})\b", _I)
        quals = _alt(self.qualifiers)
        self.part = re.compile(
            rf"\b(?P<part>{_alt(self.parts)})[\s-]+(?:"
            rf"(?P<mon>{month_full})\b(?:\s+(?P<y>{_YEAR})\b)?(?:\s+(?P<mq>{month_q})\b)?"
            rf"|(?:(?P<q1>{quals})\s+)?(?P<per>{_alt(self.periods)})\b"
            rf"(?:\s+(?:(?P<q2>{quals})|(?P<py>{_YEAR}))\b)?"
            rf"|(?P<y2>{_YEAR})\b)", _I)
        pre = _alt(dur["before"])
        post = _alt(dur["after"] + dur["future_after"])
        self.duration = re.compile(
            rf"(?:\b(?P<pre>{pre})\s+)?\b{se_num.replace('?P<n>', '?P<n1>')}"
            rf"(?:(?P<alt>{_alt(dur['alternative'])})\s+(?P<n2>{num})\s+)?"
            rf"(?P<unit>{unit})\b(?:\s+(?P<post>{post})\b)?", _I)
        self.trig_year = re.compile(rf"\b(?:{_alt(trig['year'])})\s+$", _I)
        self.trig_dm = re.compile(rf"\b(?:{_alt(trig['daymonth'])})\s+$", _I)
        month_trig = trig.get("month")
        self.trig_month = (re.compile(rf"\b(?:{_alt(month_trig)})[\s-]+$", _I)
                           if month_trig else None)
        self.since = re.compile(
            rf"\b(?:{_alt(trig['since'])})\s+(?:(?:{_alt(trig['date_nouns'])})\s+)?$", _I)
        # "dalam dua hari" in a sentence about the future is a future range
        self.future_any = re.compile(rf"\b(?:{_alt(tense['future_before'])})\b", _I)
        # … unless counted from an event: "dalam satu bulan setelah putusan"
        self.after_event = re.compile(
            rf"\s+(?:{_alt(off['after_prepositions'] + trig['since'])})\b", _I)
        self.until = re.compile(
            rf"\b(?:{_alt(trig['until'])})\s+(?:(?:{_alt(trig['weekday_nouns'])})\s+)?$", _I)
        self.future_ctx = re.compile(
            rf"\b(?:{_alt(tense['future_before'])})\b(?:\s+\S+){{0,3}}\s+$", _I)
        words = [*self.months_all, *self.weekdays, *self.rel_days, *self.prev_days,
                 *self.rel_periods, *self.units, *self.parts,
                 *(self.prefix_one + u for u in self.units if self.prefix_one)]
        self.prefilter = re.compile(rf"\d|\b(?:{_alt(words)})", _I)

    # --- small parsers -------------------------------------------------------------------
    def number(self, s: str | None) -> int:
        if s is None:
            return 1  # the "se-"/"a" prefix
        digits = s.replace(".", "").replace(",", "")  # "7.000", "10,000"
        return int(digits) if digits.isdigit() else self.numbers[_key(s)]

    def month_of(self, s: str) -> int:
        return self.months_all[s.lower().rstrip(".")]


@cache
def grammar(lang: str) -> Grammar:
    """The compiled grammar of ``lang`` (falls back to Indonesian for unknown languages)."""
    try:
        return Grammar(lang)
    except KeyError:
        return Grammar("id")


def _valid(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11)
                                             else 31)


def _year(s: str | None) -> int | None:
    if not s:
        return None
    y = int(s)
    return y + 2000 if y < 100 else y


def _date_tense(g: Grammar, m: re.Match[str], left: str) -> int:
    """+1 when the date is announced as future ("akan … pada", "5 Januari mendatang")."""
    q = _key(m["q"]) if "q" in m.re.groupindex and m["q"] else ""
    if q in g.past_after:
        return PAST
    if q or g.future_ctx.search(left):
        return FUTURE
    return UNMARKED


def _dates(g: Grammar, text: str) -> list[TimexCandidate]:
    """Explicit day-month(-year) dates, with a weekday before them when there is one."""
    out = []
    for name, rx in g.dates:
        for m in rx.finditer(text):
            day, month = int(m["d"]), (g.month_of(m["mon"]) if "mon" in m.re.groupindex
                                       else int(m["m"]))
            if not _valid(day, month):
                continue
            start, end = m.start(), m.end()
            left = text[max(0, start - 40):start]
            w = g.wd_before.search(left)
            if w and w["open"] and not text.startswith(")", end):
                w = None
            if name == "dm" and not (w or m["y"] or g.trig_dm.search(left)
                                     or (left.endswith("(") and text.startswith(")", end))):
                continue
            year = _year(m["y"])
            if year is not None and month == 2 and day == 29 and not calendar.isleap(year):
                continue
            weekday = None
            if w:
                weekday = g.weekdays_all[w["wd"].lower()]
                start -= len(left) - w.start()
                if w["open"]:
                    end += 1
            out.append(TimexCandidate(
                text[start:end], start, end, WEEKDAY_DATE if w else EXPLICIT, "date",
                rel="explicit" if year or w else "anchor", year=year, month=month, day=day,
                weekday=weekday,
                since=bool(g.since.search(text[max(0, start - 30):start])),
                tense=_date_tense(g, m, text[max(0, start - 60):start]),
                until=bool(g.until.search(text[max(0, start - 30):start])),
                value=f"{year:04d}-{month:02d}-{day:02d}" if year and weekday is None else None))
    return out


def _months_years(g: Grammar, text: str) -> list[TimexCandidate]:
    out = []
    for m in g.month_year.finditer(text):
        y, mo = int(m["y"]), g.month_of(m["mon"])
        since = bool(g.since.search(text[max(0, m.start() - 30):m.start()]))
        out.append(TimexCandidate(m[0], m.start(), m.end(), EXPLICIT, "month", year=y, month=mo,
                                  since=since, value=f"{y:04d}-{mo:02d}"))
    for m in g.month.finditer(text):
        left = text[max(0, m.start() - 20):m.start()]
        if g.trig_month is not None and not g.trig_month.search(left):
            continue
        if g.trig_month is None and not m["mon"][0].isupper():
            continue
        tense, shift = 0, None
        if m["q"]:
            q = _key(m["q"])
            if q in g.rel_periods:
                shift = g.rel_periods[q][1]
            else:
                tense = PAST if q in g.past_after else FUTURE
        out.append(TimexCandidate(m[0], m.start(), m.end(), EXPLICIT, "month", rel="anchor",
                                  month=g.month_of(m["mon"]), shift=shift, tense=tense))
    for m in g.year.finditer(text):
        left = text[max(0, m.start() - 25):m.start()]
        if not g.trig_year.search(left):
            continue
        out.append(TimexCandidate(m[0], m.start(), m.end(), EXPLICIT, "year", year=int(m["y"]),
                                  since=bool(g.since.search(left)), value=m["y"]))
    return out


def _relatives(g: Grammar, text: str) -> list[TimexCandidate]:
    out = []
    for m in g.fixed_re.finditer(text):
        key = _key(m[0])
        if key in g.rel_days or key in g.prev_days:
            prev = key in g.prev_days
            out.append(TimexCandidate(m[0], m.start(), m.end(), RELATIVE, "date",
                                      rel="previous" if prev else "anchor", unit="day",
                                      shift=(g.prev_days if prev else g.rel_days)[key]))
            continue
        unit, shift = g.rel_periods[key]
        if unit == "week" and m.start() > 0 and _key(m[0]).split()[0] in g.weekdays \
                and m[0][0].isupper():
            continue  # "Minggu lalu" inside a sentence is Sunday (day names are capitalised)
        kind = {"month": "month", "year": "year"}.get(unit, "range")
        out.append(TimexCandidate(m[0], m.start(), m.end(), RELATIVE, kind, rel="anchor",
                                  shift=shift, unit=unit))
    for m in g.offset.finditer(text):
        n = g.number(m["n"])
        d = _key(m["dir"])
        sign = -1 if d in g.past_words else 1
        unit = g.units[m["unit"].lower()]
        kind = {"month": "month", "year": "year"}.get(unit, "date")
        out.append(TimexCandidate(m[0], m.start(), m.end(), RELATIVE, kind,
                                  rel="previous" if d in g.from_previous else "anchor",
                                  shift=sign * n if n else None, unit=unit))
    for m in g.after.finditer(text):
        n = g.number(m["n"])
        unit = g.units[m["unit"].lower()]
        kind = {"month": "month", "year": "year"}.get(unit, "date")
        out.append(TimexCandidate(m[0], m.start(), m.end(), RELATIVE, kind, rel="previous",
                                  shift=n or None, unit=unit))
    return out


def _weekdays(g: Grammar, text: str) -> list[TimexCandidate]:
    out = []
    for m in g.weekday.finditer(text):
        if not (m["wdnoun"] or m["wd"][0].isupper()):
            continue
        tense = UNMARKED
        pre, post = _key(m["pre"] or ""), _key(m["post"] or "")
        if pre in g.past_before or post in g.past_after:
            tense = PAST
        elif pre in g.present or post in g.present:
            tense = NOT_BEFORE
        elif pre in g.future_before_word or post in g.future_after:
            tense = FUTURE
        elif g.future_ctx.search(text[max(0, m.start() - 60):m.start()]):
            tense = NOT_BEFORE
        elif g.until.search(text[max(0, m.start() - 30):m.start()]):
            tense = NEAREST
        end, shift = m.end(), None
        w = g.week_after.match(text, end) if not post else None
        if w:
            shift = g.week_of[_key(w["wq"])]
            if not w["list"]:
                end = w.end()
        out.append(TimexCandidate(text[m.start():end], m.start(), end, WEEKDAY, "date",
                                  rel="anchor", weekday=g.weekdays[m["wd"].lower()], tense=tense,
                                  shift=shift, unit="week" if w else None))
    return out


def _parts(g: Grammar, text: str) -> list[TimexCandidate]:
    out = []
    for m in g.part.finditer(text):
        part = g.parts[_key(m["part"])]
        if m["mon"]:
            tense, shift = 0, None
            if m["mq"]:
                q = _key(m["mq"])
                if q in g.rel_periods:
                    shift = g.rel_periods[q][1]
                else:
                    tense = PAST if q in g.past_after else FUTURE
            year = _year(m["y"])
            out.append(TimexCandidate(m[0], m.start(), m.end(), PART, "range",
                                      rel="explicit" if year else "anchor", year=year,
                                      month=g.month_of(m["mon"]), part=part, unit="month",
                                      shift=shift, tense=tense))
        elif m["per"]:
            q = _key(m["q1"] or m["q2"] or "")
            year = _year(m["py"])
            out.append(TimexCandidate(m[0], m.start(), m.end(), PART, "range",
                                      rel="explicit" if year else "anchor", year=year,
                                      part=part, unit=g.periods[m["per"].lower()],
                                      shift=g.qualifiers.get(q, 0)))
        else:
            out.append(TimexCandidate(m[0], m.start(), m.end(), PART, "range",
                                      year=int(m["y2"]), part=part, unit="year"))
    return out


_ISO_UNIT = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W",
             "month": "M", "year": "Y", "decade": "Y", "century": "Y"}
_SCALE = {"decade": 10, "century": 100}


def duration_value(n: int | None, unit: str) -> str:
    """ISO 8601 duration for ``n`` units ("P3D", "PT24H"); ``X`` for a vague count."""
    code = _ISO_UNIT[unit]
    count = "X" if not n else str(n * _SCALE.get(unit, 1))
    return f"PT{count}{code[1]}" if code.startswith("T") else f"P{count}{code}"


def _durations(g: Grammar, text: str) -> list[TimexCandidate]:
    out = []
    for m in g.duration.finditer(text):
        unit = g.units[m["unit"].lower()]
        n1 = g.number(m["n1"])
        n = max(n1, g.number(m["n2"])) if m["n2"] else n1
        post = _key(m["post"] or "")
        within_future = (not post and _key(m["pre"] or "") in g.within
                         and g.future_any.search(text) is not None
                         and not g.after_event.match(text, m.end()))
        if (post in g.future_dur or within_future) and unit in ("day", "week", "month"):
            out.append(TimexCandidate(m[0], m.start(), m.end(), DURATION, "range", rel="anchor",
                                      shift=n or None, unit=unit, tense=FUTURE))
            continue
        out.append(TimexCandidate(m[0], m.start(), m.end(), DURATION, "duration", shift=n,
                                  unit=unit, value=duration_value(n, unit)))
    return out


# Tie-breaking when two matches cover the same span: lower wins.
_PRIORITY = {WEEKDAY_DATE: 0, EXPLICIT: 1, PART: 2, RELATIVE: 3, DURATION: 4, WEEKDAY: 5}


def _select(cands: list[TimexCandidate]) -> list[TimexCandidate]:
    """Keep the longest of overlapping matches (family priority breaks ties)."""
    chosen: list[TimexCandidate] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, _PRIORITY[c.family], c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def extract(sentence_text: str, lang: str) -> list[TimexCandidate]:
    """Detect the time expressions of one sentence and parse them without an anchor."""
    g = grammar(lang)
    if not g.prefilter.search(sentence_text):
        return []
    cands = [*_relatives(g, sentence_text), *_weekdays(g, sentence_text),
             *_parts(g, sentence_text), *_durations(g, sentence_text)]
    if any(ch.isdigit() for ch in sentence_text):  # every explicit date has a digit
        cands += _dates(g, sentence_text)
    cands += _months_years(g, sentence_text)
    return _select(cands)
