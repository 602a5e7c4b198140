"""People: found by their titles and by speech patterns, never by a list of famous names.

Arabic has no capitals, so a name is read word by word after a title (and its nationality,
organisation and qualifiers) and ends before a verb, a preposition, a common noun, a known
place or organisation, another title, or punctuation. English uses capitalised sequences.
Word lists live in ``config/gazetteer/titles.toml`` and ``config/actors/words.toml``.
"""

from __future__ import annotations

import logging
from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale

from digests.gazetteer import CONFIG, load_toml
from digests.phrases import PhraseMatcher, Tok
from digests.text import AR_INITIALS
from digests.textnorm import normalize

log = logging.getLogger(__name__)

_CONJ_PREFIXES = ("و", "ف")
# Clitics stripped before a stop-list look-up. ف, ب, ل alone are left out: too many names begin
# with those letters («فيصل» is not ف + «يصل»).
_ART_PREFIXES = ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول", "و")
_ARTICLES = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل")


@dataclass
class Words:
    """Title matcher and stop lists for both languages."""

    titles: PhraseMatcher
    stop_ar: frozenset[str]
    connectors_ar: frozenset[str]
    name_final_ar: frozenset[str]
    speech_ar: frozenset[str]
    stop_en: frozenset[str]
    particles_en: frozenset[str]
    speech_en: frozenset[str]
    honorifics_en: frozenset[str]
    qualifiers_ar: PhraseMatcher
    institutions_en: frozenset[str] = frozenset()
    names_ar: frozenset[str] = frozenset()
    function_ar: frozenset[str] = frozenset()  # particles and verb forms: never part of a noun phrase
    led_by: PhraseMatcher | None = None  # «الذي يتزعمه», «بقيادة», "led by": a leader's name follows
    place_heads_ar: frozenset[str] = frozenset()  # «مسجد», «مطار»: a title after one names a place
    not_person_last_en: frozenset[str] = frozenset()  # "United", "City": a team's short name, no surname
    place_titles_ar: frozenset[str] = frozenset()  # «محافظ», «عمدة»: a title whose complement may be a place
    complement_nouns_ar: frozenset[str] = frozenset()  # «الجيش»: ends a name, may complement a title
    ambiguous_titles_ar: frozenset[str] = frozenset()  # «الفريق»: a rank, or "the team"
    division_titles_ar: frozenset[str] = frozenset()  # «محافظة»: a governor, or a governorate
    article_given_ar: frozenset[str] = frozenset()  # «الطيب»: a given name with the article
    nouns_ar: frozenset[str] = frozenset()  # the common nouns of the Arabic stop words
    surname_titles_ar: frozenset[str] = frozenset()  # «الجندي», «القاضي»: a title, or a family name
    titles_plain_ar: frozenset[str] = frozenset()  # one-word Arabic titles before a name, normalised
    company_nouns_en: frozenset[str] = frozenset()
    calendar_name_openers_en: frozenset[str] = frozenset()  # "Mr", "Dr": a weekday or month after one is a name
    given_months_en: frozenset[str] = frozenset()  # "April": a month that is a given name before a surname  # "operator", "carmaker": the name after one is a company's
    body_heads_ar: frozenset[str] = frozenset()  # «شركة»: after «ل»/«ب», no name starts
    relational_heads_ar: frozenset[str] = frozenset()  # «نائب», «مستشار»: before another person's title


def _verb_forms(perfect: list[str], imperfect: list[str]) -> set[str]:
    out: set[str] = set()
    for v in perfect:
        v = normalize(v)
        out.update({v, v + "ت", v + "وا", v + "ا", v + "تا"})
    for v in imperfect:
        v = normalize(v)
        stem = v[1:] if v.startswith("ي") else v
        for pre in ("ي", "ت", "ن", "ا", "س" + "ي", "س" + "ت"):
            out.update({pre + stem, pre + stem + "ون", pre + stem + "ان", pre + stem + "ين"})
    return out


