"""Lossless JSON-safe round trip of the data model (``Article``, ``Entity`` and their parts).

Why: the store keeps each article's whole annotated tree as one JSON payload, and worker
processes or caches may pass articles as plain dicts. The codec is driven by
``dataclasses.fields`` and the resolved type hints of ``kronologi.model``, so a field added
to the model later round-trips without touching this file.

Why hand-written: ``dataclasses.asdict`` only goes one way, and libraries that go both ways
(cattrs, dacite, pydantic) would add a dependency for about forty lines; the model only uses
``None``, ``str``/``int``/``float``/``bool``, optionals, homogeneous tuples, lists, dicts and
nested dataclasses, which is all this module handles.

Reading is tolerant in the direction stored data needs: keys missing from a dict take the
field's default (payloads written before a field existed) and unknown keys are ignored
(payloads written by a newer version that had an extra field).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar

from kronologi.model import Article, Entity

T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    """Turn a model value into JSON-safe data: dataclasses → dicts, tuples → lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of a dataclass (the model uses postponed annotations)."""
    return typing.get_type_hints(cls)


def from_jsonable(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from what :func:`to_jsonable` produced."""
    if tp is Any or data is None:
        return data
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"codec cannot decide between the types of {tp!r}")
        return from_jsonable(options[0], data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in data)
        return tuple(from_jsonable(a, v) for a, v in zip(args, data, strict=True))
    if origin is list:
        return [from_jsonable(args[0] if args else Any, v) for v in data]
    if origin is dict:
        value_type = args[1] if args else Any
        return {k: from_jsonable(value_type, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_from(tp, data)
    if tp is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)  # JSON writers may print 1.0 as 1
    return data


def _dataclass_from(cls: type[T], data: dict[str, Any]) -> T:
    hints = _hints(cls)
    kwargs = {
        f.name: from_jsonable(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.init and f.name in data
    }
    return cls(**kwargs)


def article_to_dict(article: Article) -> dict[str, Any]:
    """The whole article tree as JSON-safe dicts and lists."""
    return to_jsonable(article)


def article_from_dict(data: dict[str, Any]) -> Article:
    """Inverse of :func:`article_to_dict`."""
    return _dataclass_from(Article, data)


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    """A corpus entity as a JSON-safe dict."""
    return to_jsonable(entity)


def entity_from_dict(data: dict[str, Any]) -> Entity:
    """Inverse of :func:`entity_to_dict`."""
    return _dataclass_from(Entity, data)
