"""Speed of the entity stage: mentions per article, quotes (when that stage exists), aliases.

    python bench/entities.py [--articles 1000] [--sentences 16]

Builds a corpus by recombining sentences written for this benchmark (officials with roles,
agencies, Arabic names, capitals used as actors, quotes), ~16 sentences an article like the
seed articles, splits them with ``kronologi.analyse.sentences`` (not timed) and times, in one
process (one core):

* ``entities.annotate`` per article;
* ``quotes.annotate`` per article, if ``kronologi.analyse.quotes`` is importable;
* ``aliases.resolve`` over the whole corpus;

and prints articles/second for each and for the whole entity(+quote) stage, plus the peak
resident memory of the process. Rates are per CPU second of this process (``process_time``),
so they measure one core even when other work shares the machine; wall time is shown beside.
"""

from __future__ import annotations

import argparse
import importlib
import random
import resource
import time
from collections.abc import Callable

from kronologi.analyse import aliases, entities, sentences
from kronologi.model import Article

BANK = [
    "Menteri Luar Negeri Rusia Sergei Lavrov menerima utusan PBB di Moskow pada Senin.",
    "Juru bicara Kremlin, Dmitry Peskov, menyebut perundingan itu belum selesai.",
    "Lavrov menilai Washington terlalu lambat menanggapi usulan gencatan senjata.",
    "“Kami menunggu jawaban tertulis,” kata Peskov kepada kantor berita TASS.",
    "Menteri Luar Negeri AS John Kerry tiba di Jenewa untuk putaran baru pembicaraan.",
    "Kerry mengatakan pihaknya siap membuka jalur bantuan kemanusiaan.",
    "Gedung Putih belum mengomentari laporan yang dikutip Reuters tersebut.",
    "Pasukan pemerintah Suriah merebut distrik al-Mashhad setelah pertempuran dua hari.",
    "Kelompok Jabhat Fateh al-Sham menolak menarik diri dari kota itu.",
    "Letnan Jenderal Ahmad al-Hassan memimpin operasi di sebelah barat Aleppo.",
    "Wakil Menteri Luar Negeri Rusia Mikhail Bogdanov bertemu Duta Besar Turki di Ankara.",
    "Bogdanov menyebut Damaskus setuju membuka dua koridor baru.",
    "Dewan Keamanan PBB menggelar sidang darurat atas permintaan Prancis dan Inggris.",
    "Xinhua melaporkan warga turun ke jalan setelah kabar itu tersiar.",
    "Juru bicara Kementerian Pertahanan Rusia Mayor Jenderal Igor Konashenkov membantah "
    "tuduhan itu.",
    "Konashenkov menambahkan bahwa pesawat Rusia tidak terbang di wilayah tersebut.",
    "Presiden Joko Widodo menerima Perdana Menteri Malaysia di Istana Negara, Jakarta.",
    "Ia meminta kedua negara mempercepat perundingan batas laut.",
    "Kapolda Metro Jaya Irjen Fadil Imran memastikan pengamanan berjalan lancar.",
    "Gubernur DKI Jakarta Anies Baswedan meninjau banjir di Kampung Melayu.",
    "Menurut Anies, pompa air di kawasan itu sudah bekerja sejak pagi.",
    "Badan Nasional Penanggulangan Bencana mencatat 300 rumah terendam.",
    "“Kami terus memantau ketinggian air,” ujar Kepala BNPB Doni Monardo.",
    "Sang menteri kemudian meninggalkan ruangan tanpa menjawab pertanyaan.",
    "Sementara itu, militan an-Nusra dilaporkan mundur ke perbatasan.",
    "Front al-Nusra mengklaim serangan di pinggiran Idlib pada Selasa malam.",
    "Beijing menyerukan semua pihak menahan diri, kata juru bicara Kementerian Luar Negeri "
    "Tiongkok.",
    "Kantor berita RIA Novosti mengutip sumber diplomatik yang enggan disebut namanya.",
    "Sergey Lavrov juga dijadwalkan berkunjung ke Beograd pekan depan.",
    "Peskov menegaskan Moskow tidak akan menarik pasukannya dalam waktu dekat.",
    "Direktur Komite Keamanan Suriah menyebut ribuan warga telah dievakuasi.",
    "Harga beras di Pasar Induk Cipinang naik dua persen sepanjang pekan ini.",
    "Direktur Utama Bulog Budi Waseso menjamin stok beras cukup hingga akhir tahun.",
    "Budi menyebut impor tidak diperlukan sampai musim panen berikutnya.",
    "Komisi Pemberantasan Korupsi menahan seorang pejabat Kementerian Pertanian.",
    "Juru bicara KPK Ali Fikri mengatakan penahanan dilakukan selama 20 hari.",
]


def corpus(n_articles: int, per_article: int, seed: int = 7) -> list[Article]:
    """``n_articles`` articles of ``per_article`` sentences drawn from the bank, split."""
    rng = random.Random(seed)
    out = []
    for i in range(n_articles):
        picked = rng.sample(BANK, per_article)
        paragraphs = tuple(" ".join(picked[k : k + 2]) for k in range(0, per_article, 2))
        article = Article(id=f"bench-{i:05d}", source=f"bench/{i}.txt", language="id",
                          paragraphs=paragraphs)
        out.append(sentences.annotate(article))
    return out


def timed(label: str, n: int, run: Callable[[], object]) -> float:
    """Run once; print and return its CPU seconds (wall seconds shown beside them)."""
    w0, c0 = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    print(f"  {label:<28} {cpu:6.2f} s CPU  {n / cpu:7,.0f} articles/s per core  "
          f"(wall {wall:.2f} s)")
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=16)
    args = parser.parse_args()

    articles = corpus(args.articles, args.sentences)
    n = len(articles)
    entities.annotate(articles[0])  # load the model and the language packs once
    print(f"{n} articles, {sum(len(a.sentences) for a in articles)} sentences, one process")

    annotated: list[Article] = []
    total = timed(
        "entities.annotate", n, lambda: annotated.extend(map(entities.annotate, articles))
    )
    try:
        quotes = importlib.import_module("kronologi.analyse.quotes")
    except ImportError:
        print("  quotes.annotate              (kronologi.analyse.quotes not importable: skipped)")
    else:
        quoted: list[Article] = []
        total += timed("quotes.annotate", n, lambda: quoted.extend(map(quotes.annotate, annotated)))
        annotated = quoted
    result: list[object] = []
    total += timed("aliases.resolve (corpus)", n, lambda: result.append(aliases.resolve(annotated)))
    _, found = result[0]
    print(f"  {'whole entity(+quote) stage':<28} {total:6.2f} s CPU  {n / total:7,.0f} "
          "articles/s per core")
    print(f"  entities: {len(found)}; mentions: {sum(len(a.mentions) for a in annotated)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
