"""Language packs: per-language knowledge kept as data, not as literals in code.

Each language has a folder (``id/``, ``en/``) of TOML files, one per topic
(``boilerplate.toml``, ``sentences.toml``, ``time.toml``, ``speech.toml`` ...). A stage asks
for ``pack("id")["boilerplate"]`` and gets that file's table; adding a language means adding
a folder, not touching code. Packs are read once per process and cached (they are read-only).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

SUPPORTED = ("id", "en")


@cache
def pack(lang: str) -> MappingProxyType[str, Any]:
    """Return the language pack for ``lang``: a read-only mapping topic -> parsed TOML."""
    if lang not in SUPPORTED:
        raise KeyError(f"no language pack for {lang!r} (have: {', '.join(SUPPORTED)})")
    folder = resources.files(__package__) / lang
    topics: dict[str, Any] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            topics[entry.name.removesuffix(".toml")] = tomllib.loads(entry.read_text("utf-8"))
    return MappingProxyType(topics)


def topic(lang: str, name: str) -> dict[str, Any]:
    """One topic of a pack (e.g. ``topic("id", "time")``); empty if the pack lacks it."""
    return pack(lang).get(name, {})