@lru_cache(maxsize=1)
def words() -> Words:
    titles_cfg = load_toml(CONFIG / "gazetteer" / "titles.toml")
    words_cfg = load_toml(CONFIG / "actors" / "words.toml")
    ar, en = titles_cfg["ar"], titles_cfg["en"]
    titles = PhraseMatcher(case_sensitive=False)
    for t in ar["before_name"]:
        titles.add(t, ("title", t))
    for t in ar["with_complement"]:
        titles.add(t, ("ctitle", t))
    for m in ar["minister"]:
        titles.add(m, ("ctitle", m))
        for p in ar["ministries"]:
            titles.add(f"{m} {p}", ("title", f"{m} {p}"))
            bare = p[2:] if p.startswith("ال") else p
            titles.add(f"{m} {bare}", ("ctitle", f"{m} {bare}"))
    for t in en["before_name"]:
        titles.add(t, ("title", t))
    qualifiers = PhraseMatcher(case_sensitive=False)
    for q in ar["qualifiers"]:
        qualifiers.add(q, q)
    w_ar = words_cfg["ar"]
    led_by = PhraseMatcher(case_sensitive=False)
    for phrase in w_ar.get("led_by", []) + words_cfg["en"].get("led_by", []):
        led_by.add(phrase, phrase)
    function = {normalize(x) for x in w_ar["particles"]} | _verb_forms(w_ar["verbs_perfect"], w_ar["verbs_imperfect"])
    stop = function | {normalize(x) for x in w_ar["nouns"]}
    loc = Locale("ar")
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            stop |= {normalize(m) for m in loc.months[ctx][width].values()}
            stop |= {normalize(d) for d in loc.days[ctx][width].values()}
    speech_ar = _verb_forms(words_cfg["ar_speech"]["verbs"], [])
    w_en = words_cfg["en"]
    stop_en = set(w_en["stop"])
    enl = Locale("en")
    stop_en |= set(enl.months["format"]["wide"].values()) | set(enl.days["format"]["wide"].values())
    return Words(
        titles=titles,
        stop_ar=frozenset(stop),
        connectors_ar=frozenset(normalize(x) for x in w_ar["connectors"]),
        name_final_ar=frozenset(normalize(x) for x in w_ar["name_final"]),
        speech_ar=frozenset(speech_ar),
        stop_en=frozenset(stop_en),
        particles_en=frozenset(w_en["particles"]),
        speech_en=frozenset(w_en["speech"]),
        honorifics_en=frozenset(en.get("honorifics", [])),
        qualifiers_ar=qualifiers,
        institutions_en=frozenset(w_en.get("institutions", [])),
        names_ar=frozenset(w_ar.get("names", [])),
        function_ar=frozenset(function),
        led_by=led_by,
        place_heads_ar=frozenset(normalize(x) for x in w_ar.get("place_heads", [])),
        not_person_last_en=frozenset(w_en.get("not_person_last", [])),
        place_titles_ar=frozenset(normalize(x) for x in w_ar.get("place_titles", [])),
        complement_nouns_ar=frozenset(normalize(x) for x in w_ar.get("complement_nouns", [])),
        ambiguous_titles_ar=frozenset(normalize(x) for x in w_ar.get("ambiguous_titles", [])),
        division_titles_ar=frozenset(normalize(x) for x in w_ar.get("division_titles", [])),
        relational_heads_ar=frozenset(normalize(x) for x in w_ar.get("relational_heads", [])),
        body_heads_ar=frozenset(normalize(x) for x in w_ar.get("body_heads", [])),
        company_nouns_en=frozenset(w_en.get("company_nouns", [])),
        calendar_name_openers_en=frozenset(w_en.get("calendar_name_openers", [])),
        given_months_en=frozenset(w_en.get("given_months", [])),
        titles_plain_ar=frozenset(normalize(t) for t in ar["before_name"] if " " not in t),
        surname_titles_ar=frozenset(normalize(t) for t in ar.get("surnames_too", [])),
        nouns_ar=frozenset(normalize(x) for x in w_ar["nouns"]),
        article_given_ar=frozenset(normalize(x) for x in w_ar.get("article_given_names", [])),
    )


