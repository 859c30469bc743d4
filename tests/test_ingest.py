"""Tests for ``kronologi.ingest``: real files written to tmp_path, real trafilatura and warcio.

All article text here is written for these tests (no real article sentences).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kronologi.ingest import DEFAULT_MAX_BYTES, iter_docs
from kronologi.model import DocMeta, RawDoc, Skipped

PARAGRAPHS = (
    "Pemerintah kota Lembahsari mengumumkan perbaikan jembatan tua di tepi sungai pekan depan.",
    "Kepala dinas pekerjaan umum menyebut pengerjaan akan memakan waktu sekitar tiga minggu penuh.",
    "Warga diminta memakai jalan memutar lewat pasar lama selama jembatan ditutup untuk kendaraan.",
)


def article_html(title: str = "Jembatan Tua Lembahsari Diperbaiki", charset: str = "utf-8") -> str:
    """A news page with the usual furniture around three article paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="{charset}">
<title>{title} - Kabar Lembah</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Kabar Lembah">
<meta name="author" content="Sari Kusuma">
<meta property="article:published_time" content="2022-07-14T09:30:00+07:00">
<link rel="canonical" href="https://kabar.example/kota/jembatan"></head><body>
<header><a href="/">Kabar Lembah</a><nav><ul><li><a href="/n">Nasional</a></li>
<li><a href="/k">Kota</a></li><li><a href="/o">Olahraga</a></li></ul></nav></header>
<main><article><h1>{title}</h1>{body}</article>
<aside><h3>Berita Lain</h3><ul><li><a href="/x">Pasar malam dibuka kembali di alun-alun</a></li>
</ul></aside><section id="comments"><div class="comment"><p>Semoga cepat selesai, sudah lama
jembatan itu bergoyang kalau dilewati truk.</p></div></section></main>
<footer><p>Hak cipta 2022 Kabar Lembah. Semua hak dilindungi.</p></footer></body></html>"""


NAV_ONLY_HTML = """<!DOCTYPE html><html><head><title>Kabar Lembah</title></head><body>
<header><nav><a href="/">Beranda</a> | <a href="/p">Politik</a> | <a href="/e">Ekonomi</a></nav>
</header><footer><p>Hak cipta 2022 Kabar Lembah. Semua hak dilindungi undang-undang.</p>
<p>Tentang kami · Kontak · Pedoman media siber</p></footer></body></html>"""


def collect(*paths: str | os.PathLike[str], **kwargs: int) -> list[RawDoc | Skipped]:
    return list(iter_docs(paths, **kwargs))


def good_txt(folder: Path) -> Path:
    """A plain article that sorts after every bad file of a test (names start with 'z')."""
    path = folder / "z_good.txt"
    path.write_text("Judul Berita\n\n" + PARAGRAPHS[0] + "\n", encoding="utf-8")
    return path


# --- formats -----------------------------------------------------------------------------


def test_txt_is_read_and_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    # CRLF line ends, a no-break space and a decomposed é (e + combining acute).
    path.write_bytes("Kafe\u00a0baru\r\ndi kota Lembahsari.\r\nCafe\u0301 itu ramai.".encode())
    [doc] = collect(path)
    assert doc == RawDoc(
        source=str(path),
        text="Kafe baru\ndi kota Lembahsari.\nCafé itu ramai.",
        fmt="txt",
        meta=DocMeta(),
        encoding="utf-8",
    )


def test_html_gives_paragraph_lines_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(article_html(), encoding="utf-8")
    [doc] = collect(path)
    assert isinstance(doc, RawDoc)
    assert doc.fmt == "html" and doc.encoding == "utf-8"
    assert doc.text.split("\n") == ["Jembatan Tua Lembahsari Diperbaiki", *PARAGRAPHS]
    assert doc.meta == DocMeta(
        title="Jembatan Tua Lembahsari Diperbaiki",
        url="https://kabar.example/kota/jembatan",
        date="2022-07-14",
        sitename="Kabar Lembah",
        author="Sari Kusuma",
    )


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "lama.htm"
    title = "Kafé “Sungai” Dibuka"
    path.write_bytes(article_html(title, charset="windows-1252").encode("cp1252"))
    [doc] = collect(path)
    assert isinstance(doc, RawDoc)
    assert doc.encoding == "cp1252"
    assert doc.meta.title == title
    assert doc.text.startswith(title + "\n")


def test_unknown_extension_is_skipped_and_extensionless_sniffed(tmp_path: Path) -> None:
    (tmp_path / "catatan.md").write_text("Catatan rapat warga tentang jembatan.", encoding="utf-8")
    (tmp_path / "halaman").write_text(article_html(), encoding="utf-8")
    (tmp_path / "polos").write_text("Catatan rapat warga tentang jembatan.", encoding="utf-8")
    (tmp_path / "simpanan.php").write_text(article_html(), encoding="utf-8")
    notes, page, plain, saved = collect(tmp_path)
    assert notes == Skipped(str(tmp_path / "catatan.md"), "unsupported file type .md: not read")
    assert isinstance(page, RawDoc) and page.fmt == "html"
    assert page.text.split("\n")[1:] == list(PARAGRAPHS)
    assert isinstance(plain, RawDoc) and plain.fmt == "txt"
    assert isinstance(saved, RawDoc) and saved.fmt == "html"


def test_json_document_and_list(tmp_path: Path) -> None:
    one = tmp_path / "satu.json"
    one.write_text(json.dumps({"title": "Judul", "text": PARAGRAPHS[0], "date": "2023-02-01"}))
    many = tmp_path / "banyak.json"
    many.write_text(json.dumps([{"text": PARAGRAPHS[1]}, {"judul": "tanpa teks"}, 7]))
    broken = tmp_path / "rusak.json"
    broken.write_text('{"text": "tidak ditutup')
    got = collect(tmp_path)
    by_source = {Path(d.source).name: d for d in got}
    assert by_source["satu.json"] == RawDoc(
        str(one), PARAGRAPHS[0], "jsonl", DocMeta(title="Judul", date="2023-02-01"), "utf-8"
    )
    assert isinstance(by_source["banyak.json#1"], RawDoc)
    assert by_source["banyak.json#2"].reason == "JSONL record has no text"
    assert by_source["banyak.json#3"].reason.startswith("JSONL record is not an object")
    assert by_source["rusak.json"].reason.startswith("invalid JSON")


def test_jsonl_records_and_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "topik/2009-04-25/1", "date": "2009-04-25", "text": PARAGRAPHS[0]}),
        '{"text": "kalimat yang tidak pernah ditutup',
        "",
        json.dumps(
            {
                "title": "Jembatan Ditutup",
                "url": "https://kabar.example/a",
                "date": "2009-04-26T22:15:00+07:00",
                "source": "Kabar Lembah",
                "text": PARAGRAPHS[1],
            }
        ),
        json.dumps({"title": "Tanpa isi", "text": "   "}),
        json.dumps({"source": "https://kabar.example/b", "text": PARAGRAPHS[2]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = collect(path)
    src = str(path)
    assert docs[0] == RawDoc(
        source=f"{src}#1",
        text=PARAGRAPHS[0],
        fmt="jsonl",
        meta=DocMeta(date="2009-04-25", record_id="topik/2009-04-25/1"),
        encoding="utf-8",
    )
    assert isinstance(docs[1], Skipped) and docs[1].source == f"{src}#2"
    assert docs[1].reason.startswith("invalid JSON: Unterminated string")
    assert docs[2] == RawDoc(
        source=f"{src}#4",
        text=PARAGRAPHS[1],
        fmt="jsonl",
        meta=DocMeta(
            title="Jembatan Ditutup",
            url="https://kabar.example/a",
            date="2009-04-26",
            sitename="Kabar Lembah",
        ),
        encoding="utf-8",
    )
    assert docs[3] == Skipped(f"{src}#5", "JSONL record has no text")
    assert isinstance(docs[4], RawDoc) and docs[4].meta.url == "https://kabar.example/b"
    assert len(docs) == 5


def test_jsonl_max_bytes_applies_per_record(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    short = json.dumps({"text": "Pendek saja."})
    long = json.dumps({"text": "panjang " * 400})
    path.write_text(f"{long}\n{short}\n", encoding="utf-8")
    first, second = collect(path, max_bytes=1024)
    assert isinstance(first, Skipped) and first.source == f"{path}#1"
    assert first.reason.startswith("record too large")
    assert isinstance(second, RawDoc) and second.text == "Pendek saja."


def test_gzip_variants(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(PARAGRAPHS[0].encode()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(article_html().encode()))
    record = json.dumps({"date": "2010-01-02", "text": PARAGRAPHS[2]})
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(f"{record}\n".encode()))
    txt, page, rec = collect(tmp_path)
    assert isinstance(txt, RawDoc) and (txt.fmt, txt.text) == ("txt", PARAGRAPHS[0])
    assert isinstance(page, RawDoc) and page.fmt == "html"
    assert page.text.split("\n")[1:] == list(PARAGRAPHS)
    assert rec == RawDoc(
        source=f"{tmp_path / 'c.jsonl.gz'}#1",
        text=PARAGRAPHS[2],
        fmt="jsonl",
        meta=DocMeta(date="2010-01-02"),
        encoding="utf-8",
    )


def write_warc(path: Path, *, compress: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=compress)

        def response(uri: str, content_type: str, body: bytes) -> None:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )

        response("https://kabar.example/satu", "text/html; charset=utf-8", article_html().encode())
        response("https://kabar.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
        latin = article_html("Kafé Baru Dibuka", charset="iso-8859-1").encode("latin-1")
        response("https://kabar.example/dua", "text/html; charset=ISO-8859-1", latin)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, compress=name.endswith(".gz"))
    docs = collect(path)
    assert [d.source for d in docs] == [
        f"{path}#https://kabar.example/satu",
        f"{path}#https://kabar.example/dua",
    ]
    first, second = docs
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert first.fmt == second.fmt == "warc"
    assert first.meta.url == "https://kabar.example/satu"
    assert first.meta.date == "2022-07-14"
    assert first.text.split("\n") == ["Jembatan Tua Lembahsari Diperbaiki", *PARAGRAPHS]
    assert second.meta.url == "https://kabar.example/dua"
    assert second.meta.title == "Kafé Baru Dibuka"
    assert second.encoding == "cp1252"  # a latin-1 label is read as windows-1252, like browsers


def test_directories_are_walked_sorted_without_hidden(tmp_path: Path) -> None:
    for rel in ["top.txt", "b/z.txt", "a/x.txt", "a/c/y.txt", ".git/config", "a/.hidden.txt"]:
        file = tmp_path / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"Isi berkas {rel} untuk uji urutan.", encoding="utf-8")
    given = str(tmp_path) + os.sep  # the source keeps the path as the user typed it
    docs = collect(given)
    assert [d.source for d in docs] == [
        given + "a/c/y.txt",
        given + "a/x.txt",
        given + "b/z.txt",
        given + "top.txt",
    ]
    assert all(isinstance(d, RawDoc) for d in docs)


def test_symlink_loop_is_read_once(tmp_path: Path) -> None:
    good_txt(tmp_path)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    docs = collect(tmp_path)
    assert [d.source for d in docs] == [str(tmp_path / "z_good.txt")]


# --- decoding ----------------------------------------------------------------------------


def test_cp1252_file(tmp_path: Path) -> None:
    text = "Kepala desa berkata, “jembatan harus aman” — kafé di seberang tetap buka.\n"
    path = tmp_path / "lama.txt"
    path.write_bytes(text.encode("cp1252"))
    [doc] = collect(path)
    assert isinstance(doc, RawDoc)
    assert doc.text == text
    assert doc.encoding == "cp1252"


def test_latin1_file(tmp_path: Path) -> None:
    text = "Le café était fermé, mais la crème brûlée restait délicieuse à Noël.\nÀ bientôt.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    [doc] = collect(path)
    assert isinstance(doc, RawDoc)
    assert doc.text == text
    # windows-1252 is a superset of latin-1 for text (it only differs in the C1 controls)
    assert doc.encoding in {"cp1252", "iso8859-1", "iso8859-15"}


@pytest.mark.parametrize(("codec", "encoding"), [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")])
def test_byte_order_mark(tmp_path: Path, codec: str, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("Kafé “baru” dibuka.".encode(codec))
    [doc] = collect(path)
    assert doc == RawDoc(str(path), "Kafé “baru” dibuka.", "txt", DocMeta(), encoding)


# --- bad input: one Skipped each, and the next file still comes --------------------------


def undecodable() -> bytes:
    rng = random.Random(0)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(3000))


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\r\n   \n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (PNG image)"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(100), "binary file (JPEG image)"),
    ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document)"),
    ("archive.zip", b"PK\x03\x04" + bytes(40), "binary file (ZIP archive)"),
    ("prog", b"\x7fELF\x02\x01\x01" + bytes(40), "binary file (ELF executable)"),
    ("nul.txt", b"teks dengan\x00byte nol di tengah", "binary file (contains NUL bytes)"),
    ("ctrl.txt", b"ab\x01\x02\x03\x04\x05\x06cd" * 50, "binary file ("),
    ("broken.txt.gz", b"\x1f\x8b\x08\x00garbage-not-deflate", "binary file (gzip data"),
    ("noise.txt", undecodable(), "could not decode text: no encoding fits"),
    ("menu.html", NAV_ONLY_HTML.encode(), "no article text found in HTML"),
    ("notwarc.warc", b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (PNG image)"),
    ("empty.jsonl", b"\n\n  \n", "empty file"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_skipped_and_iteration_goes_on(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = good_txt(tmp_path)
    skipped, doc = collect(tmp_path)
    assert isinstance(skipped, Skipped) and skipped.source == str(bad)
    assert skipped.reason.startswith(reason), skipped.reason
    assert "\n" not in skipped.reason
    assert isinstance(doc, RawDoc) and doc.source == str(good)


def test_large_file_is_skipped_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.write(b"Awal berkas yang sangat besar.\n")
        handle.truncate(50 * 1024 * 1024)  # sparse: fast to make, and never read
    good = good_txt(tmp_path)
    skipped, doc = collect(tmp_path)
    assert skipped == Skipped(str(big), "file too large (50.0 MB > 10.0 MB limit)")
    assert isinstance(doc, RawDoc) and doc.source == str(good)
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


def test_gzip_expanding_past_limit_is_skipped(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5000))
    [skipped] = collect(bomb, max_bytes=1000)
    assert skipped == Skipped(str(bomb), "file too large (over the 0.0 MB limit once decompressed)")


def test_nonexistent_path(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.txt"
    good = good_txt(tmp_path)
    skipped, doc = collect(missing, good)
    assert skipped == Skipped(str(missing), "cannot read: No such file or directory")
    assert isinstance(doc, RawDoc) and doc.source == str(good)


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    good = good_txt(tmp_path)
    skipped, doc = collect(tmp_path)
    assert skipped == Skipped(str(link), "cannot read: broken symlink (its target does not exist)")
    assert isinstance(doc, RawDoc) and doc.source == str(good)


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = good_txt(tmp_path)
    skipped, doc = collect(tmp_path)  # would block forever if the FIFO were opened
    assert skipped == Skipped(str(fifo), "cannot read: not a regular file (a FIFO)")
    assert isinstance(doc, RawDoc) and doc.source == str(good)


def test_parser_error_becomes_one_line_skip(tmp_path: Path) -> None:
    warc = tmp_path / "rusak.warc"
    warc.write_bytes(
        b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
        + b"BUKAN REKAMAN WARC\r\n\r\n"
    )
    good = good_txt(tmp_path)
    skipped, doc = collect(tmp_path)
    assert isinstance(skipped, Skipped) and skipped.source == str(warc)
    # the exception's class, then its message
    assert skipped.reason == (
        "ArchiveLoadFailed: Invalid WARC record, first line: BUKAN REKAMAN WARC"
    )
    assert "\n" not in skipped.reason and "Traceback" not in skipped.reason
    assert isinstance(doc, RawDoc) and doc.source == str(good)


def test_jsonl_line_in_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "lama.jsonl"
    text = "Kafé “Sungai” ramai dikunjungi warga setiap akhir pekan di tepi jembatan tua."
    path.write_bytes(json.dumps({"text": text}, ensure_ascii=False).encode("cp1252") + b"\n")
    [doc] = collect(path)
    assert isinstance(doc, RawDoc)
    assert (doc.text, doc.encoding) == (text, "cp1252")


def test_path_with_nul_character_is_skipped(tmp_path: Path) -> None:
    good = good_txt(tmp_path)
    skipped, doc = collect("bad\x00name.txt", good)
    assert skipped == Skipped("bad\x00name.txt", "cannot read: ValueError: embedded null byte")
    assert isinstance(doc, RawDoc)


def test_timeline17_jsonl_reads_every_line() -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    dump = shared / "data" / "timeline17" / "MJ_bbc" / "articles.jsonl"
    if not dump.exists():
        pytest.skip(f"Timeline17 data not found at {dump} (the shared folder beside the repo)")
    lines = dump.read_bytes().splitlines()
    docs = collect(dump)
    assert len(docs) == len(lines)
    assert all(isinstance(d, RawDoc) and d.fmt == "jsonl" for d in docs)
    first = json.loads(lines[0])
    assert docs[0].source == f"{dump}#1"
    assert docs[0].meta.date == first["date"][:10]
    assert all(len(d.meta.date or "") == 10 for d in docs if isinstance(d, RawDoc))
