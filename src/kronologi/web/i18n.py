"""Interface text in Indonesian (default) and English, read from ``i18n/<lang>.toml``.

Why TOML files and a dict lookup rather than gettext: the interface has a few dozen short
strings, the language packs of the analysis stages are TOML already, and a missing key must
fail loudly in tests rather than fall back silently to the message id.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from importlib import resources

LANGUAGES = ("id", "en")
DEFAULT = "id"


@cache
def strings(lang: str) -> dict[str, str]:
    """All interface strings of ``lang`` (one of :data:`LANGUAGES`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no interface text for language {lang!r}")
    path = resources.files("kronologi.web") / "i18n" / f"{lang}.toml"
    return tomllib.loads(path.read_text("utf-8"))


def pick(requested: str | None, cookie: str | None) -> str:
    """The interface language: an explicit ``?lang=`` first, then the cookie, else Indonesian."""
    for lang in (requested, cookie):
        if lang in LANGUAGES:
            return lang
    return DEFAULT


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)`` for templates: the string of ``key`` with ``{name}`` filled in."""
    table = strings(lang)

    def t(key: str, **values: object) -> str:
        text = table[key]
        return text.format(**values) if values else text

    return t