# norm → answer of the two word tests below (pure functions of the word once ``words()`` is built)
_STOP: dict[str, bool] = {}
_SPEECH: dict[str, bool] = {}
_CACHE_LIMIT = 100_000


def is_stop_ar(norm: str) -> bool:
    """A particle, verb, month, weekday or common noun, possibly with و/ف/ال/ب/ل attached."""
    found = _STOP.get(norm)
    if found is None:
        found = _is_stop_ar(norm)
        if len(_STOP) >= _CACHE_LIMIT:
            _STOP.clear()
        _STOP[norm] = found
    return found


def _is_stop_ar(norm: str) -> bool:
    w = words()
    if norm in w.stop_ar:
        return True
    for p in _ART_PREFIXES:
        least = 2 if p in _CONJ_PREFIXES else 3  # «وفي» is و + في; «الله» is not ال + له
        if norm.startswith(p) and len(norm) - len(p) >= least and norm[len(p):] in w.stop_ar:
            return True
    for suffix in _PRONOUN_SUFFIXES:  # «دعمه», «زيارتها»: a listed noun with a possessive pronoun
        base = norm[: -len(suffix)]
        if norm.endswith(suffix) and len(base) >= 3 and (base in w.stop_ar or base[:-1] + "ه" in w.stop_ar):
            return True
    return False


_PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه")
# the future prefix «س» on an imperfect verb (grammar, not vocabulary): «سيسافر», «ستعقد», «سنعمل»
_FUTURE_VERB_PREFIXES = ("سي", "ست", "سن")
_VERB_PREPOSITIONS = frozenset({"الي", "علي", "مع", "عن"})  # (normalised «إلى», «على», «مع», «عن»)


def _verb_complement(norm: str) -> bool:
    """What follows a verb, not a name: a preposition («سيسافر إلى») or a definite object that is
    no nisba or particle («ستعقد القمة»); a name goes on with «إن», «في», a comma or a surname."""
    if norm in _VERB_PREPOSITIONS:
        return True
    return norm.startswith("ال") and len(norm) > 3 and not norm.endswith("ي") and not is_stop_ar(norm)


def is_speech_ar(norm: str) -> bool:
    found = _SPEECH.get(norm)
    if found is None:
        w = words()
        found = norm in w.speech_ar or any(norm.startswith(p) and norm[len(p):] in w.speech_ar for p in _CONJ_PREFIXES)
        if len(_SPEECH) >= _CACHE_LIMIT:
            _SPEECH.clear()
        _SPEECH[norm] = found
    return found


@dataclass
class PersonHit:
    """A person found in one sentence: name tokens, role text, country key, where."""

    name: list[Tok]
    role: str | None
    country: str | None
    paragraph: int
    titled: bool = True
    role_tokens: int = 0
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------ spans helpers


def strip_clitic(text: str, norm: str, stem: str) -> str:
    """Original text of a token without the clitic prefix removed in ``stem`` (diacritics kept)."""
    cut = len(norm) - len(stem)
    if cut <= 0:
        return text
    seen = 0
    for idx, ch in enumerate(text):
        if normalize(ch):
            seen += 1
        if seen == cut:
            return text[idx + 1 :]
    return text


# ------------------------------------------------------------------ reading names


# word → whether it is written with the article (pure, bounded)
_ARTICLE: dict[str, bool] = {}


def _has_article(t: Tok) -> bool:
    """«الروسي» has the article; «إلهام» and «أليكسي» (normalised to ال...) do not."""
    found = _ARTICLE.get(t.text)
    if found is None:
        found = "".join(ch for ch in t.text if normalize(ch)).startswith(_ARTICLES)
        if len(_ARTICLE) >= _CACHE_LIMIT:
            _ARTICLE.clear()
        _ARTICLE[t.text] = found
    return found


