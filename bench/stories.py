"""Benchmark: the cost of story clustering as the corpus grows (time and peak memory).

    python bench/stories.py [--sizes 1000 10000 100000] [--batch 1000]

For each size a fresh process generates that many synthetic analysed articles (one story per
eight articles on average, Indonesian and English, with entity mentions, dates and one
syndicated copy in twenty) and feeds them to the story stage's placement
(``kronologi.stories.place``: copy detection + incremental clustering) in batches of
``--batch``, carrying the state from batch to batch as successive runs would. It reports
wall time, articles/second, the time of the last batch against the first (flat when the
cost per article does not grow with the corpus), peak RSS of the process, and B-cubed F1
of the stories against the generated truth (a sanity check, not an accuracy figure: the
synthetic stories are easy).

Generated text is made of invented words, so nothing is copied from real articles; what the
benchmark exercises is the work per article, the index and the growth of the state.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta

from kronologi.model import Article, Mention, Published, Sentence, Timex
from kronologi.stories import StoryState, place

SYLLABLES = ["ka", "lo", "mi", "ra", "tu", "sen", "dar", "pe", "gan", "ri", "bo", "na", "su",
             "ta", "wan", "je", "ko", "lu", "ma", "sa", "di", "ru", "ha", "pin"]
ARTICLES_PER_STORY = 8
SENTENCES = 10
WORDS = 14
STORY_WORDS = 30
COPY_SHARE = 20  # one article in this many is a syndicated copy of an earlier one


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _article_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def generate(n: int, seed: int = 11) -> tuple[list[Article], dict[str, str]]:
    """``n`` articles and the story each belongs to."""
    rng = random.Random(seed)
    common = [_word(rng, 3) for _ in range(3000)]
    n_stories = max(1, n // ARTICLES_PER_STORY)
    start = date(2020, 1, 1)
    stories = []
    for s in range(n_stories):
        words = [_word(rng, 3) for _ in range(STORY_WORDS)]
        people = [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(3)]
        place_name = _word(rng, 3).title()
        day = start + timedelta(days=rng.randrange(1500))
        stories.append((f"t{s}", words, people, place_name, day))
    arts: list[Article] = []
    truth: dict[str, str] = {}
    for i in range(n):
        if arts and i % COPY_SHARE == 0:
            src = rng.choice(arts)
            paragraphs = (*src.paragraphs[:-1], "Salinan " + _word(rng, 2))
            copy = Article(_article_id("\n\n".join(paragraphs)), f"gen/{i}", src.language,
                           paragraphs, title=src.title, published=src.published,
                           sentences=_sentences(paragraphs), timexes=src.timexes,
                           mentions=src.mentions)
            arts.append(copy)
            truth[copy.id] = truth[src.id]
            continue
        sid, words, people, place_name, day = rng.choice(stories)
        lang = "en" if rng.random() < 0.2 else "id"
        pub = day + timedelta(days=rng.randrange(10))
        paragraphs = []
        mentions = []
        for k in range(SENTENCES):
            person = rng.choice(people)
            body = [rng.choice(words) if rng.random() < 0.5 else rng.choice(common)
                    for _ in range(WORDS)]
            text = f"{person} di {place_name} {' '.join(body)} {i} {k}."
            paragraphs.append(text)
            mentions.append(Mention(k, person, 0, len(person), "PER",
                                    "e-" + person.lower().replace(" ", "-")))
            mentions.append(Mention(k, place_name, len(person) + 4,
                                    len(person) + 4 + len(place_name), "LOC",
                                    "e-" + place_name.lower()))
        text = "\n\n".join(paragraphs)
        art = Article(_article_id(text), f"gen/{i}", lang, tuple(paragraphs),
                      title=" ".join(rng.sample(words, 4)),
                      published=Published(pub.isoformat(), 0.9, "generated"),
                      sentences=_sentences(tuple(paragraphs)),
                      timexes=(Timex(0, "kemarin", 0, 7, (pub - timedelta(days=1)).isoformat(),
                                     "date", "published", 0.9),),
                      mentions=tuple(mentions))
        arts.append(art)
        truth[art.id] = sid
    return arts, truth


def _sentences(paragraphs: Sequence[str]) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for i, p in enumerate(paragraphs):
        out.append(Sentence(i, p, pos, pos + len(p), i))
        pos += len(p) + 2
    return tuple(out)


def bcubed_f1(pred: dict[str, str], gold: dict[str, str]) -> float:
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for k in gold:
        by_pred.setdefault(pred[k], set()).add(k)
        by_gold.setdefault(gold[k], set()).add(k)
    p = sum(len(by_pred[pred[k]] & by_gold[gold[k]]) / len(by_pred[pred[k]]) for k in gold)
    r = sum(len(by_pred[pred[k]] & by_gold[gold[k]]) / len(by_gold[gold[k]]) for k in gold)
    p, r = p / len(gold), r / len(gold)
    return 2 * p * r / (p + r)


def worker(n: int, batch: int) -> dict[str, float]:
    arts, truth = generate(n)
    state = StoryState()
    batch_times = []
    t0 = time.perf_counter()
    for s in range(0, n, batch):
        b0 = time.perf_counter()
        place(arts[s : s + batch], state)
        batch_times.append(time.perf_counter() - b0)
    total = time.perf_counter() - t0
    pred = {a.id: state.story_of(a.id) or "" for a in arts}
    gold = {a.id: truth[a.id] for a in arts}
    return {
        "articles": n,
        "seconds": total,
        "per_second": n / total,
        "first_batch_ms_per_article": 1000 * batch_times[0] / min(batch, n),
        "last_batch_ms_per_article": 1000 * batch_times[-1] / (n - batch * (len(batch_times) - 1)),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stories": len(state.cluster.stories),
        "bcubed_f1": bcubed_f1(pred, gold),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.batch)))
        return 0
    print(f"{'articles':>9} {'seconds':>9} {'art/s':>8} {'ms/art first':>13} "
          f"{'ms/art last':>12} {'peak MB':>8} {'stories':>8} {'B3 F1':>6}")
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--worker", str(n), "--batch",
                              str(args.batch)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout)
        rows.append(r)
        print(f"{r['articles']:>9} {r['seconds']:>9.1f} {r['per_second']:>8.0f} "
              f"{r['first_batch_ms_per_article']:>13.2f} {r['last_batch_ms_per_article']:>12.2f} "
              f"{r['peak_rss_mb']:>8.0f} {r['stories']:>8} {r['bcubed_f1']:>6.3f}", flush=True)
    for a, b in itertools.pairwise(rows):
        grow = b["articles"] / a["articles"]
        print(f"x{grow:.0f} articles: time x{b['seconds'] / a['seconds']:.1f}, "
              f"peak memory x{b['peak_rss_mb'] / a['peak_rss_mb']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
