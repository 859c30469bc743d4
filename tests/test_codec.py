"""The codec round-trips the whole model tree losslessly through JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields

from kronologi.codec import article_from_dict, article_to_dict, entity_from_dict, entity_to_dict
from kronologi.model import Article, Entity


def test_article_round_trip_through_json(make_article: Callable[..., Article]) -> None:
    article = make_article()
    assert all(getattr(article, f.name) not in (None, (), "none") for f in fields(Article))
    data = json.loads(json.dumps(article_to_dict(article)))
    back = article_from_dict(data)
    assert back == article
    assert isinstance(back.paragraphs, tuple)
    assert isinstance(back.timexes[0], type(article.timexes[0]))


def test_article_dict_is_plain_json(make_article: Callable[..., Article]) -> None:
    data = article_to_dict(make_article())
    assert data["paragraphs"] == list(make_article().paragraphs)
    assert data["published"] == {"date": "2024-06-03", "confidence": 0.9, "evidence": "dateline"}
    assert data["quotes"][0]["speaker"] == "Kepala dinas"
    assert "text" not in data  # a property, derived from paragraphs, is not stored


def test_missing_keys_take_defaults_and_unknown_keys_are_ignored() -> None:
    data = {"id": "abcd1234abcd1234", "source": "a.txt", "language": "en",
            "paragraphs": ["One."], "published": {"date": "2020-01-02", "confidence": 1},
            "from_a_newer_version": True}
    article = article_from_dict(data)
    assert article.published.confidence == 1.0
    assert isinstance(article.published.confidence, float)
    assert article.published.evidence == "none"
    assert article.sentences == ()


def test_entity_round_trip() -> None:
    entity = Entity(id="e-1", name="Amerika Serikat", type="GPE",
                    aliases=("AS", "Washington"), mentions=7, stands_for=None)
    data = json.loads(json.dumps(entity_to_dict(entity)))
    assert data["aliases"] == ["AS", "Washington"]
    assert entity_from_dict(data) == entity