# word text → what reading a name needs to know of it (pure once ``words()`` is built, bounded):
# (tanween, connector, «عبد»/«ابو», article, name-final, nisba, و-initial, plural or feminine noun,
#  stop word, digits, preposition and pronoun on one noun)
_NAME_WORDS: dict[str, tuple[bool, ...]] = {}


def _name_word(t: Tok) -> tuple[bool, ...]:
    w = words()
    norm, text = t.norm, t.text
    found = (
        # tanween: adverbs, indefinite nouns; also unwritten on an accusative participle («ظل محمد
        # قحطان مخفيا», «محتجزا», «مستعدا»: م, a consonant, and a final ا; «ماريا», «مونيكا» stay names)
        "\u064b" in text or "\u064c" in text or "\u064d" in text
        or (norm[:1] == "م" and norm[1:2] not in "اوي" and len(norm) >= 5 and norm.endswith("ا") and text.endswith("ا")),
        norm in w.connectors_ar,
        norm in ("عبد", "ابو"),  # «عبد الفتاح» is one given name of two words
        _has_article(t),
        norm in w.name_final_ar,
        norm.endswith("ي") and len(norm) >= 5,  # a nisba («السوداني»)
        norm.startswith("و"),
        norm.endswith("ات") or (norm.endswith("ه") and not text.endswith("ه")),  # «محادثات», «زيارة»
        (is_stop_ar(norm) or is_speech_ar(norm)) and text not in w.names_ar,  # («علي نصر فقال»)
        norm.isdigit(),
        norm[:1] in "بل" and len(norm) >= 5 and text.endswith(("ه", "ها", "هم")),  # «بحصوله», «لقائه»
    )
    if len(_NAME_WORDS) >= _CACHE_LIMIT:
        _NAME_WORDS.clear()
    _NAME_WORDS[text] = found
    return found


# «أن» with a preposition or «ك» (normalised): never a name word
_THAT_FORMS = frozenset(("بان", "لان", "كان", "بانه", "بانها", "لانه", "لانها", "بانهم", "لانهم"))


