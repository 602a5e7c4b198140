"""Writes the hostile-input corpus in this folder (run once; the files are committed).

Big inputs (10 MB of text, commands with 1,000 arguments) are made by the tests themselves;
``{PORT}`` in the external-entity feeds is filled in by the test that serves that port.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE_AR = (
    "وزير الخارجية يزور العاصمة لبحث الأزمة\n"
    "قال وزير الخارجية يوم الاثنين إن المحادثات ستستمر حتى نهاية الأسبوع.\n"
    "وأضاف أن الوفدين اتفقا على تبادل الأسرى في مارس المقبل.\n"
)


def main() -> None:
    rng = random.Random(8)
    files: dict[str, bytes | str] = {}
    files["empty.txt"] = b""
    files["whitespace.txt"] = " \t\n\r\n\u00a0\u200b\u2003\n\n\ufeff   \n\u3000\n"
    files["only_punctuation.txt"] = "...!!!؟؟؟ ـــ ,,, ;;; —— «» “”\n...\n!!!\n"
    files["binary.bin"] = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 64
    files["binary_named.txt"] = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2048))
    files["invalid_utf8.txt"] = (
        "عنوان صالح\n".encode() + b"\xff\xfe\xfd broken \xc0\xaf overlong \xed\xa0\x80 surrogate \xe2\x82\n"
        + "فقرة عربية صحيحة بعد البايتات المكسورة.\n".encode() + b"\x80\x81\x82\n"
    )
    files["utf16_no_bom.txt"] = ARTICLE_AR.encode("utf-16-le")
    bidi = "\u202e\u202d\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
    files["bidi_zero_width.txt"] = "".join(
        "".join(ch + (bidi[i % len(bidi)] if i % 3 == 0 else "") for i, ch in enumerate(line)) + "\n"
        for line in ARTICLE_AR.splitlines()
    ) + "\u202eexe.txt\u202c gnp.\n"
    emoji = ["😀", "👍🏽", "🇸🇦", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🔥", "𝕏", "🧕🏾", "🕌"]
    files["emoji_10000.txt"] = "".join(rng.choice(emoji) for _ in range(200)) + "\n" + "".join(
        rng.choice(emoji) + (" " if i % 50 == 49 else "") + ("\n" if i % 1000 == 999 else "") for i in range(10000)
    )
    files["html_injection.txt"] = (
        "<script>alert(1)</script> <b>عنوان</b> </i></b><tg-spoiler>x\n"
        '<a href="javascript:alert(1)">اضغط</a> <img src=x onerror=alert(1)> &lt;&amp;&gt; &#0; &nbsp;\n'
        "<pre><code class=\"language-x\">unclosed <i>italic <u>under <s>strike\n"
        "</code></pre></blockquote><blockquote expandable>quoted\n"
    )
    files["html_injection.html"] = (
        "<html><head><title><script>alert(1)</script>Title</title><meta http-equiv=refresh content='0;url=http://127.0.0.1/'>"
        "<base href='file:///etc/'></head><body onload=alert(1)>"
        "<h1>عنوان <b onclick=x>خبر</b></h1><p>فقرة أولى <a href='javascript:alert(1)'>رابط</a></p>"
        "<iframe src='http://169.254.169.254/'></iframe><p>" + "<div>" * 3000 + "عميق" + "</div>" * 3000
        + "</p><style>p{}</style><p>فقرة ثانية</p></body></html>"
    )
    files["markdown_injection.md"] = (
        "# **عنوان** [x](javascript:alert(1)) ||spoiler||\n\n"
        "@everyone @here <@123456789> <#1> <@&1> `code ``` unbalanced\n\n"
        "> quote\n> > nested\n\n" + "#" * 200 + " heading\n\n"
        "[link](http://127.0.0.1/admin) ![img](file:///etc/passwd) \\*escaped\\* ~~strike~~ __under__\n\n"
        + "* " * 2000 + "\n"
    )
    files["telegram_entities.txt"] = (
        "𝕏𝕏𝕏 العنوان 🏳️‍🌈 & < >\n"
        + "e" + "\u0301" * 300 + " " + "ا" + "\u064e" * 300 + "\n"
        + "x" * 5000 + "\n"
        + "line\u2028separator\u2029paragraph \x00 nul \x01\x02\x1b[31m ansi \x7f\n"
        + "&amp;lt; <b>not bold</b> <a href=\"tg://user?id=1\">mention</a> \ue000\ue001 private use\n"
    )
    files["fts5_syntax.txt"] = "\n".join([
        '"unterminated', 'NEAR(a b, 3)', "a AND OR NOT b", "*", "title:x", "^x", "{title body}: x", "-x",
        "(", ")", "a OR", "NOT", '"" ""', "x*", "a + b", "\"a\" : \"b\"", "col:* ", "rank:1", "article_fts",
        "'", "\\", "%", "_", "\x00", "سلام*", "\"السلام\" OR", "AND AND AND",
    ]) + "\n"
    files["sql_fragments.txt"] = "\n".join([
        "'; DROP TABLE articles; --", "1 OR 1=1", "\" OR \"\"=\"", "1; DELETE FROM cards", "' UNION SELECT * FROM audit_log --",
        "0x7fffffff", "-1", "99999999999999999999999", "1e308", "NaN", "٠", "#1'", "1/**/OR/**/1=1", "%00",
        "$(rm -rf /)", "`id`", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n", "{0.__class__}", "{title}",
    ]) + "\n"
    files["path_names.txt"] = "\n".join([
        "../../etc/passwd", "..\\..\\windows\\system.ini", "/etc/shadow", "a/../../b.txt", "NUL", "con.txt",
        "\u202etxt.exe", "x" * 1000 + ".txt", ".txt", "..", ".", "~/.ssh/id_rsa", "file:///etc/passwd",
        "article.txt\x00.html", "%2e%2e%2fetc%2fpasswd.txt", "عربي/../../سر.txt", "article.TXT", "feed.xml",
    ]) + "\n"
    files["private_urls.txt"] = "\n".join([
        "http://127.0.0.1/", "http://localhost:8080/feed.xml", "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/", "http://10.0.0.1/news", "http://192.168.1.1/", "http://0x7f000001/", "http://2130706433/",
        "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://user:pass@127.0.0.1/", "file:///etc/passwd",
        "gopher://127.0.0.1:25/", "ftp://127.0.0.1/", "javascript:alert(1)", "http://127.1/", "https://127.0.0.1:0/",
    ]) + "\n"
    lol = '<!ENTITY lol "lol">\n' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    files["xml_bomb.xml"] = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{lol}]>\n<rss version="2.0"><channel><title>&lol9;</title>'
        "<item><title>&lol9;</title><description>&lol9; body</description><guid>bomb-1</guid></item>"
        "</channel></rss>\n"
    )
    files["xml_quadratic.xml"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + "A" * 50000 + '">]>\n'
        '<rss version="2.0"><channel><title>q</title><item><title>quadratic</title><description>'
        + "&a;" * 2000 + "</description><guid>quad-1</guid></item></channel></rss>\n"
    )
    files["xxe_file.xml"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY secret SYSTEM "sentinel.txt">\n'
        '<!ENTITY passwd SYSTEM "file:///etc/passwd">\n]>\n'
        '<rss version="2.0"><channel><title>xxe</title><item><title>خبر &secret; &passwd;</title>'
        "<description>&secret; &passwd; نص الخبر</description><guid>xxe-file-1</guid></item></channel></rss>\n"
    )
    files["xxe_http.xml"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY remote SYSTEM "http://127.0.0.1:{PORT}/entity">\n'
        '<!ENTITY % dtd SYSTEM "http://127.0.0.1:{PORT}/dtd"> %dtd;\n]>\n'
        '<rss version="2.0"><channel><title>xxe</title><item><title>remote &remote;</title>'
        "<description>&remote; body text</description><guid>xxe-http-1</guid></item></channel></rss>\n"
    )
    files["xxe_dtd.xml"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "http://127.0.0.1:{PORT}/external.dtd">\n'
        '<rss version="2.0"><channel><title>dtd</title><item><title>external dtd</title>'
        "<description>text</description><guid>xxe-dtd-1</guid></item></channel></rss>\n"
    )
    files["sentinel.txt"] = "SENTINEL-7f3a9c: this text must never appear in a parsed feed or a stored article\n"
    files["gzip_bomb.gz"] = gzip.compress(b"\x00" * (20 * 1024 * 1024), compresslevel=9)
    files["gzip_bomb.txt"] = files["gzip_bomb.gz"]
    files["many_paragraphs.txt"] = "عنوان\n" + "".join(f"{'ب' if i % 2 else 'a'}{i % 10}\n" for i in range(20000))
    files["long_headline.txt"] = "عنوان " * 8000 + "\n"
    files["format_strings.txt"] = "{n} {id} {0} %s %(x)s {{}} {title!r}\nفقرة {count} و%d\n"
    for name, data in files.items():
        (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


if __name__ == "__main__":
    main()
