"""Outlet names: recognising which news outlet an article comes from, and spelling it one way.

The evidence is scattered and noisy: a copyright line ("Hak cipta © 2022 CNN Indonesia.
Seluruh hak dilindungi."), a footer naming the publishing company ("PT Kompas Cyber Media"),
a domain ("@ detik.com"), a dateline ("Jakarta, Aktual.com –"), a byline ("The Jakarta Post"),
a URL. The outlet table in the language packs (``lang/*/outlets.toml``) maps every written
form to one display name; what the table does not know is kept as written, minus legal words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlparse

from kronologi.lang import SUPPORTED, topic

_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Table:
    names: dict[str, str]  # lowercase written form -> display name
    prefixes: dict[str, str]  # "kumparan" -> kumparan for "kumparanBISNIS"
    display: frozenset[str]  # every display name
    scan: re.Pattern[str]  # any known written form inside a line (longest first)
    strip: re.Pattern[str]  # legal phrases, years and separators of copyright lines
    company: re.Pattern[str]  # company forms around a name ("PT …", "… Tbk")
    domain: re.Pattern[str]


@cache
def _table() -> _Table:
    names: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    strip: list[str] = []
    company: list[str] = []
    suffixes: list[str] = []
    for lang in SUPPORTED:
        data = topic(lang, "outlets")
        names.update(data.get("names", {}))
        prefixes.update(data.get("prefixes", {}))
        legal = topic(lang, "boilerplate").get("copyright", {})
        strip.extend(legal.get("strip", []))
        company.extend(legal.get("company_forms", []))
        suffixes.extend(legal.get("domain_suffixes", []))
    longest_first = sorted((k for k in names if len(k) > 3), key=len, reverse=True)
    scan = "|".join(re.escape(k) for k in longest_first)
    strip_alt = "|".join(re.escape(w) for w in sorted(set(strip), key=len, reverse=True))
    company_alt = "|".join(re.escape(w) for w in sorted(set(company), key=len, reverse=True))
    suffix_alt = "|".join(re.escape(w) for w in sorted(set(suffixes), key=len, reverse=True))
    return _Table(
        names=names,
        prefixes=prefixes,
        display=frozenset(names.values()),
        scan=re.compile(rf"(?<![\w.])(?:{scan})(?!\w)"),
        strip=re.compile(rf"{strip_alt}|\b(19|20)\d\d\b|[-–,:|©@]", re.IGNORECASE),
        company=re.compile(rf"^(?:{company_alt})\.?\s+|\s+(?:{company_alt})\.?$"),
        domain=re.compile(rf"\b[a-z0-9-]+\.(?:{suffix_alt})\b"),
    )


def _lookup(key: str) -> str | None:
    table = _table()
    if key in table.names:
        return table.names[key]
    for prefix, outlet in table.prefixes.items():
        if key.startswith(prefix):
            return outlet
    return None


def canonical(name: str) -> str:
    """The display form of an outlet name or domain ("kompas.com" → "Kompas.com")."""
    key = name.strip().strip(".").lower().removeprefix("www.")
    return _lookup(key) or name.strip().strip(".")


def known(name: str) -> bool:
    """Whether the outlet table knows ``name`` (in any written form, or as displayed)."""
    return _lookup(name.strip().strip(".").lower()) is not None or name in _table().display


def outlet_like(name: str) -> bool:
    """A dateline part that names an outlet: a known one, or a domain ("Aktual.com")."""
    key = name.strip().lower()
    return _lookup(key) is not None or bool(re.search(r"\.\w{2,4}$", key))


def from_url(url: str | None) -> str | None:
    """The outlet of a page URL: a known domain's name, else the bare host."""
    host = (urlparse(url).hostname or "") if url else ""
    host = host.removeprefix("www.").removeprefix("m.")
    if not host:
        return None
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = _table().names.get(".".join(parts[i:]))
        if name:
            return name
    return host  # unknown sites are still better named by their host than not at all


def from_copyright(text: str) -> str | None:
    """The outlet a copyright line names: a known outlet or a domain in it, else the line
    without its legal phrases, years and company forms ("PT", "Tbk")."""
    table = _table()
    low = text.lower()
    found = table.scan.search(low)
    if found:
        return table.names[found.group(0)]
    domain = table.domain.search(low)
    if domain:
        return canonical(domain.group(0))
    first = re.split(r"(?<=\w{3})\.\s", text, maxsplit=1)[0]
    name = _SPACES.sub(" ", table.strip.sub(" ", first)).strip(" .")
    name = table.company.sub("", name).strip()
    if not name or len(_WORDS.findall(name)) > 5:
        return None
    return canonical(name)