def read_name_ar(
    toks: list[Tok], k: int, hits: dict[int, object], surnames: Container[str] | None = None
) -> int:
    """End index of an Arabic name starting at ``k`` (== k when there is none).

    An article-word («البرهان», «السيسي») continues a name of two or more words when it is a nisba
    or when the document also uses it alone (``surnames``: words seen standing alone elsewhere).
    """
    w = words()
    connectors = w.connectors_ar
    title_at = w.titles.match_at
    # the titles a word opens, () when none (``PhraseMatcher.opened``): a word known to open none
    # is passed without a ``match_at`` call (most name words)
    title_opens = w.titles.opened
    known_words = _NAME_WORDS.get
    start = k
    n = len(toks)
    words_read = 0
    final = False
    while k < n and words_read < 4 and not final:
        t = toks[k]
        norm = t.norm
        if not t.arabic or (t.punct_before and k > start and not after_initial(toks, k)):
            break
        if k in hits:
            if words_read >= 2 and nisba_surname(toks, k, hits):
                k += 1  # «محمد شياع السوداني»: a nisba after a name of two words is its surname
            break
        if title_opens(norm) != () and title_at(toks, k) is not None and not (
            k > start and norm in w.surname_titles_ar
        ):
            break
        tanween, connector, abd, article, name_final, nisba, waw, plural, stop, digits, pronoun = (
            known_words(t.text) or _name_word(t)
        )
        if tanween:
            break
        if norm in _THAT_FORMS:
            break  # «… هشام نصر الدين بأن فريقه»: «أن» with a preposition ends a name
        if k == start and norm in w.body_heads_ar:
            break  # «مديرة إدارة وقاية النباتات»: a body's head word opens no name
        if norm[:1] in "لب" and len(norm) >= 4 and (
            norm[1:] in (w.stop_ar if k == start else w.nouns_ar) or norm[1:] in w.body_heads_ar
        ):  # («باجري» goes on: a verb after «ب» inside a name is a surname's letters)
            break  # «وكيل وزارة المالية لشؤون …», «لشركة سيمنز», «… عبد السلام بطلب»: a preposition and a common noun
        if (
            k == start
            and len(norm) >= 5
            and norm[:2] in _FUTURE_VERB_PREFIXES
            and k + 1 < n
            and not toks[k + 1].punct_before
            and _verb_complement(toks[k + 1].norm)
        ):
            break  # «الرئيس سيسافر إلى باريس»: a future verb, not a name («سيريل رامابوزا» goes on)
        prev_connector = k > start and toks[k - 1].norm in connectors
        if connector:
            if k + 1 < n and (not toks[k + 1].punct_before or after_initial(toks, k + 1)):
                k += 1
                if abd:
                    words_read += 1
                continue
            break
        # «عثمان الطيب حمدان إن»: an article-word between a given name and a plain last word where
        # the name must end
        middle = (
            article and words_read == 1 and not plural and not stop and not digits
            and _plain_last_word(toks, k + 1, hits)
        )
        given_first = k == start and article and norm in w.article_given_ar  # («الطيب موسى»)
        if article and not prev_connector and not name_final and not middle and not given_first:
            final = True  # an article surname («البرهان», «السيسي») ends the name
        if article and not (
            prev_connector
            or given_first
            or (name_final and k > start)
            or (surnames is not None and words_read >= 2 and norm in surnames)
            or (words_read == 1 and nisba and _name_ends_after(toks, k + 1, hits))
            or (words_read >= 2 and nisba)
            # «الرئيس السوداني عمر البشير إن»: an article surname where the name must end anyway
            or (
                words_read >= 1 and norm.startswith("ال") and not plural and not stop and not digits
                and _name_ends_after(toks, k + 1, hits)
            )
            or middle
        ):
            break
        if stop and not (prev_connector and toks[k - 1].norm in ("عبد", "ابو")) and not (
            k > start and norm in w.surname_titles_ar
        ):
            break  # («عبد السلام», «أبو الغيط»: the word after «عبد» or «أبو» belongs to the name)
        if k > start and waw and not prev_connector:
            break  # «ماكرون وعلييف»: a conjunction starts a new phrase (ف is too often a first letter: «فتحي»)
        if plural and k > start and not (words_read >= 2 and surnames is not None and norm in surnames) and not (
            t.punct_before and after_initial(toks, k)
        ):
            if not (
                norm.endswith("ه") and norm[:1] not in "بلكف" and not prev_connector  # («بأغلبية»: a phrase)
                and not (k - 2 >= start and toks[k - 2].norm in connectors)  # «محمد بن سلمان رؤية 2030»
                and _name_ends_after(toks, k + 1, hits)
            ):
                break  # plural or feminine nouns («محادثات», «زيارة») do not continue a name
            k += 1  # a surname in ة where the name must end anyway: «محمود مكية» before «مرسوم»
            break
        if digits or pronoun:
            break
        k += 1
        words_read += 1
    while k > start and toks[k - 1].norm in connectors:
        k -= 1
    return k


def nisba_surname(toks: list[Tok], k: int, hits: dict[int, object]) -> bool:
    """Token ``k``, a one-word demonym with the article («السوداني»), ends the name before it as a
    nisba surname: a nationality adjective follows the title («الرئيس السوداني فلان»), not the name."""
    hit = hits.get(k)
    if hit is None or hit[0] != k + 1 or getattr(hit[1], "how", None) != "demonym":  # type: ignore[index]
        return False
    t = toks[k]
    return t.arabic and not t.punct_before and t.norm.startswith("ال")


def after_initial(toks: list[Tok], k: int) -> bool:
    """Token ``k`` follows an Arabic-spelt initial and its dot: «إس. سومانات», «جيه.دي. فانس»."""
    prev = toks[k - 1]
    return 1 <= toks[k].start - prev.end <= 2 and prev.norm in AR_INITIALS


