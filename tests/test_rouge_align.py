"""The alignment-based timeline ROUGE of ``eval/rouge_align.py`` on cases worked out by hand.

The expected figures of the three small timelines below were also computed with tilse 0.2.1
itself (Perl ROUGE-1.5.5, ``align_date_content_costs_many_to_one``) and agree to six decimals;
the arithmetic of the first is spelled out in its test.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

pytest.importorskip("nltk", reason="the evaluation's Porter stemmer comes from nltk (dev extra)")

from rouge_align import (
    align_many_to_one,
    align_rouge,
    approx_rouge1_f,
    date_f1,
    rouge_counts,
    tokens,
)

D = date


def test_tokens_follow_rouge155_with_stemming_and_stopwords() -> None:
    # stop words ("the", "were", "and", "s") go; "-" splits; tokens of three letters or
    # fewer are not stemmed; "fled" and "geese" go through the WordNet exception list, the rest through
    # Porter (the Perl script gives the same stems: "died" -> "di", "July" -> "juli")
    assert tokens(["The wells were capped, and BP's CEO fled home; the geese died in mid-July."]) == [
        "well", "cap", "bp", "ceo", "flee", "home", "goose", "di", "mid", "juli"]


def test_rouge_counts_clip_and_cross_sentence_bigrams() -> None:
    c1 = rouge_counts(["oil spill grows"], ["oil spill spreads"], 1)
    assert (c1.hits, c1.pred, c1.ref) == (2, 3, 3)
    c2 = rouge_counts(["oil spill grows"], ["oil spill spreads"], 2)
    assert (c2.hits, c2.pred, c2.ref) == (1, 2, 2)
    # bigrams run across the sentence boundary, as when the Perl script joins the lines
    c3 = rouge_counts(["oil spill", "grows"], ["oil spill grows"], 2)
    assert (c3.hits, c3.pred, c3.ref) == (2, 2, 2)
    # clipping: a repeated word matches at most as often as the reference has it
    c4 = rouge_counts(["spill spill spill"], ["spill"], 1)
    assert (c4.hits, c4.pred, c4.ref) == (1, 3, 1)


def test_approximate_rouge_ignores_punctuation_tokens_only() -> None:
    # "rig" matches; P = 1/2, R = 1/3, F = 0.4; "." is ignored, case matters
    assert approx_rouge1_f(["rig sinks ."], ["rig explodes gulf"]) == pytest.approx(0.4)
    assert approx_rouge1_f(["Rig"], ["rig"]) == 0.0


def test_hand_computed_alignment_many_to_one() -> None:
    pred = {D(2010, 4, 21): ["rig sinks"]}
    ref = {D(2010, 4, 20): ["rig explodes gulf"], D(2010, 4, 22): ["rig sinks"]}
    # precision: 04-21 -> 04-20 costs 0.5 * (1 - 0.4) = 0.3, -> 04-22 costs 0.5 * 0 = 0
    assert align_many_to_one(pred, ref, pred_is_source=True) == {D(2010, 4, 21): D(2010, 4, 22)}
    # recall: both reference dates take the only predicted date (many-to-one)
    assert align_many_to_one(ref, pred, pred_is_source=False) == {
        D(2010, 4, 20): D(2010, 4, 21), D(2010, 4, 22): D(2010, 4, 21)}
    r1 = align_rouge(pred, ref, 1)
    # P = (1/2 * 2 hits) / 2 = 0.5;  R = (1/2 * 1 + 1/2 * 2) / (3 + 2) = 0.3;  F = 0.375
    assert (r1.precision, r1.recall, r1.f1) == pytest.approx((0.5, 0.3, 0.375))
    r2 = align_rouge(pred, ref, 2)
    # P = (1/2 * 1) / 1;  R = (0 + 1/2 * 1) / (2 + 1) = 1/6;  F = 0.25
    assert (r2.precision, r2.recall, r2.f1) == pytest.approx((0.5, 1 / 6, 0.25))


def test_same_day_with_inflections_matches_tilse() -> None:
    pred = {D(2010, 6, 25): ["The singer died at home ."]}
    ref = {D(2010, 6, 25): ["Singer dies at his home in Los Angeles ."]}
    r1, r2 = align_rouge(pred, ref, 1), align_rouge(pred, ref, 2)
    assert (r1.precision, r1.recall, r1.f1) == pytest.approx((1.0, 0.6, 0.75))
    assert (r2.precision, r2.recall, r2.f1) == pytest.approx((1.0, 0.5, 2 / 3))


def test_three_reference_dates_matches_tilse() -> None:
    pred = {D(2010, 5, 1): ["Engineers cap the leaking well ."],
            D(2010, 5, 3): ["BP 's chief executive resigns after criticism ."]}
    ref = {D(2010, 5, 2): ["The well is capped by engineers ."],
           D(2010, 5, 10): ["Chief executive Tony Hayward resigns ."],
           D(2010, 6, 1): ["Cleanup crews reach the coast ."]}
    r1, r2 = align_rouge(pred, ref, 1), align_rouge(pred, ref, 2)
    assert (r1.precision, r1.recall, r1.f1) == pytest.approx((0.125, 0.125, 0.125))
    assert (r2.precision, r2.recall, r2.f1) == pytest.approx((0.0, 0.015625, 0.0))


def test_empty_prediction_scores_zero() -> None:
    r = align_rouge({}, {D(2010, 1, 1): ["quake hits capital"]}, 1)
    assert (r.precision, r.recall, r.f1) == (0.0, 0.0, 0.0)


def test_date_f1() -> None:
    s = date_f1([D(2010, 1, 1), D(2010, 1, 2)], [D(2010, 1, 2), D(2010, 1, 3), D(2010, 1, 4)])
    assert (s.precision, s.recall) == pytest.approx((0.5, 1 / 3))
    assert s.f1 == pytest.approx(0.4)
