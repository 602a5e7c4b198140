"""Normalisation and clitic-aware keys used for every match in the bot."""

from hypothesis import given
from hypothesis import strategies as st

from digests.textnorm import (
    Lexicon,
    clean,
    loose_key,
    normalize,
    prefix_variants,
    search_terms,
    tokens,
    variants,
)


def test_normalize_folds_arabic_letter_variants_and_marks():
    assert normalize("أإآٱ") == "اااا"
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("مدرسة") == "مدرسه"
    assert normalize("مُؤتَمَر") == "موتمر"
    assert normalize("سـلـام") == "سلام"  # tatweel
    assert normalize("شيئًا") == "شيي" + "ا"


def test_normalize_digits_dashes_quotes_and_invisibles():
    assert normalize("٢٠٢٠ ۱۹۹۱") == "2020 1991"
    assert normalize("«نص» “text” – — ‹x›") == '"نص" "text" - - "x"'
    assert normalize("a\u200fb\u202ec\u200dd\ufeff") == "abcd"
    assert clean("x\ue000y\ue001") == "xy"  # our emphasis marks never come from input


def test_tokens_keep_numbers_and_drop_punctuation():
    assert tokens("قُتل 286 شخصًا، في 3.5 ساعات!") == ["قتل", "286", "شخصا", "في", "3.5", "ساعات"]


def test_clitic_variants_meet_in_one_key():
    for word in ("السلام", "للسلام", "وسلام", "بالسلام", "والسلام", "فالسلام"):
        assert "سلام" in prefix_variants(normalize(word)), word
    assert "باشينيان" in prefix_variants(normalize("لباشينيان"))
    assert "علييف" in prefix_variants(normalize("وعلييف"))
    # stems stay at three letters at least: a short word is not eaten
    assert prefix_variants("بلد") == ("بلد",)


def test_suffix_variants():
    assert "اتفاق" in variants(normalize("اتفاقات"))
    assert "حكومه" in variants(normalize("وحكومتها"))


def test_transliteration_variants_share_a_loose_key():
    assert loose_key("ناغورني") == loose_key("ناغورنو")
    assert loose_key("الآذربيجانية") == loose_key("الأذربيجانية")


def test_lexicon_matches_phrases_with_clitics():
    lex = Lexicon([("الاتحاد الأوروبي", "eu"), ("وقف إطلاق النار", "ceasefire"), ("قمة", "summit")])
    found = lex.find(tokens("وأعلن للاتحاد الأوروبي عن وقف لإطلاق النار في القمة"))
    assert [v for _, _, v in found] == ["eu", "ceasefire", "summit"]


def test_search_terms_expand_tokens():
    terms = search_terms("للسلام")
    assert "للسلام" in terms and "سلام" in terms


@given(st.text())
def test_normalize_never_fails_and_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    for tok in tokens(text):
        assert tok and variants(tok)[0] == tok


def _normalize_step_by_step(text: str) -> str:
    """The definition ``normalize`` must keep: each folding step applied to the whole text in turn."""
    import re
    import unicodedata

    from digests import textnorm

    text = unicodedata.normalize("NFC", text)
    text = re.sub(f"[{textnorm._INVISIBLE_CLASS}]", "", text)
    text = re.sub(f"[{textnorm._TASHKEEL_CLASS}]", "", text).replace("\u0640", "")
    text = text.translate(textnorm._CHAR_MAP).translate(textnorm._DIGITS)
    return text.casefold()


_FOLDING_ALPHABET = (
    "أإآٱىةؤئیکۀابتثجحخدسعلمنهوي"
    "\u064b\u064e\u0650\u0651\u0652\u0670\u0610\u06d6\u0640\u200f\u200d\u202b\u2067\u061c\ufeff\u00ad"
    "٠١٢٣٤٥٦٧٨٩۰۴0123456789–—−‐«»“”‹›‘’،؛؟٪٫٬"
    "abcAZİßẞΣς\u0301e\u0327c .,-'\"\n"
)


@given(st.text(alphabet=_FOLDING_ALPHABET, max_size=120) | st.text(max_size=120))
def test_normalize_matches_the_step_by_step_definition_on_short_and_long_text(text: str) -> None:
    assert normalize(text) == _normalize_step_by_step(text)
    assert normalize(text * 3) == _normalize_step_by_step(text * 3)  # past the short-text cache


def test_normalize_folds_a_long_arabic_paragraph_like_each_of_its_words() -> None:
    words = "قالَ الرئيسُ الأذربيجانيّ إنّ ٢٠٢٠ «مؤتمرٌ» على مستوى الـــقمة؟".split()
    paragraph = " ".join(words)
    assert len(paragraph) > 40
    assert normalize(paragraph) == " ".join(normalize(w) for w in words)
    assert normalize(paragraph) == 'قال الرييس الاذربيجاني ان 2020 "موتمر" علي مستوي القمه?'
