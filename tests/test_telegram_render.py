"""Telegram rendering and callback data, checked with the fake API's strict HTML parser."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.callbacks import MAX_DATA, CallbackCodec, StaleButton
from bot.telegram.render import RLM, needs_rlm, render_html, render_plain
from handlers.core import Button, Field, Reply, Section, em
from tests.fakes.telegram_api import ParseError, parse_html, utf16_len

ARABIC_SENTENCE = "قال وزير الخارجية إن المحادثات مع Sergei Lavrov & شركائه ستستمر <غدًا> في جنيف؟ "


def _plain_texts(messages: list[str]) -> list[str]:
    return [parse_html(m) for m in messages]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace(RLM, ""))


def test_escaping_and_emphasis_parse_as_telegram_html():
    reply = Reply(
        sections=[
            Section(
                title="عنوان <b> & \"quoted\"",
                text=f"نص فيه {em('Putin & <Co>')} و 3 < 5 &amp; انتهى",
                fields=[Field("المصدر", "A&B <news>")],
                footer="© <x>",
                url="https://example.com/a?b=1&c=2",
            )
        ],
        locale="ar",
    )
    [html] = render_html(reply)
    plain = parse_html(html)  # raises on anything Telegram would refuse
    assert "<b>Putin &amp; &lt;Co&gt;</b>" in html
    assert "3 < 5 &amp; انتهى" in plain
    assert 'href="https://example.com/a?b=1&amp;c=2"' in html
    assert "\ue000" not in html and "\ue001" not in html


def test_rtl_mark_on_arabic_lines_that_start_with_latin_or_digits():
    reply = Reply(sections=[Section(text="#12 عنوان المقال\nعنوان عربي أولًا\nEnglish only line\n/latest — أحدث المقالات")], locale="ar")
    lines = parse_html(render_html(reply)[0]).split("\n")
    assert lines[0].startswith(RLM + "#12")
    assert not lines[1].startswith(RLM)
    assert not lines[2].startswith(RLM)
    assert lines[3].startswith(RLM + "/latest")
    english = Reply(sections=[Section(text="#12 عنوان المقال")], locale="en")
    assert RLM not in render_html(english)[0]
    assert needs_rlm("2022 عام") and not needs_rlm("عام 2022")


def test_long_reply_split_on_paragraphs_under_the_limit_with_tags_balanced():
    paragraph = em("Bold start ") + ARABIC_SENTENCE * 12
    reply = Reply(sections=[Section(title="تقرير", text="\n\n".join([paragraph] * 12))], locale="ar")
    messages = render_html(reply)
    assert len(messages) > 1
    texts = _plain_texts(messages)
    assert all(utf16_len(t) <= 4096 for t in texts)
    # every cut falls on a paragraph boundary here: each message ends a paragraph
    for text in texts[:-1]:
        assert text.rstrip().endswith("؟")
    assert _squash("".join(texts)) == _squash(render_plain(reply, limit=10**6)[0])


def test_a_paragraph_longer_than_the_limit_splits_on_sentences_then_words():
    arabic = ("جملة عربية طويلة، فيها فواصل؛ وأسماء مثل Macron " * 6).strip() + "؟ "
    reply = Reply(sections=[Section(text=arabic * 120)], locale="ar")
    texts = _plain_texts(render_html(reply))
    assert len(texts) > 1
    for text in texts[:-1]:
        assert utf16_len(text) <= 4096
        assert text.rstrip().endswith("؟")  # sentence boundary, Arabic question mark
    words = "كلمة " * 3000
    texts = _plain_texts(render_html(Reply(sections=[Section(text=words)], locale="ar")))
    assert all(t.replace(RLM, "").split(" ")[-1] == "كلمة" for t in texts)  # never a broken word


def test_bold_run_cut_by_a_split_is_closed_and_reopened():
    reply = Reply(sections=[Section(text=em("ب" * 5000))], locale="ar")
    messages = render_html(reply)
    assert len(messages) == 2
    assert all(m.startswith("<b>") and m.endswith("</b>") for m in messages)
    assert sum(len(parse_html(m)) for m in messages) == 5000


def test_emoji_count_as_two_utf16_units():
    reply = Reply(sections=[Section(text="😀" * 3000)], locale="en")
    texts = _plain_texts(render_html(reply))
    assert len(texts) == 2 and all(utf16_len(t) <= 4096 for t in texts)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهوي ءآأإ؟،؛.!&<>\"'ABCxyz0123456789 \n😀\u064b")),
            min_size=0,
            max_size=900,
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["ar", "en"]),
    st.integers(min_value=50, max_value=4096),
)
def test_any_text_renders_to_valid_html_within_the_limit(parts, locale, limit):
    text = "\n\n".join(em(p) if i % 3 == 1 else p for i, p in enumerate(parts))
    reply = Reply(sections=[Section(title="<عنوان & title>", text=text)], locale=locale)
    messages = render_html(reply, limit=limit)
    joined = ""
    for message in messages:
        plain = parse_html(message)
        assert utf16_len(plain) <= limit
        joined += plain
    assert _squash(joined) == _squash(render_plain(reply, limit=10**7)[0])


def test_fake_parser_refuses_what_telegram_refuses():
    for bad in ("a < b", "<foo>x</foo>", "<b>x", "x</b>", "&nbsp;", "AT&T", '<a href="x" onclick="y">z</a>'):
        with pytest.raises(ParseError):
            parse_html(bad)
    assert parse_html("<b>a</b> &lt;&amp;&gt; &#1575; > ok") == "a <&> ا > ok"


def test_callback_data_round_trip_signed_and_short():
    codec = CallbackCodec(b"token-1")
    data = codec.encode(Button("next", "search", ("peace", "p2")), edit=True)
    assert len(data.encode()) <= MAX_DATA
    action = codec.decode(data)
    assert (action.command, action.args, action.edit) == ("search", ("peace", "p2"), True)
    long_args = ("سلام", "مفاوضات", "ناغورني", "كاراباخ", "p3")
    data = codec.encode(Button("next", "search", long_args))
    assert len(data.encode()) <= MAX_DATA
    assert codec.decode(data).args == long_args
    spaced = codec.encode(Button("x", "actor", ("فلاديمير بوتين",)))
    assert codec.decode(spaced).args == ("فلاديمير بوتين",)


def test_forged_old_and_foreign_callback_data_is_refused():
    codec = CallbackCodec(b"token-1")
    data = codec.encode(Button("x", "delete", ("5",)))
    forged = data.replace("|5|", "|6|")
    other_bot = CallbackCodec(b"token-2")
    stored = codec.encode(Button("x", "search", ("كلمة " * 20,)))
    restarted = CallbackCodec(b"token-1")  # the in-memory table is gone after a restart
    for bad, who in ((forged, codec), ("0|-|help||xx", codec), ("", codec), (data, other_bot), (stored, restarted)):
        with pytest.raises(StaleButton):
            who.decode(bad)
