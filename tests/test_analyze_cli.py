"""``python -m bot analyze``: formats, JSON schema, exit status 2 on bad files; the file readers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from digests.readers import ArticleError, read_article_bytes

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "cards" / "seed.txt"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "analyze", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_seed_json_schema_and_cards():
    proc = _run(str(SEED), "--published", "2022-10-31", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= {"language", "title", "published", "dateline", "paragraphs", "cards", "actors", "timeline", "figures"}
    assert data["language"] == "ar" and data["published"] == "2022-10-31"
    assert data["dateline"] == {"place": "موسكو", "agency": "رويترز"}
    assert data["title"].startswith("يتطلع بوتين")
    assert len(data["paragraphs"]) == 29
    assert [c["paragraphs"] for c in data["cards"]] == [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 27], [10, 11, 12, 13, 19, 28], [14, 15, 16, 17, 18], [20, 21, 22, 23, 24, 25, 26],
    ]
    for c in data["cards"]:
        assert set(c) == {"key", "title", "title_en", "emoji", "paragraphs", "summary"}


def test_readable_summary_without_json():
    proc = _run(str(SEED), "--published", "2022-10-31")
    assert proc.returncode == 0, proc.stderr
    assert "Cards (4):" in proc.stdout
    assert "قوات حفظ سلام روسية" in proc.stdout


def test_title_override_and_markdown(tmp_path):
    md = tmp_path / "story.md"
    md.write_text("# Quake hits coast\n\nA strong earthquake struck the coast on Friday.\n\nRescue teams searched the rubble.\n",
                  encoding="utf-8")
    data = json.loads(_run(str(md), "--json", "--title", "Another title").stdout)
    assert data["title"] == "Another title"
    assert data["paragraphs"] == ["A strong earthquake struck the coast on Friday.", "Rescue teams searched the rubble."]
    assert data["published"] is None


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02binary\x00" * 50, "not readable"),
     ("عنوان\nنص".encode("cp1256"), "UTF-8"), (b"x" * (201 * 1024), "too large")],
)
def test_bad_files_exit_2_with_one_line(tmp_path, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = _run(str(path), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]


def test_missing_file_exit_2():
    proc = _run("/nonexistent/article.txt")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_reader_html_page():
    html = b"""<!doctype html><html><head><title>Site | x</title>
    <meta property="og:title" content="Central bank raises rates"></head>
    <body><nav>Home News</nav><article><h1>Central bank raises rates</h1>
    <p>The central bank raised rates on <b>Thursday</b>.</p><p>Inflation is high.</p></article>
    <footer>Copyright</footer><script>var x=1;</script></body></html>"""
    a = read_article_bytes(html, "page.html", published=date(2023, 1, 5))
    assert a.title == "Central bank raises rates"
    assert a.paragraphs == ["The central bank raised rates on Thursday.", "Inflation is high."]
    assert a.published_date == date(2023, 1, 5)


def test_reader_rss_first_item():
    rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>
    <item><title>الخبر الأول</title><link>http://example.org/1</link>
    <pubDate>Mon, 31 Oct 2022 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;الفقرة الأولى.&lt;/p&gt;&lt;p&gt;الفقرة الثانية.&lt;/p&gt;</description></item>
    <item><title>الخبر الثاني</title><description>نص</description></item></channel></rss>""".encode()
    a = read_article_bytes(rss, "feed.xml")
    assert a.title == "الخبر الأول"
    assert a.paragraphs == ["الفقرة الأولى.", "الفقرة الثانية."]
    assert a.published_date == date(2022, 10, 31)
    assert a.url == "http://example.org/1"


def test_reader_plain_text_and_sniffing():
    a = read_article_bytes("عنوان\n\nفقرة أولى\nتكملة\n\nفقرة ثانية".encode(), None)
    assert a.title == "عنوان" and a.paragraphs == ["فقرة أولى تكملة", "فقرة ثانية"]
    a = read_article_bytes(b"<p>Title line</p><p>Body one.</p>", "upload")
    assert a.title == "Title line" and a.paragraphs == ["Body one."]
    a = read_article_bytes("\ufeffHeadline\nBody".encode(), "a.txt")
    assert a.title == "Headline"


@pytest.mark.parametrize(
    ("data", "key"),
    [(b"", "ingest.empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "ingest.binary"), (b"\xff\xfe\xfa\xd8", "ingest.bad_encoding"),
     (b"\xe9t\xe9 caf\xe9", "ingest.bad_encoding"), (b"Only a headline", "ingest.no_body"), (b"a" * 300, "ingest.too_large")],
)
def test_reader_errors_carry_catalogue_keys(data, key):
    with pytest.raises(ArticleError) as info:
        read_article_bytes(data, "x.txt", max_bytes=200)
    assert info.value.key == key
