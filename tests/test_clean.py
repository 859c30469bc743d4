"""The cleaning stage on invented crawl text with every kind of noise, and on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kronologi.clean import article_id, clean
from kronologi.model import Article, DocMeta, RawDoc, Skipped
from kronologi.outlets import canonical, from_copyright

NOISY = """Nasional

Pemkot Bogor Tambah Pompa Air Jelang Puncak Musim Hujan

Petugas memeriksa pompa di rumah pompa Cibalok.

Petugas memeriksa pompa di rumah pompa Cibalok.

ANTARA FOTO/Arif Budiman
Bogor, Kompas.com – Pemerintah Kota Bogor menambah enam pompa air bergerak menjelang puncak musim hujan, Senin (7/11).

Kepala dinas pekerjaan umum kota itu mengatakan pompa baru akan ditempatkan di tiga kelurahan yang paling sering tergenang sejak awal tahun.

"Kami tidak mau menunggu air masuk rumah warga dulu," ujarnya kepada wartawan di Balai Kota.

Baca juga: Lima Kelurahan di Bogor Rawan Genangan

Workers check a pump in Bogor, West Java, on Monday as the rainy season reaches its peak.

Anggaran pengadaan pompa tersebut berasal dari dana belanja tidak terduga tahun ini dan sudah disetujui dewan pada pekan lalu.

Penulis: Rina Wulandari
Editor: Hendra Saputra

Copyright © 2022 Kompas.com

Tulis komentar

Bagikan

Situs ini menggunakan cookie untuk meningkatkan pengalaman Anda. Dengan melanjutkan, Anda setuju.

