"""Calendar reasoning: turn a :class:`TimexCandidate` into a value, given an anchor.

Rules (the "why" of each is in the issue the time stage implements):

* a weekday written with a day/month and no year ("Jumat (23/9)") takes the year nearest
  the year evidence in which that day/month falls on that weekday; a weekday that contradicts
  a written year keeps the written date with a low confidence (the flag);
* a day/month or month with neither year nor weekday takes the year that puts it nearest
  the anchor, counting days after the anchor double (news reports the past);
* weekday references ("pada hari Kamis") are the most recent such day at or before a
  publication anchor, strictly before with "lalu"/"last", after with "mendatang"/"next" or a
  future marker; against a story anchor (an estimate, not the article's own date) the nearest
  such day either way;
* parts of periods are ranges: a month in thirds (1–10, 11–20, 21–end), a year as
  Jan–Mar / May–Aug / Oct–Dec, a week as Mon–Tue / Wed–Thu / Sat–Sun.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from kronologi.analyse.timex_extract import (
    DURATION,
    EXPLICIT,
    FUTURE,
    NEAREST,
    NOT_BEFORE,
    PART,
    PAST,
    RELATIVE,
    WEEKDAY,
    WEEKDAY_DATE,
    TimexCandidate,
)


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """Years an article's date is likely near: ``points`` (year, weight), ``floor`` the
    earliest year it can be (from "sejak 2012"-style background dates)."""

    points: tuple[tuple[int, float], ...] = ()
    floor: int | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def supported(self) -> bool:
        return bool(self.points)


@dataclass(frozen=True, slots=True)
class Resolved:
    """The calendar meaning of a candidate."""

    value: str | None
    anchor: str
    confidence: float


def iso(d: date) -> str:
    return d.isoformat()


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def weekday_year(day: int, month: int, weekday: int, ev: YearEvidence,
                 default_year: int) -> int | None:
    """The year nearest the evidence in which ``day``/``month`` falls on ``weekday``.

    Without evidence the search runs back from ``default_year`` (the current year)."""
    points = ev.points or ((default_year, 1.0),)
    centre = round(sum(y * w for y, w in points) / sum(w for _y, w in points))
    best: tuple[float, int, int] | None = None
    for y in range(centre - 40, centre + 41):
        if (ev.floor is not None and y < ev.floor) or (not ev.points and y > default_year):
            continue  # without evidence, an article is not from the future
        d = _safe(y, month, day)
        if d is None or d.weekday() != weekday:
            continue
        cost = sum(w * abs(y - py) for py, w in points)
        key = (cost, abs(y - centre), -y)
        if best is None or key < best:
            best = key
    return -best[2] if best else None


def nearest_year(month: int, day: int, anchor: date) -> int:
    """Year for a yearless day/month: nearest the anchor, days after it counting double."""
    best_y, best_cost = anchor.year, None
    for y in range(anchor.year - 4, anchor.year + 5):  # four years either way: 29 February
        d = _safe(y, month, day)
        if d is None:
            continue
        delta = (d - anchor).days
        cost = -delta if delta <= 0 else 2 * delta
        if best_cost is None or cost < best_cost:
            best_y, best_cost = y, cost
    return best_y


def _month_year(c: TimexCandidate, anchor: date) -> int:
    if c.shift is not None:
        return anchor.year + c.shift
    assert c.month is not None
    if c.tense == PAST:
        return anchor.year if c.month <= anchor.month else anchor.year - 1
    if c.tense in (FUTURE, NOT_BEFORE):
        return anchor.year if c.month > anchor.month else anchor.year + 1
    return nearest_year(c.month, 15 if c.month != anchor.month else min(anchor.day, 28), anchor)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` units (hours and smaller stay on the same day)."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "year":
        return _add_months(d, 12 * n)
    return d


def _weekday_ref(weekday: int, tense: int, anchor: date, anchor_kind: str) -> date:
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if tense == PAST:
        return anchor - timedelta(days=back or 7)
    if tense == FUTURE:
        return anchor + timedelta(days=ahead or 7)
    if tense == NOT_BEFORE:
        return anchor + timedelta(days=ahead)
    if anchor_kind == "story" or tense == NEAREST:
        return anchor - timedelta(days=back) if back <= ahead else anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


_MONTH_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_PARTS = {"early": (1, 3), "mid": (5, 8), "late": (10, 12)}
_WEEK_PARTS = {"early": (0, 1), "mid": (2, 3), "late": (5, 6)}


def _month_part(y: int, m: int, part: str) -> str:
    a, b = _MONTH_THIRDS[part]
    b = min(b, calendar.monthrange(y, m)[1])
    return f"{iso(date(y, m, a))}/{iso(date(y, m, b))}"


def _part(c: TimexCandidate, anchor: date | None) -> str | None:
    assert c.part is not None
    if c.unit == "month" and c.month is not None:
        if c.year is None and anchor is None:
            return None
        y = c.year or _month_year(c, anchor)  # type: ignore[arg-type]
        return _month_part(y, c.month, c.part)
    if c.unit == "year" and c.year is not None and c.rel == "explicit":
        return _year_part(c.year, c.part)
    if anchor is None:
        return None
    if c.unit == "month":
        d = _add_months(anchor, c.shift or 0)
        return _month_part(d.year, d.month, c.part)
    if c.unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=c.shift or 0)
        a, b = _WEEK_PARTS[c.part]
        return f"{iso(monday + timedelta(days=a))}/{iso(monday + timedelta(days=b))}"
    return _year_part(anchor.year + (c.shift or 0), c.part)


def _year_part(y: int, part: str) -> str:
    a, b = _YEAR_PARTS[part]
    return f"{y:04d}-{a:02d}-01/{y:04d}-{b:02d}-{calendar.monthrange(y, b)[1]:02d}"


def _period(c: TimexCandidate, anchor: date) -> str:
    n = c.shift or 0
    if c.unit in ("week", "weekend"):
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=n)
        first = 5 if c.unit == "weekend" else 0
        return f"{iso(monday + timedelta(days=first))}/{iso(monday + timedelta(days=6))}"
    if c.unit == "month":
        d = _add_months(anchor, n)
        return f"{d.year:04d}-{d.month:02d}"
    return f"{anchor.year + n:04d}"


def _relative(c: TimexCandidate, anchor: date) -> str | None:
    if c.shift is None:
        return None
    try:
        if c.kind == "date":
            return iso(shift(anchor, c.shift, c.unit or "day"))
        if c.kind in ("month", "year") and c.unit in ("month", "year"):
            d = shift(anchor, c.shift, c.unit)
            return f"{d.year:04d}-{d.month:02d}" if c.kind == "month" else f"{d.year:04d}"
        return _period(c, anchor)
    except (ValueError, OverflowError):  # "7.000 tahun lalu" is no calendar date
        return None


def resolve_candidate(c: TimexCandidate, anchor: date | None, anchor_kind: str,
                      previous: date | None, ev: YearEvidence,
                      default_year: int) -> Resolved:
    """The value of ``c`` given the article's anchor, previous date and year evidence."""
    if c.value is not None and c.family in (EXPLICIT, DURATION):
        return Resolved(c.value, "explicit", 1.0)
    if c.family == WEEKDAY_DATE:
        return _weekday_date(c, ev, default_year)
    if c.family == DURATION:  # a future range: "dua atau tiga hari mendatang"
        if anchor is None or c.shift is None:
            return Resolved(None, "none", 0.2)
        try:
            end = shift(anchor, c.shift, c.unit or "day")
        except (ValueError, OverflowError):
            return Resolved(None, "none", 0.2)
        return Resolved(f"{iso(anchor)}/{iso(end)}", anchor_kind, 0.7)
    if c.rel == "previous":
        base, kind, conf = (previous, "previous", 0.8) if previous else (anchor, anchor_kind, 0.5)
        if base is None:
            return Resolved(None, "none", 0.2)
        value = _relative(c, base)
        return Resolved(value, kind if value else "none", conf if value else 0.2)
    if c.family == PART:
        value = _part(c, anchor)
        if value is None:
            return Resolved(None, "none", 0.2)
        return Resolved(value, "explicit" if c.rel == "explicit" else anchor_kind, 0.8)
    if anchor is None:
        return Resolved(None, "none", 0.2)
    conf = 0.9 if anchor_kind == "published" else 0.7
    if c.family == RELATIVE:
        value = _relative(c, anchor)
        if value is None:
            return Resolved(None, "none", 0.2)
        return Resolved(value, anchor_kind, conf if c.unit in ("day", "month", "year") else 0.6)
    if c.family == WEEKDAY:
        assert c.weekday is not None
        if c.unit == "week" and c.shift is not None:  # "Selasa pekan depan"
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=c.shift)
            return Resolved(iso(monday + timedelta(days=c.weekday)), anchor_kind, conf)
        return Resolved(iso(_weekday_ref(c.weekday, c.tense, anchor, anchor_kind)), anchor_kind,
                        conf - 0.1)
    if c.family == EXPLICIT and c.kind == "month":
        assert c.month is not None
        return Resolved(f"{_month_year(c, anchor):04d}-{c.month:02d}", anchor_kind, conf - 0.1)
    if c.family == EXPLICIT and c.kind == "date":  # day/month without year
        assert c.month is not None and c.day is not None
        return Resolved(iso(date(nearest_year(c.month, c.day, anchor), c.month, c.day)),
                        anchor_kind, conf - 0.1)
    return Resolved(None, "none", 0.2)


def _weekday_date(c: TimexCandidate, ev: YearEvidence, default_year: int) -> Resolved:
    assert c.day is not None and c.month is not None and c.weekday is not None
    if c.year is not None:
        d = _safe(c.year, c.month, c.day)
        if d is None:
            return Resolved(None, "none", 0.1)
        # the weekday contradicts the written year: keep the written date, flag it
        return Resolved(iso(d), "explicit", 1.0 if d.weekday() == c.weekday else 0.4)
    y = weekday_year(c.day, c.month, c.weekday, ev, default_year)
    if y is None:
        return Resolved(None, "none", 0.1)
    return Resolved(iso(date(y, c.month, c.day)), "explicit", 0.95 if ev.supported else 0.6)
