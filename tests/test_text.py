"""Text pipeline: language, paragraphs from text/HTML/Markdown, sentences, datelines, subheadings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from digests.model import Article
from digests.text import (
    dateline_date,
    detect_language,
    find_dateline,
    is_subheading,
    paragraphs_from_html,
    paragraphs_from_markdown,
    prepare,
    split_paragraphs,
    split_sentences,
)

DATA = Path(__file__).parent / "data" / "cards"


def test_language_by_script_and_statistics():
    assert detect_language("وقال الرئيس إن المحادثات ستستمر في جنيف الأسبوع المقبل مع الوفد") == "ar"
    assert detect_language("The president said the talks would continue in Geneva next week.") == "en"
    # Latin script but not English, Arabic script but Persian: not guessed
    assert detect_language("Le président a déclaré lundi que les négociations se poursuivraient à Genève.") == "und"
    assert detect_language("رئیس جمهور ایران گفت که مذاکرات در هفته آینده در ژنو ادامه خواهد یافت") == "und"
    assert detect_language("12345 !!!") == "und"


def test_unsupported_language_is_flagged():
    doc = prepare(Article(title="Привет мир", paragraphs=["Это статья на русском языке о переговорах."]))
    assert doc.language == "und"
    assert "unsupported-language" in doc.flags


def test_plain_paragraphs_blank_lines_or_one_a_line():
    assert split_paragraphs("one\ntwo\n\nthree") == ["one two", "three"]
    assert split_paragraphs("one\ntwo\r\nthree\n") == ["one", "two", "three"]


def test_html_paragraphs():
    html = "<p>First <b>bold</b> para.</p><h2>A heading</h2><div>One<br><br>Two<br>lines</div><script>x()</script>"
    assert paragraphs_from_html(html) == ["First bold para.", "A heading", "One", "Two lines"]
    assert paragraphs_from_html("") == []


def test_markdown_paragraphs():
    md = "# Title\n\nSome **bold** text\nwith a [link](http://x.org).\n\n## Section\n- item one\n- item two\n\n> quoted\n"
    assert paragraphs_from_markdown(md) == ["Title", "Some bold text with a link.", "Section", "item one", "item two", "quoted"]


def test_sentences_not_inside_numbers_abbreviations_or_quotes():
    text = 'The U.S. economy grew 3.5 percent. "Stop. Now," she said! Really? Mr. Smith left.'
    assert split_sentences(text) == [
        "The U.S. economy grew 3.5 percent.",
        '"Stop. Now," she said!',
        "Really?",
        "Mr. Smith left.",
    ]
    assert split_sentences("وقال: “الأهم هو السلام. والتنمية”. ثم غادر؟ نعم") == [
        "وقال: “الأهم هو السلام. والتنمية”.",
        "ثم غادر؟",
        "نعم",
    ]
    assert split_sentences("line one\nline two") == ["line one", "line two"]


def test_datelines_arabic_and_english():
    d, rest = find_dateline("موسكو (رويترز) – يستضيف الرئيس الروسي")
    assert (d.place, d.agency, rest) == ("موسكو", "رويترز", "يستضيف الرئيس الروسي")
    d, rest = find_dateline("WASHINGTON, Oct 31 (Reuters) - The U.S. said")
    assert (d.place, d.agency, rest) == ("WASHINGTON", "Reuters", "The U.S. said")
    d, _ = find_dateline("القاهرة، 31 أكتوبر (رويترز) - قال")
    assert d.place == "القاهرة"
    assert find_dateline("قال الرئيس إن المحادثات (التي بدأت أمس) - وفق مصادر - مستمرة")[0] is None


def test_subheadings_and_not_quotes_or_sentences():
    assert is_subheading("– قوات حفظ سلام روسية –")
    assert is_subheading("Rescue efforts")
    assert is_subheading("## What comes next")
    assert not is_subheading("“أشكركم على الجهود”.")
    assert not is_subheading('"Thank you all"')
    assert not is_subheading("He declined to comment.")
    assert not is_subheading("He declined to comment")
    assert not is_subheading("وقال إنه سيعود")
    assert not is_subheading("That is all.")


def test_prepare_seed_keeps_dateline_and_finds_subheading():
    lines = (DATA / "seed.txt").read_text(encoding="utf-8").splitlines()
    doc = prepare(Article(title=lines[0], paragraphs=lines[1:], published=datetime(2022, 10, 31, tzinfo=UTC)))
    assert doc.language == "ar"
    assert doc.dateline.place == "موسكو" and doc.dateline.agency == "رويترز"
    assert doc.subheadings == [20]
    assert len(doc.paragraphs) == 29
    assert doc.paragraphs[0].startswith("موسكو (رويترز)")  # display keeps the original
    assert doc.sentences[0][0].startswith("يستضيف")  # sentences skip the dateline
    assert len(doc.sentences[28]) == 2


@pytest.mark.parametrize(
    ("paragraph", "place", "day"),
    [
        ("PORT SUDAN, Nov 20 (Reuters) - The army said", "PORT SUDAN", date(2024, 11, 20)),
        ("WASHINGTON Oct 31 (AP) - The", "WASHINGTON", date(2024, 10, 31)),
        ("GENEVA, Dec. 30 (Reuters) - The", "GENEVA", date(2023, 12, 30)),  # after the load day: last year's
        ("LONDON, 5 March (Reuters) - The", "LONDON", date(2024, 3, 5)),
        ("القاهرة 20 نوفمبر (رويترز) - قالت", "القاهرة", date(2024, 11, 20)),
        ("القاهرة، 31 أكتوبر (رويترز) - قالت", "القاهرة", date(2024, 10, 31)),
        ("بغداد 3 كانون الثاني (رويترز) - قال", "بغداد", date(2024, 1, 3)),
        ("NAIROBI (Reuters) - Kenya's", "NAIROBI", None),
        ("الجزائر (رويترز) – قالت", "الجزائر", None),
    ],
)
def test_dateline_dates(paragraph: str, place: str, day: date | None) -> None:
    found, _rest = find_dateline(paragraph)
    assert found is not None and found.place == place
    assert dateline_date(paragraph, date(2024, 11, 24)) == day


def test_digits_that_are_no_date_make_no_dateline() -> None:
    assert find_dateline("أصيب 20 شخصا (بينهم أطفال) – في الهجوم")[0] is None
    assert dateline_date("أصيب 20 شخصا (بينهم أطفال) – في الهجوم", date(2024, 11, 24)) is None