Terima
"""


def _doc(text: str, source: str = "noisy.txt", **meta: str) -> RawDoc:
    return RawDoc(source=source, text=text, fmt="txt", meta=DocMeta(**meta))


def _clean(text: str, **meta: str) -> Article:
    out = clean(_doc(text, **meta))
    assert isinstance(out, Article), out
    return out


def test_every_noise_kind_removed_with_its_reason() -> None:
    a = _clean(NOISY)
    lines = NOISY.split("\n")
    by_line = {r.line: r.reason for r in a.removed}
    expected = {
        "Nasional": "section-label",
        "Petugas memeriksa pompa di rumah pompa Cibalok.": "repeated-caption",
        "ANTARA FOTO/Arif Budiman": "credit",
        "Baca juga: Lima Kelurahan di Bogor Rawan Genangan": "read-more",
        "Penulis: Rina Wulandari": "author",
        "Editor: Hendra Saputra": "author",
        "Copyright © 2022 Kompas.com": "copyright",
        "Tulis komentar": "comment-prompt",
        "Bagikan": "navigation",
        "Terima": "cookie-banner",
    }
    for no, line in enumerate(lines, start=1):
        if line in expected:
            assert by_line.get(no) == expected[line], (no, line)
    assert any(r.reason == "foreign-caption" and r.text.startswith("Workers") for r in a.removed)
    assert any(r.reason == "cookie-banner" and "cookie" in r.text for r in a.removed)
    for r in a.removed:
        assert r.text not in a.text


def test_body_paragraphs_kept_title_outlet_dateline() -> None:
    a = _clean(NOISY)
    assert a.title == "Pemkot Bogor Tambah Pompa Air Jelang Puncak Musim Hujan"
    assert a.outlet == "Kompas.com"
    assert a.dateline == "Bogor"
    assert a.language == "id"
    assert len(a.paragraphs) == 4
    assert a.paragraphs[0].startswith("Pemerintah Kota Bogor menambah enam pompa")
    assert a.paragraphs[2].startswith('"Kami tidak mau')
    assert a.author == "Rina Wulandari"


def test_outlet_from_dateline_when_no_copyright() -> None:
    text = (
        "JAKARTA (Antara) - Badan Meteorologi memperkirakan hujan lebat turun di sebagian besar "
        "wilayah Jawa bagian barat selama tiga hari ke depan, sehingga warga di bantaran sungai "
        "diminta waspada terhadap kenaikan muka air.\n\nPetugas juga menyiapkan perahu karet "
        "di lima titik yang dianggap paling rawan banjir oleh pemerintah daerah setempat."
    )
    a = _clean(text)
    assert a.outlet == "Antara"
    assert a.outlet_evidence == "dateline"
    assert a.dateline == "JAKARTA"
    assert a.paragraphs[0].startswith("Badan Meteorologi")


def test_metadata_title_and_sitename_win() -> None:
    a = _clean(NOISY, title="Judul dari Metadata", sitename="kompas.com")
    assert a.title == "Judul dari Metadata"
    assert a.title_evidence == "metadata"
    assert a.outlet == "Kompas.com"


def test_glued_words_repaired_and_recorded() -> None:
    text = (
        "Seorang pejabat, seperti dikutipReuters, menyatakan rombongan itu termotivasi "
        "untukmengirim bantuan secepatnya ke wilayah yang terdampak gempa di pesisir barat "
        "pulau tersebut, dan pemerintah daerah telah menyiapkan gudang logistik sementara."
    )
    a = _clean(text)
    assert "dikutip Reuters" in a.text
    assert "untuk mengirim" in a.text
    assert {r.before for r in a.repairs} == {"dikutipReuters", "untukmengirim"}


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "Warga Kampung Melayu mulai membersihkan rumah mereka setelah air\n"
        "surut pada Rabu pagi, meski lumpur setebal belasan sentimeter masih\n"
        "menutupi lantai sebagian besar rumah di bantaran sungai itu.\n\n"
        "Relawan membagikan air bersih dan alat kebersihan kepada ratusan keluarga yang "
        "terdampak banjir sejak awal pekan."
    )
    a = _clean(text)
    assert len(a.paragraphs) == 2
    assert "setelah air surut pada Rabu pagi" in a.paragraphs[0]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Home News Sport", "not a news article: only 3 words"),
        ("Das ist ein Text auf Deutsch, der nicht indonesisch ist. " * 10, "unsupported language"),
        ("\n\n   \n", "no text"),
    ],
)
def test_non_news_is_skipped_with_reason(text: str, reason: str) -> None:
    out = clean(_doc(text))
    assert isinstance(out, Skipped)
    assert out.reason.startswith(reason)


def test_prose_mentioning_cookies_is_not_a_banner() -> None:
    text = (
        "Kementerian Komunikasi menyatakan situs pemerintah yang menggunakan cookie pelacak "
        "wajib meminta persetujuan pengguna sebelum mengumpulkan data pribadi, sesuai aturan "
        "perlindungan data yang berlaku penuh mulai tahun depan dan mengikat semua lembaga. "
        "Aturan itu juga mengatur sanksi administratif bagi pengelola situs yang melanggar."
    )
    a = _clean(text)
    assert a.removed == ()


def test_article_id_is_stable_under_whitespace_changes() -> None:
    assert article_id("Satu  dua\ntiga") == article_id("Satu dua tiga")
    assert article_id("Satu dua tiga") != article_id("Satu dua empat")
    assert len(article_id("x")) == 16


def test_canonical_outlet() -> None:
    assert canonical("kompas.com") == "Kompas.com"
    assert canonical("Some Unknown Daily") == "Some Unknown Daily"


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("COPYRIGHT © ANTARA 2022", "Antara"),
        ("Hak cipta © 2022 CNN Indonesia. Seluruh hak dilindungi.", "CNN Indonesia"),
        ("Copyright @ 2026 detik.com, detiknetwork", "Detik.com"),
        ("© 2024 PT Warta Nusantara Abadi Tbk", "Warta Nusantara Abadi"),
        ("Copyright © 2016 - Mbahwo.net", "Mbahwo.net"),
    ],
)
def test_outlet_from_copyright_line(line: str, outlet: str) -> None:
    assert from_copyright(line) == outlet


PROSE_TRAPS = [
    # a list item that starts like "(c)"
    "(c) melaporkan setiap perubahan harga kepada dinas perdagangan paling lambat tiga hari.",
    # English prose that starts like a cookie banner or a byline
    "We use the data from the survey to plan new bus routes across the northern districts.",
    "By the end of next year, the ministry expects every village to have a health post.",
    # prose about copyright law and about cookie consent
    "Hak cipta atas sebuah lagu, kata pengacara itu, semestinya dilindungi tanpa pendaftaran.",
]


@pytest.mark.parametrize("trap", PROSE_TRAPS)
def test_prose_that_looks_like_boilerplate_is_kept(trap: str) -> None:
    lang_body = (
        "Pemerintah kota mengumumkan rencana baru untuk memperbaiki jalan di lima kecamatan "
        "yang rusak akibat banjir pada awal bulan ini, dan pekerjaan akan dimulai pekan depan."
    )
    english = trap.startswith(("We ", "By "))
    body = (
        "The city announced a new plan to repair roads in five districts damaged by the "
        "floods earlier this month, and the work will start next week."
        if english
        else lang_body
    )
    a = _clean(f"{body}\n\n{trap}\n\n{body.replace('lima', 'enam').replace('five', 'six')}")
    assert trap in a.text, [r for r in a.removed]


def test_paragraph_printed_twice_later_keeps_first_copy() -> None:
    para = (
        "Petugas gabungan menutup jalur utama menuju pasar selama dua jam untuk memberi ruang "
        "bagi iring-iringan truk bantuan yang datang dari ibu kota provinsi."
    )
    other = (
        "Warga diminta memakai jalan alternatif melalui desa sebelah yang sudah diperbaiki "
        "sejak pekan lalu dan kini bisa dilalui kendaraan roda empat."
    )
    a = _clean(f"{para}\n\n{other}\n\n{para}")
    assert a.text.count("Petugas gabungan") == 1
    assert [r.reason for r in a.removed] == ["repeated-caption"]


def test_body_list_at_the_end_is_kept() -> None:
    text = (
        "Pemerintah provinsi membagi dana bantuan banjir kepada tiga kabupaten yang paling "
        "parah terdampak, sesuai keputusan rapat koordinasi pada Senin.\n\n"
        "Rinciannya sebagai berikut:\n- Demak: Rp 2 miliar\n- Kudus: Rp 1,5 miliar\n"
        "- Pati: Rp 1 miliar"
    )
    a = _clean(text)
    assert "- Kudus: Rp 1,5 miliar" in a.text


def test_short_indonesian_article_is_not_rejected_as_foreign() -> None:
    text = (
        "Warga Desa Sukamaju gotong royong membersihkan saluran air menjelang musim hujan. "
        "Kepala desa mengatakan kegiatan itu rutin setiap tahun. Sekitar seratus orang ikut "
        "bekerja sejak pagi hingga siang."
    )
    assert _clean(text).language == "id"


def test_long_english_caption_twice_does_not_flip_the_language() -> None:
    caption = (
        "Residents of the flooded district carry their belongings through the water on Monday "
        "after the river burst its banks during the night. REUTERS/Staff Photographer"
    )
    body = (
        "Warga mengungsi ke balai desa setelah sungai meluap pada malam hari. Petugas "
        "mendirikan dapur umum untuk mereka dan membagikan selimut, air bersih, serta obat "
        "kepada anak-anak yang mulai demam."
    )
    a = _clean(f"{caption}\n\n{caption}\n\n{body}")
    assert a.language == "id"
    assert "Warga mengungsi" in a.text


def _seed_articles(seeds_dir: Path) -> dict[str, Article]:
    out = {}
    for f in sorted(seeds_dir.glob("*.txt")):
        a = clean(RawDoc(str(f), f.read_text("utf-8"), "txt"))
        assert isinstance(a, Article)
        out[f.name[:3]] = a
    return out


def test_seeds_titles_outlets_and_no_noise_left(seeds_dir: Path) -> None:
    arts = _seed_articles(seeds_dir)
    assert len(arts) == 5
    assert {k: a.outlet for k, a in arts.items()} == {
        "000": "Rossiyskaya Gazeta",
        "001": "Mbahwo.net",
        "002": "Aktual.com",
        "003": "Rossiyskaya Gazeta",
        "004": "Rossiyskaya Gazeta",
    }
    for a in arts.values():
        assert a.title
        low = a.text.lower()
        for needle in ("kuki", "cookie", "comment", "copyright", "hak cipta", "to top", "ditulis oleh"):
            assert needle not in low, (a.source, needle)
    # the English wire caption of 001 is gone, as foreign-caption
    assert any(r.reason == "foreign-caption" for r in arts["001"].removed)
    assert "photo" not in arts["001"].text.lower()
    # glued words of 001 and 003 are repaired
    assert "untuk mengirim" in arts["001"].text
    assert "dikutip Sputnik" in arts["003"].text


def test_seeds_every_body_line_kept(seeds_dir: Path) -> None:
    """Every line the cleaner did not remove, and is not the title, is in the text."""
    for f in sorted(seeds_dir.glob("*.txt")):
        a = clean(RawDoc(str(f), f.read_text("utf-8"), "txt"))
        assert isinstance(a, Article)
        removed = {r.line for r in a.removed}
        body_lines = [
            (no, line.strip())
            for no, line in enumerate(f.read_text("utf-8").split("\n"), 1)
            if line.strip() and no not in removed and line.strip() != a.title
        ]
        assert len(body_lines) >= 8
        flat = " ".join(a.text.split())
        for _no, line in body_lines:
            # the dateline prefix is split off and glued words repaired: compare the tail
            probe = " ".join(line.split()[-6:])
            repaired = probe
            for r in a.repairs:
                repaired = repaired.replace(r.before, r.after)
            assert probe in flat or repaired in flat, (f.name, _no)