def _plain_last_word(toks: list[Tok], k: int, hits: dict[int, object]) -> bool:
    """Token k is a name word without the article, and the name must end after it."""
    if k >= len(toks) or _name_ends_after(toks, k, hits):
        return False
    t = toks[k]
    tanween, connector, _abd, article, _final, _nisba, waw, plural, stop, digits, pronoun = (
        _NAME_WORDS.get(t.text) or _name_word(t)
    )
    if tanween or connector or article or waw or plural or stop or digits or pronoun:
        return False
    return _name_ends_after(toks, k + 1, hits)


def _name_ends_after(toks: list[Tok], k: int, hits: dict[int, object]) -> bool:
    """Whether a name cannot go on at token k: end, punctuation, a known entity, a stop word, or a
    preposition glued to the article («للصحفيين», «بالقرار»: no name word starts so)."""
    if k >= len(toks) or toks[k].punct_before or not toks[k].arabic or k in hits:
        return True
    norm = toks[k].norm
    if is_stop_ar(norm) or (norm.startswith(("لل", "بال")) and len(norm) > 4):
        return True
    # a title with its complement right after («أمين الجبوري عضو اللجنة المالية»): the role after the name
    w = words()
    return w.titles.opened(norm) != () and (m := w.titles.match_at(toks, k)) is not None and m[1][0] == "ctitle" and (
        m[0] < len(toks) and not toks[m[0]].punct_before and toks[m[0]].arabic and toks[m[0]].norm.startswith("ال")
    )


def _is_name_en(t: Tok) -> bool:
    w = words()
    if t.text in w.stop_en or not t.capitalised:
        return False
    return any(ch.isalpha() for ch in t.text)


def place_in_name_en(toks: list[Tok], k: int, start: int, hits: dict[int, object]) -> bool:
    """A one-word country, city or agency name that is a given name or a surname: "analyst Jordan Brooks",
    "coordinator Andrés Santiago," — the first word of a name before a capitalised word, or its last
    word after one."""
    hit = hits[k]
    if not (isinstance(hit, tuple) and hit[0] == k + 1 and getattr(hit[1], "how", None) in ("name", "capital", "source")):
        return False
    if not toks[k].capitalised or toks[k].text.isupper():
        return False
    n = len(toks)
    after_name = k + 1 < n and not toks[k + 1].punct_before and k + 1 not in hits and _is_name_en(toks[k + 1])
    if k == start:
        return after_name
    return not after_name and not toks[k].punct_before


@lru_cache(maxsize=1)
def _calendar_words_en() -> frozenset[str]:
    """English weekday and month names (Babel's CLDR data)."""
    loc = Locale("en")
    return frozenset(
        [*loc.days["format"]["wide"].values(), *loc.months["format"]["wide"].values()]
    )


def read_name_en(toks: list[Tok], k: int, hits: dict[int, object]) -> int:
    """End index of a capitalised English name starting at ``k``."""
    w = words()
    start = k
    n = len(toks)
    # "Mr Sunday Ebikeme", "Dr June Park": after an honorific, a weekday or a month is a given name
    calendar_given = (
        start > 0 and toks[start - 1].text.rstrip(".") in w.calendar_name_openers_en and start + 1 < n
        and toks[start].text in w.stop_en and toks[start].text in _calendar_words_en()
        and toks[start + 1].capitalised and toks[start + 1].text not in w.stop_en
    )
    while k < n and k - start < 5:
        t = toks[k]
        if k > start and t.punct_before and not (toks[k - 1].end == t.start - 1 and toks[k - 1].text.isupper()):
            break
        if calendar_given and k == start:
            k += 1
            continue
        if k in hits:
            if not place_in_name_en(toks, k, start, hits):
                break
            k += 1
            continue
        if _is_name_en(t) and t.text not in w.honorifics_en:
            k += 1
            if t.text.endswith(("'s", "’s")):
                break  # "Mohammed bin Salman's Vision 2030": a possessive ends the name
            continue
        if k > start and t.text.lower() in w.particles_en and k + 1 < n and toks[k + 1].capitalised:
            k += 1
            continue
        break
    return k
