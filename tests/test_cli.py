"""The command line end to end: analyze, ingest, articles, show, demo; bad input; exit codes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kronologi.cli import app
from kronologi.export import CONTRACT_KEYS

runner = CliRunner()

ARTICLE = """Jembatan Gantung di Lebak Putus Diterjang Arus

Lebak, Kompas.com – Sebuah jembatan gantung yang menghubungkan dua desa di Kabupaten Lebak putus diterjang arus sungai yang meluap pada Selasa (8/11) sore.

Kepala desa setempat mengatakan tidak ada korban jiwa, tetapi ratusan pelajar kini harus memutar sejauh tujuh kilometer untuk mencapai sekolah mereka.

"Kami minta pemerintah kabupaten segera membangun jembatan darurat," ujarnya.

Copyright © 2022 Kompas.com
"""

SECOND = """Harga Cabai Rawit di Pasar Induk Naik Dua Kali Lipat

Jakarta (Antara) - Harga cabai rawit merah di sejumlah pasar induk naik hampir dua kali lipat dalam sepekan terakhir karena pasokan dari sentra produksi berkurang akibat hujan.

Para pedagang memperkirakan harga baru akan turun setelah panen raya di beberapa daerah pada akhir bulan depan.
"""


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one file per bad-input kind; return name -> expected reason prefix."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    big = folder / "huge.txt"
    with big.open("wb") as f:
        f.write(b"kata " * 100)
        f.truncate(50 * 1024 * 1024)
    rng = random.Random(0)
    (folder / "undecodable.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    (folder / "nav-only.html").write_text(
        "<html><body><nav><a href='/'>Beranda</a><a href='/x'>Nasional</a></nav>"
        "<footer>© 2022</footer></body></html>",
        encoding="utf-8",
    )
    (folder / "broken-link.txt").symlink_to(folder / "does-not-exist.txt")
    (folder / "zz-duplicate.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "menu.txt").write_text("Beranda\nNasional\nOlahraga\n", encoding="utf-8")
    (folder / "german.txt").write_text(
        "Die Regierung hat am Dienstag neue Regeln für den Verkehr in der Stadt beschlossen. " * 5,
        encoding="utf-8",
    )
    return {
        "empty.txt": "empty file",
        "image.txt": "binary file",
        "huge.txt": "file too large",
        "undecodable.txt": "could not decode",
        "nav-only.html": "no article text",
        "broken-link.txt": "cannot read",
        "zz-duplicate.txt": "duplicate content",
        "menu.txt": "not a news article",
        "german.txt": "unsupported language",
    }


def test_bad_inputs_are_skipped_and_the_run_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a-good.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "b-good.txt").write_text(SECOND, encoding="utf-8")
    expected = _bad_inputs(corpus)
    out = tmp_path / "out.json"
    db = f"sqlite:///{tmp_path / 'k.db'}"
    result = runner.invoke(app, ["analyze", str(corpus), "--json", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 2
    reasons = {Path(s["source"]).name: s["reason"] for s in data["skipped"]}
    assert set(reasons) == set(expected)
    for name, prefix in expected.items():
        assert reasons[name].startswith(prefix), (name, reasons[name])
    for name in expected:
        assert f"skipped {corpus / name}" in result.stderr.replace("\n", "")


def test_unreadable_path_given_directly(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "nope" / "missing.txt"
    out = tmp_path / "out.json"
    db = f"sqlite:///{tmp_path / 'k.db'}"
    result = runner.invoke(app, ["analyze", str(missing), str(good), "--json", str(out), "--db", db])
    assert result.exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert [s["reason"].split(":")[0] for s in data["skipped"]] == ["cannot read"]


def test_exit_code_one_when_nothing_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    db = f"sqlite:///{tmp_path / 'k.db'}"
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--db", db, "--quiet"])
    assert result.exit_code == 1


def test_analyze_twice_is_byte_identical_and_adds_no_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "b.txt").write_text(SECOND, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'k.db'}"
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    r1 = runner.invoke(app, ["analyze", str(corpus), "--json", str(first), "--db", db])
    r2 = runner.invoke(app, ["analyze", str(corpus), "--json", str(second), "--db", db])
    assert r1.exit_code == r2.exit_code == 0
    assert "(2 new)" in r1.output and "(0 new)" in r2.output
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text("utf-8"))
    assert tuple(data) == CONTRACT_KEYS
    listing = runner.invoke(app, ["articles", "--db", db])
    assert "2 articles in" in listing.output


def test_show_article_by_prefix_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'k.db'}"
    out = tmp_path / "o.json"
    runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--quiet"])
    runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", db, "--json", str(out)])
    article_id = json.loads(out.read_text("utf-8"))["articles"][0]["id"]
    shown = runner.invoke(app, ["show", article_id[:8], "--db", db])
    assert shown.exit_code == 0
    assert "Jembatan Gantung di Lebak Putus Diterjang Arus" in shown.output
    assert "copyright" in shown.output
    missing = runner.invoke(app, ["show", "ffffffffffff", "--db", db])
    assert missing.exit_code == 1


def test_markdown_report(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    md = tmp_path / "r.md"
    db = f"sqlite:///{tmp_path / 'k.db'}"
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--markdown", str(md), "--db", db])
    assert result.exit_code == 0
    text = md.read_text("utf-8")
    assert text.startswith("# kronologi report")
    assert "## Jembatan Gantung di Lebak Putus Diterjang Arus" in text
    assert "1 × copyright" in text


def test_demo_runs_on_bundled_corpus(tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = runner.invoke(app, ["demo", "--db", db, "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) >= 12
    assert len({a["outlet"] for a in data["articles"]}) >= 4
    assert data["skipped"] == []
    assert "What cleaning did to" in result.output


def test_default_store_lives_in_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xdg" / "kronologi" / "kronologi.db").exists()


def test_seeds_analyze(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "seeds.json"
    db = f"sqlite:///{tmp_path / 's.db'}"
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--json", str(out), "--db", db])
    assert result.exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 5
    assert all(a["title"] and a["outlet"] for a in data["articles"])


def test_unreachable_store_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    dead = "postgresql://nobody:nothing@127.0.0.1:9/none"
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", dead])
    assert result.exit_code == 1
    assert result.stderr.startswith("cannot open the store postgresql://")
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) <= 2
    missing = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'k.db'}"
    result = runner.invoke(app, ["articles", "--db", missing])
    assert result.exit_code == 1
    assert "cannot open the store" in result.stderr


def test_unwritable_output_fails_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db_file = tmp_path / "k.db"
    out = tmp_path / "missing" / "out.json"
    result = runner.invoke(
        app, ["analyze", str(tmp_path / "a.txt"), "--json", str(out), "--db", f"sqlite:///{db_file}"]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not db_file.exists()


def test_articles_outlet_filter_is_a_substring(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'k.db'}"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND, encoding="utf-8")
    runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--quiet"])
    listing = runner.invoke(app, ["articles", "--db", db, "--outlet", "kompas"])
    assert "1 of 2 articles" in listing.output
    assert "Jembatan Gantung" in listing.output
