"""Actors: who is involved in an article — people, countries, organisations, places, groups.

Countries, organisations and places come from the gazetteer (CLDR + ``config/gazetteer``);
capitals and institutions such as the Kremlin speak for their country. English organisations no
list holds ("Daishin Securities", "Bank of Korea") are read by their head word (``digests.orgs_en``). People are found by titles
and speech patterns (``digests.people``), then recognised later by their surname, with clitics
(«لباشينيان»). Quotes are attributed by ``digests.quotes``. ``extract`` is pure and fast: all word
lists are built once per process, and a sentence is read in one walk over its tokens — each
token's norm looked up once in ``digests.triggers.TABLE`` — after which the gazetteer, bodies,
speech verbs, titles and "led by" phrases are consulted only at the tokens where they may start.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import attrgetter, itemgetter, or_

from digests import institutions, orgs_ar, orgs_en
from digests.gazetteer import Entity, Form, gazetteer
from digests.model import Actor
from digests.people import (
    Words,
    after_initial,
    is_stop_ar,
    place_in_name_en,
    read_name_ar,
    read_name_en,
    strip_clitic,
    words,
)
from digests.phrases import Tok, keys, tokenize
from digests.quotes import Mention, ParagraphSpeech, attribute, has_mark
from digests.text import Document
from digests.textnorm import normalize
from digests.triggers import (
    AMB,
    GAZ,
    INST,
    LED,
    ORG_AR,
    SHORT,
    SPEECH,
    TITLE,
    install,
    installed,
    sentence_bits,
    spellings,
)
from digests.triggers import TABLE as TRIGGERS

log = logging.getLogger(__name__)

_LOCATIVE_AR = frozenset(normalize(x) for x in ("في", "إلى", "داخل", "قرب", "بالقرب", "خارج", "الى"))
_LOCATIVE_EN = frozenset(("in", "at", "to", "near", "outside", "inside", "into"))
_PLAIN_FORMS = frozenset(("name", "demonym"))  # a gazetteer form that names its entity as it is
_THAT_AR = frozenset(("ان", "انه", "انها", "انهم", "انهما"))


@dataclass(slots=True)
class _Acc:
    key: str
    kind: str
    name: str
    name_en: str | None
    role: str | None = None
    role_size: int = 0
    aliases: dict[str, str] = field(default_factory=dict)
    mentions: int = 0
    paragraphs: set[int] = field(default_factory=set)
    quotes: list[str] = field(default_factory=list)
    first: tuple[int, int] = (10**9, 0)
    surfaces: set[str] = field(default_factory=set)  # of a gazetteer entity: surfaces already read

    def seen(self, paragraph: int, pos: int, surface: str | None) -> None:
        self.mentions += 1
        self.paragraphs.add(paragraph)
        where = (paragraph, pos)
        if where < self.first:
            self.first = where
        if surface:
            k = _norm(surface)
            if k and k not in self.aliases and k != _norm(self.name):
                self.aliases[k] = surface


def _new_acc(ent: Entity, english: bool) -> _Acc:
    """The accumulator of a gazetteer entity, named in the article's language."""
    # (positional: key, kind, name, name_en; a keyword call costs a third more and an article
    # makes one per entity)
    return _Acc(ent.key, ent.kind, ent.en if english else (ent.ar or ent.en), ent.en or None)


# name or surface («الاتحاد الأوروبي») → its normalised form (pure, bounded: names repeat across articles)
_NORMS: dict[str, str] = {}
_CACHE_LIMIT = 100_000


def _norm(text: str) -> str:
    found = _NORMS.get(text)
    if found is None:
        found = normalize(text)
        if len(_NORMS) >= _CACHE_LIMIT:
            _NORMS.clear()
        _NORMS[text] = found
    return found


class _Repeated:
    """Article-words («البرهان») a document uses at least twice, once at least without an article-word after it.

    Only a name read to its third word asks (``people.read_name_ar``), and only an article-word
    needs counting: one C-level ``list.count`` over the document's norms (listed on first need).
    """

    __slots__ = ("_norms", "_sentences")

    def __init__(self, sentences: list[list[Tok]]) -> None:
        self._sentences = sentences
        self._norms: list[str] | None = None

    def __contains__(self, norm: object) -> bool:
        if not isinstance(norm, str) or not norm.startswith("ال"):
            return False
        if self._norms is None:
            self._norms = [t.norm for toks in self._sentences for t in toks]
        norms = self._norms
        if norms.count(norm) < 2:
            return False
        # a surname used again stands without an adjective after it: «التانيت الفضي», «التانيت
        # البرونزي» name a prize, not a family
        i, n = -1, len(norms)
        while True:
            try:
                i = norms.index(norm, i + 1)
            except ValueError:
                return False
            if i + 1 >= n or not norms[i + 1].startswith("ال"):
                return True


@dataclass
class _PersonDraft:
    tokens: list[str]  # original name words
    norms: list[str]
    role: str | None
    role_size: int
    country: str | None
    paragraph: int
    start: int
    end: int


_START = attrgetter("start")
_MENTION_START = itemgetter(1)  # ``Mention.start`` of the named tuple, read as its item (C-level)
# ``Mention(...)`` without its Python-level ``__new__``: the hot loop makes one per entity mention
new_mention = tuple.__new__

# (word, lexicon key) → the word without the clitic the key does not have (pure, bounded)
_SURFACES: dict[tuple[str, str], str] = {}


def _surface(tok: Tok, key: str) -> str:
    """Original text of a token without the clitic its lexicon key does not have («للاتحاد» → «الاتحاد»)."""
    if not tok.arabic or key == tok.norm:
        return tok.text
    found = _SURFACES.get((tok.text, key))
    if found is None:
        if key.startswith("ال") and not tok.norm.endswith(key):
            found = "ال" + strip_clitic(tok.text, tok.norm, key[2:])
        else:
            found = strip_clitic(tok.text, tok.norm, key)
        if len(_SURFACES) >= _CACHE_LIMIT:
            _SURFACES.clear()
        _SURFACES[(tok.text, key)] = found
    return found


def _surname(norms: list[str]) -> str:
    w = words()
    tail = [n for n in norms if n not in w.name_final_ar]
    return (tail or norms)[-1]


# a name's norms → its short forms (pure, bounded: names repeat across articles)
_SHORT_FORMS: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}


def _short_forms(norms: list[str]) -> tuple[tuple[str, ...], ...]:
    """How a person may be named again: surname, «بن سلمان», «آل ثاني», «عبد العزيز»."""
    key = tuple(norms)
    found = _SHORT_FORMS.get(key)
    if found is None:
        found = tuple(_read_short_forms(norms))
        if len(_SHORT_FORMS) >= _CACHE_LIMIT:
            _SHORT_FORMS.clear()
        _SHORT_FORMS[key] = found
    return found


def _read_short_forms(norms: list[str]) -> list[tuple[str, ...]]:
    w = words()
    out: list[tuple[str, ...]] = [(_surname(norms),)]
    if len(norms) >= 3 and norms[-2] in w.connectors_ar:
        out.insert(0, tuple(norms[-2:]))
    if len(norms) >= 3 and norms[0] in ("عبد", "ابو"):
        out.append(tuple(norms[:2]))
    if len(norms) >= 4 and norms[-2] in w.particles_en:
        out.append((norms[-3],))  # "Luiz Inacio Lula da Silva" is "Lula" again; "Andres Manuel Lopez Obrador"
    if len(norms) == 4 and norms[-2] not in w.particles_en and norms[-1].isascii():
        out.append(tuple(norms[-2:]))  # (Spanish double surnames: "Lopez Obrador")
    return out


def _sentences(
    doc: Document,
) -> list[tuple[int, list[Tok], dict[int, int] | None, list[str] | None]]:
    """(paragraph, tokens, their trigger bits, their norms) of every sentence found in its paragraph.

    The bits are ``Document.triggers``' when ``prepare`` listed them for these very tokens, else
    None; the norms are ``Document.words``' when the tokens' keys are ``textnorm.tokens``' (what
    ``prepare`` lists there then is ``[t.norm for t in toks]``), else None.
    """
    out: list[tuple[int, list[Tok], dict[int, int] | None, list[str] | None]] = []
    if not doc.sentences:
        return out
    doc.sentence_tokens(0)  # (tokenises the document here when ``prepare`` did not)
    tokens = doc.tokens
    triggers = doc.triggers if len(doc.triggers) == len(tokens) else None
    words = doc.words if len(doc.words) == len(tokens) else None
    append = out.append
    for p, row in enumerate(tokens):  # one entry per sentence of the paragraph
        known = triggers[p] if triggers is not None and len(triggers[p]) == len(row) else None
        texts = words[p] if words is not None and len(words[p]) == len(row) else None
        if known is not None and texts is not None:
            # the common case (``prepare`` listed both), read in step by ``zip`` (no indexing)
            for (offset, toks, same), (listed, trig), norms in zip(row, known, texts, strict=True):
                if offset >= 0 and toks:
                    append((
                        p,
                        toks,
                        trig if listed is toks else None,
                        norms if same and len(norms) == len(toks) else None,
                    ))
            continue
        for s, (offset, toks, same) in enumerate(row):
            if offset >= 0 and toks:
                # (``is``: the bits listed with these tokens, not with tokens made again since)
                trig = known[s][1] if known is not None and known[s][0] is toks else None
                norms = texts[s] if same and texts is not None and len(texts[s]) == len(toks) else None
                out.append((p, toks, trig, norms))
    return out


def _find_person(
    norms: list[str],
    aliases: dict[tuple[str, ...], str],
    fullnames: dict[tuple[str, ...], str],
    short_forms: tuple[tuple[str, ...], ...] | None = None,
) -> str | None:
    """An already drafted person this name refers to (same surname, or one name a prefix of the other).

    ``short_forms``: ``_short_forms(norms)``, when the caller has it already.
    """
    t = tuple(norms)
    if t in fullnames:
        return fullnames[t]
    if len(t) >= 2:
        t0 = t[0]
        for full, pid in fullnames.items():
            if full[0] == t0 and len(full) >= 2:  # (a quick test before comparing the prefixes)
                n = min(len(full), len(t))
                if full[:n] == t[:n]:
                    return pid
    for al in short_forms if short_forms is not None else _short_forms(norms):
        if al in aliases:
            pid = aliases[al]
            if len(t) >= 3 and not any(full[0] == t[0] for full, p in fullnames.items() if p == pid):
                continue  # two full names of one family: «سلمان بن عبدالعزيز آل سعود» is not his son
            return pid
    if len(t) <= 2 and t in aliases:
        return aliases[t]
    return None


def extract(doc: Document) -> list[Actor]:
    """People, countries, organisations and places of a document, most mentioned first."""
    try:
        return _extract(doc)
    except Exception:  # never let odd text break the analysis
        log.exception("actor extraction failed")
        return []


def _extract(doc: Document) -> list[Actor]:
    gaz = gazetteer()
    entities = gaz.entities
    w = words()
    english = doc.language == "en" or (doc.language != "ar" and _mostly_latin(doc))
    accs: dict[str, _Acc] = {}
    # paragraph, tokens, their norms (when ``Document.words`` has them), tokens used
    sentences: list[tuple[int, list[Tok], list[str] | None, set[int]]] = []
    drafts: list[_PersonDraft] = []
    mentions: dict[int, list[Mention]] = {}
    verbs: dict[int, list[tuple[int, int]]] = {}
    bodies: list[tuple[int, list[Tok], institutions.Institution]] = []
    shorts: list[tuple[int, Tok, frozenset[str]]] = []  # «وقال البنك»: paragraph, word, body types
    org_spans_ar: dict[int, list[tuple[int, int]]] = {}  # paragraph → character spans of ``orgs_ar`` bodies
    # (English) per sentence: token → (entity counted, whether it may open a name, whether it is a
    # country's name) of one-word places, capitals and countries
    place_words: list[dict[int, tuple[str, bool, bool]]] = []

    speech_en = w.speech_en
    titles = w.titles

    if not installed():
        install()  # (the next documents' tokens come with their trigger bits)
    all_sents = _sentences(doc)
    repeated = _Repeated([toks for _p, toks, _trig, _norms in all_sents])
    bits_get = TRIGGERS.get
    marked = [has_mark(x) for x in doc.paragraphs]  # paragraphs with a quotation mark
    gaz_spans = gaz.matcher.spans_at  # Gazetteer.hits_at when no ambiguous country name is in sight
    for p, toks, trig, norms in all_sents:
        para = doc.paragraphs[p]
        # One look-up per token says which lexicons may start there (``digests.triggers``); every
        # step below works only at those tokens (a sentence has a handful). ``trig``: index →
        # bits of those tokens (listed by the tokeniser, else here); an unseen word is -1 and
        # makes ``mask`` -1 (every bit set in two's complement), so the sentence is looked up
        # again with the unseen words computed.
        if trig is None:
            trig = {i: b for i, t in enumerate(toks) if (b := bits_get(t.norm, -1))}
        mask = reduce(or_, trig.values(), 0)  # every lexicon that may start in the sentence
        if mask == -1:
            trig = {i: b for i, b in enumerate(sentence_bits(toks)) if b}
            mask = reduce(or_, trig.values(), 0)
        hits: dict[int, tuple[int, Form, str]] = (
            {} if not mask & GAZ
            # (a sentence where only gazetteer names may start: ``trig`` lists their starts)
            else gaz_spans(toks, trig if mask == GAZ else [i for i, b in trig.items() if b & GAZ])
            if not mask & AMB
            else gaz.hits_at(toks, [i for i, b in trig.items() if b & GAZ], [i for i, b in trig.items() if b & AMB])
        )
        found_bodies = (
            institutions.find_at(toks, hits, [i for i, b in trig.items() if b & INST]) if mask & INST else []
        )
        for inst in found_bodies:
            for h in inst.swallowed:  # "National Security Council" is not the U.N. Security Council
                del hits[h]
        # Arabic bodies no list holds, by their head noun («هيئة الطيران المدني»); a place inside
        # one («جامعة القاهرة») is part of its name, no mention of its own
        orgs_here = _find_orgs_ar(toks, trig, hits, found_bodies, entities) if mask & ORG_AR else []
        # tokens of named entities and bodies: every match's first token (a C-level ``set``; a
        # source's is taken out again, a longer match's other tokens are added below)
        used: set[int] = set(hits)
        sentences.append((p, toks, norms, used))
        if english:  # one-word places, capitals and country names, which may stand in an organisation's name
            place_words.append(
                {
                    # (a country opens a name too, "China Communications Construction Company", unless
                    # it is a possessive or letters: "Britain's Labour Party", "US National Highway …")
                    i: (
                        # (a capital after "in", "at" was counted as the city, else as its country)
                        f.place if f.how == "capital" and f.place and i > 0 and toks[i - 1].norm in _LOCATIVE_EN
                        else f.entity,
                        entities[f.entity].kind == "place" or f.how == "capital" or (
                        f.how == "name" and not toks[i].text.isupper() and not toks[i].text.endswith(("'s", "’s"))),
                        entities[f.entity].kind == "country" and f.how == "name",
                    )
                    for i, (j, f, _k) in hits.items()
                    if j == i + 1 and (
                        entities[f.entity].kind == "place" or f.how == "capital"
                        or (entities[f.entity].kind == "country" and f.how == "name")
                    )
                }
                if hits else {}
            )
        loc_end = -1  # the end of the last capital read as a place («في موسكو»)
        # quotes.attribute reads mentions of countries and organisations only to find who said a
        # quote: a paragraph without a quotation mark needs only its people's mentions
        quoted = marked[p]
        para_mentions = mentions.setdefault(p, []) if quoted and hits else None
        # --- gazetteer entities (``hits`` is in token order: matches are found left to right)
        for i, (j, form, key) in hits.items():
            how = form.how
            first = toks[i]
            if how in _PLAIN_FORMS:
                target = form.entity
            elif how == "source":
                used.discard(i)
                continue
            elif how == "capital":
                before = toks[i - 1].norm if i > 0 else ""
                clitic_b = first.arabic and "ب" in first.norm[: max(0, len(first.norm) - len(key))]
                # «في موسكو وباكو»: a capital right after a place is a place too
                locative = (
                    before in _LOCATIVE_AR
                    or before in _LOCATIVE_EN
                    or clitic_b
                    or (loc_end == i and first.norm.startswith("و"))
                )
                if locative:
                    loc_end = j
                target = form.place if locative and form.place else form.entity
            else:  # an institution («الكرملين») speaks for its country
                target = form.entity
                if how == "voice":
                    ent = entities[target]
                    if ent.kind != "place" and ent.country:
                        target = f"country:{ent.country}"
                        if target not in entities:
                            target = form.entity
            surface = first.text if key == first.norm else _surface(first, key)
            if j - i > 1:
                last = toks[j - 1]
                surface = surface + para[first.end : last.end]
                used.update(range(i + 1, j))
            else:
                last = first
            acc = accs.get(target)
            if acc is None:  # sentences and matches come in text order: this is its first mention
                acc = accs[target] = _new_acc(entities[target], english)
                acc.first = (p, first.start)
            # acc.seen(p, first.start, surface), inline; a surface is read once (the name of a
            # gazetteer entity does not change, so a surface seen again adds no alias)
            acc.mentions += 1
            acc.paragraphs.add(p)
            if surface not in acc.surfaces:
                acc.surfaces.add(surface)
                alias = _norm(surface)
                if alias and alias not in acc.aliases and alias != _norm(acc.name):
                    acc.aliases[alias] = surface
            if para_mentions is not None:
                para_mentions.append(new_mention(Mention, (target, first.start, last.end, False, False)))
        # --- national bodies by pattern: «وزارة الداخلية», "Nigeria's central bank"
        for inst in found_bodies:
            bodies.append((p, toks, inst))
            used.update(range(inst.start, inst.end))
        for s, e, head in orgs_here:
            _add_org_ar(p, para, toks, s, e, head, accs, mentions)
            used.update(range(s, e))
            org_spans_ar.setdefault(p, []).append((toks[s].start, toks[e - 1].end))
        if mask & SHORT:
            short_heads = [i for i, b in trig.items() if b & SHORT]
            shorts.extend((p, toks[k], types) for k, types in institutions.find_short_at(toks, used, short_heads))
        # --- speech verbs (an Arabic one by its norm, an English one by its text)
        speech = [k for k, b in trig.items() if b & SPEECH] if mask & SPEECH else []
        if speech:
            speech = [k for k in speech if toks[k].arabic or toks[k].text.lower() in speech_en]
            verbs.setdefault(p, []).extend([(toks[k].start, toks[k].end) for k in speech])
        # --- titled people: at the tokens a title may start, skipping gazetteer matches as a
        # left-to-right reader would (a match's tokens are not read; nor are a title's or a name's)
        if mask & TITLE:
            title_at = [i for i, b in trig.items() if b & TITLE]
            body_spans = {inst.start: inst.end for inst in found_bodies} if found_bodies else None
            if orgs_here:  # «رئيس نقابة الصحفيين المصريين خالد البلشي»: the body belongs to the title
                body_spans = (body_spans or {}) | {s: e for s, e, _head in orgs_here}
            resume = 0
            for i in sorted(hits.keys() | title_at) if hits else title_at:
                if i < resume:
                    continue
                if i in hits:
                    resume = hits[i][0]
                    continue
                m = titles.match_at(toks, i)
                if m is None:
                    continue
                end, (kind, _title), tkey = m
                if i > 0 and toks[i].arabic and not toks[i].punct_before and (
                    toks[i - 1].norm in w.place_heads_ar
                    or (toks[i - 1].norm[:1] in "وبلف" and toks[i - 1].norm[1:] in w.place_heads_ar)
                ):
                    resume = end  # «مسجد السيدة نفيسة», «مطار الملك خالد»: a place named after a person
                    continue
                if toks[i].arabic and w.division_titles_ar and _title_text(toks, i, end) in w.division_titles_ar and (
                    toks[i].norm[:1] in "بل" or (i > 0 and toks[i - 1].norm in _DIVISION_PREPOSITIONS)
                ):
                    resume = end  # «النائب عن محافظة البصرة»: the governorate, not a governor
                    continue
                draft = _read_titled(para, toks, i, end, kind, tkey, hits, english, p, repeated, body_spans)
                if draft is None:
                    resume = end
                    continue
                drafts.append(draft)
                if not english:
                    _unsay_nisba(draft, toks, hits, accs)
                else:
                    _unsay_places_en(draft, toks, hits, accs)
                resume = max(end, bisect_left(toks, draft.end, key=_START))  # the token after the name
        # --- untitled people introduced by a speech verb: «قال أنطونيو غوتيريش إن ...», "John Smith said"
        for k in speech:
            t = toks[k]
            if t.arabic and t.punct_before and t.norm[:1] == "ف":
                _topic_ar(para, toks, k, hits, drafts, p, repeated, accs)
            # «وقال الكيني دانيال أوتينو الخبير في …»: a demonym between the verb and the name
            b = k + 1
            if (
                t.arabic and b in hits and hits[b][1].how == "demonym" and hits[b][0] < len(toks)
                and not toks[hits[b][0]].punct_before and hits[b][0] not in hits
            ):
                b = hits[b][0]
            if t.arabic and b < len(toks) and b not in hits:
                e = read_name_ar(toks, b, hits, repeated)
                titled_after = e < len(toks) and not toks[e].punct_before and titles.match_at(toks, e) is not None
                if 2 <= e - b <= 3 and (
                    e == len(toks) or toks[e].norm in _THAT_AR or toks[e].punct_before or titled_after
                ):
                    name = toks[b:e]
                    if not any(d.paragraph == p and d.start <= name[0].start < d.end for d in drafts):
                        # «قال جمال باعشن كبير الاقتصاديين في شركة الراجحي»: the role right after the name
                        role = _role_after_ar(para, toks, e, hits) if titled_after else apposition(para, toks, e, False)
                        drafts.append(_draft(name, role, len(role.split()) if role else 0, None, p))
                        _unsay_nisba(drafts[-1], toks, hits, accs)
            elif not t.arabic and _untitled_en(para, toks, k, hits, drafts, p):
                _unsay_places_en(drafts[-1], toks, hits, accs)  # ("said Jordan Fischer": no mention of Jordan)
            elif not t.arabic and k >= 2:
                # "... John Smith said"
                s = k
                while (
                    s > 0 and _name_tok_en(toks[s - 1], hits, s - 1) and s - 1 not in used and k - s < 4
                    and (s == k or not toks[s].punct_before) and toks[s - 1].norm not in w.company_nouns_en
                ):  # ("Separately, Kasumi said": the comma ends the name; "Carmaker Kasumi Motor said")
                    s -= 1
                if s > 0 and toks[s - 1].norm in _PLACE_PREPOSITIONS_EN and not toks[s].punct_before:
                    s = k  # "the union at Santa Inés said": a place, not a speaker
                if s > 0 and k - s >= 2 and not toks[s].punct_before and toks[s - 1].norm in w.company_nouns_en:
                    _add_org_en(accs, mentions, para, toks, s, k, p)  # "its operator HS Orka said": a company
                    used.update(range(s, k))
                    s = k
                if k - s >= 2 and not toks[k].punct_before and not any(
                    d.paragraph == p and d.start < toks[k].start and toks[s].start < d.end for d in drafts
                ):  # overlapping a titled name: "Chief Executive Priya Raman told" is Priya Raman
                    drafts.append(_draft(toks[s:k], None, 0, None, p))

        # --- "Marisol Tapia, 52, whose son …", "Hope Fairbanks, who chairs …": people named before
        # their age or a who-clause
        if not toks[0].arabic and "," in para:
            _described_en(para, toks, hits, drafts, p, accs)
        # (for Arabic, C-level substring tests first: cheaper than the pattern's scan)
        elif toks[0].arabic and (" عام" in para or " سن" in para) and _AGE_AR.search(para, toks[0].start, toks[-1].end + 1):
            _aged_ar(para, toks, hits, drafts, p, repeated, accs)
        # --- leaders: «حزب التقدم الذي يتزعمه خالد العبيدي», "the party, led by John Mahama,"
        if mask & LED:
            _read_leaders(para, toks, hits, drafts, p, repeated, [i for i, b in trig.items() if b & LED])

    if org_spans_ar:  # «وقالت نقابة الصحفيين» is no person
        drafts = [d for d in drafts if not _inside(d.start, org_spans_ar.get(d.paragraph, []))]
    # --- English organisations no list holds, by their head word: "Daishin Securities"
    if english:
        org_spans = _add_orgs_en(doc, sentences, accs, mentions, place_words)
        if org_spans:  # "Micron Technology said" is no person
            drafts = [d for d in drafts if not _inside(d.start, org_spans.get(d.paragraph, []))]
        _recurring_names_en(doc, sentences, drafts)

    # --- merge people by surname and shared name prefixes, keep the longest name and most specific role
    people: dict[str, _Acc] = {}
    person_paras: set[int] = set()  # paragraphs where a person is mentioned
    aliases: dict[tuple[str, ...], str] = {}
    fullnames: dict[tuple[str, ...], str] = {}
    for d in sorted(drafts, key=lambda d: -len(d.norms)):
        forms = _short_forms(d.norms)
        pid = _find_person(d.norms, aliases, fullnames, forms)
        clitic = False
        if pid is None and len(d.norms) == 1:
            for v in keys(d.norms[0])[1:]:
                if (v,) in aliases:
                    pid, clitic = aliases[(v,)], True  # «الرئيس لباشينيان»: said to Pashinyan
                    break
        if clitic and pid is not None:
            people[pid].seen(d.paragraph, d.start, None)
            mentions.setdefault(d.paragraph, []).append(
                Mention(pid, d.start, d.end, person=True, addressee=d.norms[0].startswith(("ل", "ول")))
            )
            person_paras.add(d.paragraph)
            continue
        name = " ".join(d.tokens)
        if pid is None:
            pid = f"person:{' '.join(d.norms)}"
            people[pid] = _Acc(pid, "person", name, name if english else None)  # key, kind, name, name_en
        a = people[pid]
        if len(d.tokens) > len(a.name.split()):
            old = a.name
            a.name = name
            a.aliases.setdefault(normalize(old), old)
            if english:
                a.name_en = a.name
        if d.role and d.role_size > a.role_size:
            a.role, a.role_size = d.role, d.role_size
        fullnames[tuple(d.norms)] = pid
        for al in forms:
            aliases.setdefault(al, pid)
        a.seen(d.paragraph, d.start, name)
        mentions.setdefault(d.paragraph, []).append(new_mention(Mention, (pid, d.start, d.end, True, False)))
        person_paras.add(d.paragraph)
    for full, pid in fullnames.items():
        aliases.setdefault(full, pid)
    # --- later mentions by surname or short name, with clitics («لباشينيان», «وعلييف»)
    drafted: dict[int, list[tuple[int, int]]] = {}  # paragraph → character spans of the names drafted
    for d in drafts:
        drafted.setdefault(d.paragraph, []).append((d.start, d.end))
    # short names by their first word: (the words after it, person)
    by_first: dict[str, list[tuple[list[str], str]]] = {}
    for al, pid in aliases.items():
        by_first.setdefault(al[0], []).append((list(al[1:]), pid))
    # every token norm one of whose keys starts a short name: the only tokens worth a look
    spelt = frozenset().union(*(spellings(first) for first in by_first))
    for sp, toks, norms, used in sentences if spelt else ():
        if norms is not None and spelt.isdisjoint(norms):  # (C-level: most sentences name nobody)
            continue
        # (the listed norms, when there are, are read without an attribute look-up per token)
        starts = (
            [k for k, t in enumerate(toks) if t.norm in spelt]
            if norms is None
            else [k for k, n in enumerate(norms) if n in spelt]
        )
        if not starts:
            continue
        para = doc.paragraphs[sp]
        spans = drafted.get(sp)
        # ``norms``: the tokens' norms, listed when a longer name needs them
        n_toks = len(toks)
        resume = 0  # the end of the last name found: the next starts after it
        for k in starts:
            t = toks[k]
            if (
                k < resume
                or (not t.arabic and not t.capitalised)
                or k in used
                or (spans and _inside(t.start, spans))
            ):
                continue
            # the longest short name starting here; of two as long, the one by the earlier key
            found: tuple[int, str, str] | None = None
            for v in keys(t.norm):
                for rest, pid in by_first.get(v, ()):
                    size = len(rest) + 1
                    if k + size > n_toks or (found is not None and size <= found[0]):
                        continue
                    if rest:
                        if norms is None:
                            norms = [x.norm for x in toks]
                        if norms[k + 1 : k + size] != rest:
                            continue
                    found = (size, v, pid)
            if not found:
                continue
            size, v, pid = found
            end = toks[k + size - 1].end
            people[pid].seen(sp, t.start, _surface(t, v) + para[t.end : end])
            addressee = t.arabic and v != t.norm and t.norm[: len(t.norm) - len(v)].endswith("ل")
            mentions.setdefault(sp, []).append(new_mention(Mention, (pid, t.start, end, True, addressee)))
            person_paras.add(sp)
            resume = k + size
    accs.update(people)
    _add_bodies(doc, bodies, accs, mentions, english, shorts)
    # --- quotes
    # (paragraphs without a quotation mark, a speech verb or a person change nothing: left out;
    # an article without a quotation mark has no quote to attribute)
    paragraphs = doc.paragraphs
    speech = [
        ParagraphSpeech(
            paragraphs[p], sorted(mentions.get(p, ()), key=_MENTION_START), sorted(verbs.get(p, ())), english, p, marked[p]
        )
        for p in range(len(paragraphs))
        if p in person_paras or verbs.get(p) or marked[p]
    ] if any(marked) else []
    for key, quote, _p in attribute(speech):
        if key in accs and quote not in accs[key].quotes:
            accs[key].quotes.append(quote)
    # --- output
    out = [
        Actor(  # positional: name, kind, name_en, role, aliases, mentions, paragraphs, quotes
            a.name, a.kind, a.name_en, a.role, list(a.aliases.values()), a.mentions, sorted(a.paragraphs), a.quotes
        )
        for a in sorted(accs.values(), key=lambda a: (-a.mentions, a.first))
        if a.name.strip() and a.mentions > 0
    ]
    return out


def _find_orgs_ar(
    toks: list[Tok],
    trig: dict[int, int],
    hits: dict[int, tuple[int, Form, str]],
    bodies: list[institutions.Institution],
    entities: dict[str, Entity],
) -> list[tuple[int, int, str]]:
    """``orgs_ar.find`` in one sentence. A city inside a body's name is dropped: «جامعة القاهرة»
    names no place and speaks for no country. A country stays, as in English ("Dutch National Cyber
    Security Centre"): «الشركة الموريتانية للكهرباء» is a Mauritanian company."""
    taken = {x for inst in bodies for x in range(inst.start, inst.end)}
    entity_end: dict[int, tuple[int, str, str]] = {}
    for i, (j, form, _key) in hits.items():
        taken.update(range(i, j))
        if form.how != "source":
            entity_end[i] = (j, entities[form.entity].kind, form.how)
    titled = {i for i, b in trig.items() if b & TITLE}
    found = orgs_ar.find(toks, [i for i, b in trig.items() if b & ORG_AR], taken, entity_end, titled)
    for s, e, _head in found:
        for i in [i for i in hits if s <= i < e and (hits[i][1].how == "capital" or entity_end[i][1] == "place")]:
            del hits[i]
    return found


def _add_org_ar(
    p: int, para: str, toks: list[Tok], s: int, e: int, head: str, accs: dict[str, _Acc], mentions: dict[int, list[Mention]]
) -> None:
    """Count one body ``orgs_ar`` found (its first word without the clitic: «وبجامعة» → «جامعة»;
    ``head``: that word's key, with «ال» when it had the article)."""
    first = toks[s]
    surface = _surface(first, head)
    start = first.start + len(first.text) - len(surface)
    end = toks[e - 1].end
    # («للصندوق» → «الصندوق»: «ل» and the article less its alef keep the word's length)
    name = surface + para[first.end : end]
    key = "org:ar:" + " ".join([normalize(surface), *(t.norm for t in toks[s + 1 : e])])
    _count_org(accs, mentions, key, name, p, start, end)


def _add_org_en(
    accs: dict[str, _Acc], mentions: dict[int, list[Mention]], para: str, toks: list[Tok], s: int, e: int, p: int
) -> None:
    """Count one English organisation named by toks[s:e] (keyed as ``_add_orgs_en`` keys them)."""
    start, end = toks[s].start, toks[e - 1].end
    name = para[start:end]
    _count_org(accs, mentions, "org:en:" + _norm(name).lower(), name, p, start, end)


def _count_org(
    accs: dict[str, _Acc], mentions: dict[int, list[Mention]], key: str, name: str, p: int, start: int, end: int
) -> None:
    """One mention of an organisation found by pattern (the first one names it)."""
    acc = accs.get(key)
    if acc is None:
        acc = accs[key] = _Acc(key, "organisation", name, name)
    acc.seen(p, start, name)
    mentions.setdefault(p, []).append(new_mention(Mention, (key, start, end, False, False)))


def _add_orgs_en(
    doc: Document,
    sentences: list[tuple[int, list[Tok], list[str] | None, set[int]]],
    accs: dict[str, _Acc],
    mentions: dict[int, list[Mention]],
    place_words: list[dict[int, tuple[str, bool, bool]]],
) -> dict[int, list[tuple[int, int]]]:
    """Count the organisations ``orgs_en`` finds; returns paragraph → their character spans.

    ``place_words``: per sentence, the one-word places, capitals and country names, which may stand
    in a name: a place or a capital may open one ("Sahel Health Alliance", "Tokyo Electric Power
    Co") and is then no mention of its own; a country may end one after "of" ("People's Bank of
    China") and stays mentioned (the body is that country's)."""
    heads = orgs_en.org_words().heads
    spans: dict[int, list[tuple[int, int]]] = {}
    inner_caps: set[str] | None = None
    for (p, toks, _norms, used), places in zip(sentences, place_words, strict=True):
        if heads.isdisjoint([t.text for t in toks]):  # (C-level: most sentences name no such body)
            continue
        para = doc.paragraphs[p]
        if inner_caps is None:
            inner_caps = {t.text for _p, ts, _n, _u in sentences for t in ts[1:] if t.capitalised}
        prefixes = {x for x, (_key, opens, _country) in places.items() if opens}
        for s, e in orgs_en.find(toks, used, inner_caps, prefixes, places):
            for x in range(s, e):
                if x in prefixes and not places[x][2]:
                    _unsay(accs, places[x][0])  # (a country's name in a name stays mentioned: the body is its)
            _add_org_en(accs, mentions, para, toks, s, e, p)
            used.update(range(s, e))
            spans.setdefault(p, []).append((toks[s].start, toks[e - 1].end))
    return spans


def _title_text(toks: list[Tok], i: int, end: int) -> str:
    """A title's words, normalised, without the conjunction or clitic the first one came with."""
    first = toks[i].norm
    if first[:1] in "وف" and len(first) > 4:
        first = first[1:]
    return " ".join([first, *(t.norm for t in toks[i + 1 : end])])


def _unsay_places_en(d: _PersonDraft, toks: list[Tok], hits: dict[int, tuple[int, Form, str]], accs: dict[str, _Acc]) -> None:
    """A country or city name read as part of an English name ("Jordan Brooks", "Andrés Santiago")
    is no mention of that country."""
    first = bisect_left(toks, d.start, key=_START)
    last = bisect_left(toks, d.end, key=_START)
    for k in range(first, last):
        if k in hits:
            _unsay(accs, hits[k][1].entity)


def _unsay(accs: dict[str, _Acc], key: str) -> None:
    """Take back one mention of a gazetteer entity (dropped when none is left)."""
    acc = accs.get(key)
    if acc is not None:
        acc.mentions -= 1
        if acc.mentions <= 0:
            del accs[acc.key]


def _unsay_nisba(d: _PersonDraft, toks: list[Tok], hits: dict[int, tuple[int, Form, str]], accs: dict[str, _Acc]) -> None:
    """A demonym read as a name's nisba surname («محمد شياع السوداني») is no mention of its country."""
    last = bisect_left(toks, d.end, key=_START) - 1  # the name's last token
    if last < 0 or last not in hits or hits[last][1].how != "demonym" or toks[last].start < d.start:
        return
    _unsay(accs, hits[last][1].entity)


def _recurring_names_en(
    doc: Document, sentences: list[tuple[int, list[Tok], list[str] | None, set[int]]], drafts: list[_PersonDraft]
) -> None:
    """People named without a title or a speech verb, known by their surname coming back alone:
    "Jannik Sinner won …" then "Sinner said" — how a news story names a person after the first time.

    A candidate is a run of two or three capitalised name words (no gazetteer name, body or title);
    it is a person when its last word stands alone (or with 's) somewhere else in the article.
    """
    w = words()
    not_last = w.not_person_last_en | orgs_en.org_words().heads  # "Weather Administration" is a body
    speech = w.speech_en
    runs: list[tuple[int, list[Tok], int, int]] = []  # paragraph, tokens, start, end
    alone: set[str] = set()  # words standing alone: capitalised, no name word on either side
    for p, toks, _norms, used in sentences:
        n = len(toks)
        k = 0
        while k < n:
            if not _name_word_en(toks[k], used, k) or toks[k].text.isupper():  # ("DELETE FROM": no name)
                k += 1
                continue
            e = k + 1
            while (
                e < n
                and not toks[e].punct_before
                and not toks[e - 1].text.endswith(("'s", "’s"))  # "Nigel Farage's Reform UK": the name ends at 's
                and _name_word_en(toks[e], used, e)
                and not toks[e].text.isupper()
            ):
                e += 1
            if e - k == 1:
                # (a capital at a sentence's start says nothing, unless a comma or a speech verb follows:
                # "Sinner, 23, now has", "Sinner said"; not "Teams from Japan arrived")
                if k > 0 or (k + 1 < n and (toks[k + 1].punct_before or toks[k + 1].text in speech)):
                    word = toks[k].text
                    alone.add(word[:-2] if word.endswith(("'s", "’s")) else word)
            elif e - k <= 3:
                runs.append((p, toks, k, e))
            k = e
    if not runs or not alone:
        return
    taken = {(d.paragraph, d.start) for d in drafts}
    spans: dict[int, list[tuple[int, int]]] = {}
    for d in drafts:
        spans.setdefault(d.paragraph, []).append((d.start, d.end))
    for p, toks, s, e in runs:
        last = toks[e - 1].text
        last = last[:-2] if last.endswith(("'s", "’s")) else last
        if last not in alone or last in not_last or (p, toks[s].start) in taken:
            continue
        if _inside(toks[s].start, spans.get(p, [])) or _inside(toks[e - 1].start, spans.get(p, [])):
            continue
        role = apposition(doc.paragraphs[p], toks, e, True)
        drafts.append(_draft(toks[s:e], role, len(role.split()) if role else 0, None, p))
        spans.setdefault(p, []).append((toks[s].start, toks[e - 1].end))


def _read_leaders(
    para: str, toks: list[Tok], hits: dict[int, tuple[int, Form, str]], drafts: list[_PersonDraft], p: int,
    repeated: Container[str], starts: list[int],
) -> None:
    """People named as a group's leader: a name (no title: titles are read already) after «بقيادة», "led by".

    ``starts``: the indices of the tokens a "led by" phrase may start at.
    """
    led_by = words().led_by
    if led_by is None:
        return
    n = len(toks)
    for i in starts:
        m = led_by.match_at(toks, i)
        if m is None or m[0] >= n or toks[m[0]].punct_before:
            continue
        k = m[0]
        if k in hits or words().titles.match_at(toks, k) is not None:
            continue
        if toks[k].arabic:
            e = read_name_ar(toks, k, hits, repeated)
            ends_ok = e == n or toks[e].punct_before or is_stop_ar(toks[e].norm) or e in hits
        else:
            e = read_name_en(toks, k, hits)
            ends_ok = e == n or toks[e].punct_before or not toks[e].capitalised
        if not 2 <= e - k <= 4 or not ends_ok:
            continue
        if any(d.paragraph == p and d.start <= toks[k].start < d.end for d in drafts):
            continue
        role = apposition(para, toks, e, not toks[k].arabic)
        drafts.append(_draft(toks[k:e], role, len(role.split()) if role else 0, None, p))


def _article_country(doc: Document, accs: dict[str, _Acc]) -> str | None:
    """The country a story is about: its dateline's, if the article names it, else the most mentioned."""
    countries = [a for a in accs.values() if a.kind == "country"]
    if doc.dateline:
        for _i, _j, form, _key in gazetteer().find(tokenize(doc.dateline.place)):
            country = institutions.country_of(form)
            if country in accs:
                return country
    if not countries:
        return None
    return min(countries, key=lambda a: (-a.mentions, a.first)).key


def _add_bodies(
    doc: Document,
    bodies: list[tuple[int, list[Tok], institutions.Institution]],
    accs: dict[str, _Acc],
    mentions: dict[int, list[Mention]],
    english: bool,
    shorts: list[tuple[int, Tok, frozenset[str]]] = (),  # type: ignore[assignment]
) -> None:
    """National bodies as organisation actors, keyed by type, portfolio and country.

    A short reference («وقال البنك», "the ministry said") is one more mention of the body named
    before it, when exactly one body of the types it may stand for is named before it.
    """
    if not bodies:
        return
    home = _article_country(doc, accs)
    named: list[tuple[str, str, tuple[int, int]]] = []  # (body type, key, where it is named)
    for p, toks, inst in bodies:
        country = inst.country or (None if inst.kind.explicit else home)
        key = inst.key(country)
        where = country and institutions.country_name(country)
        name_en = f"{inst.kind.en} ({where})" if where else inst.kind.en
        first, last = toks[inst.start], toks[inst.end - 1]
        surface = doc.paragraphs[p][first.start : last.end]
        if first.arabic:
            first_key = inst.first_key or (
                keys(first.norm)[-1] if first.norm.startswith(("لل", "ولل", "فلل")) else first.norm
            )
            surface = _surface(first, first_key) + doc.paragraphs[p][first.end : last.end]
        a = accs.get(key)
        if a is None:
            a = accs[key] = _Acc(key=key, kind="organisation", name=name_en if english else surface, name_en=name_en)
        a.seen(p, first.start, surface)
        mentions.setdefault(p, []).append(Mention(key, first.start, last.end, person=False))
        named.append((inst.kind.type, key, (p, first.start)))
    for p, tok, types in shorts:
        candidates = {key for t, key, where in named if t in types and where < (p, tok.start)}  # named before
        if len(candidates) != 1:
            continue
        key = candidates.pop()
        accs[key].seen(p, tok.start, None)
        mentions.setdefault(p, []).append(Mention(key, tok.start, tok.end, person=False))


def _dot_gap(para: str, a: Tok, b: Tok) -> bool:
    """Only an abbreviation's full stop between two words ("U.S. Secretary")."""
    return para[a.end : b.start].strip() == "."


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    for start, end in spans:  # (a loop: no generator for a list of one or two spans)
        if start <= pos < end:
            return True
    return False


def _mostly_latin(doc: Document) -> bool:
    text = doc.title + " ".join(doc.paragraphs[:5])
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return latin > 0.5 * max(1, sum(1 for ch in text if ch.isalpha()))


def _name_tok_en(t: Tok, hits: dict[int, tuple[int, Form, str]], k: int) -> bool:
    w = words()
    return (
        k not in hits
        and not t.arabic
        and t.capitalised
        and t.text not in w.stop_en
        and w.titles.match_at([t], 0) is None
        and any(ch.isalpha() for ch in t.text)
    )


def _name_word_en(t: Tok, hits: dict[int, tuple[int, Form, str]], k: int) -> bool:
    """A capitalised name word, or "al-Saadi" / "el-Sisi" (a lower-case particle joined by a hyphen)."""
    if _name_tok_en(t, hits, k):
        return True
    head, _, tail = t.text.partition("-")
    return k not in hits and head in words().particles_en and tail[:1].isupper()


def _name_or_place_word_en(toks: list[Tok], x: int, hits: dict[int, tuple[int, Form, str]]) -> bool:
    """``_name_word_en``, or a one-word place or country that is a given name or a surname here
    ("Jordan Fischer", "Paris Whitmore"), or a month that is a given name ("April Ross": a
    capitalised word follows it, not a day number)."""
    if _name_word_en(toks[x], hits, x) or (x in hits and place_in_name_en(toks, x, x, hits)):
        return True
    return (
        toks[x].text in words().given_months_en and x + 1 < len(toks) and not toks[x + 1].punct_before
        and toks[x + 1].capitalised and toks[x + 1].number is None and _name_word_en(toks[x + 1], hits, x + 1)
    )



def _of_country_en(toks: list[Tok], x: int, hits: dict[int, tuple[int, Form, str]]) -> bool:
    """"of Samoa," right after a name: "of" and a country that ends the clause."""
    if x + 1 >= len(toks) or toks[x].norm != "of" or x + 1 not in hits or toks[x + 1].punct_before:
        return False
    j, form, _key = hits[x + 1]
    return gazetteer().entities[form.entity].kind == "country" and (j == len(toks) or toks[j].punct_before)


@lru_cache(maxsize=1)
def _time_function_words() -> frozenset[str]:
    """The timeline's function words («الماضي», «المقبل»): no adjective of a title."""
    from digests.timexpr import time_words  # (the timeline's data; imported late, on first use)

    return time_words().function_words


@lru_cache(maxsize=1)
def _function_words_en() -> frozenset[str]:
    """English function words («in», «that»): never a role before a name after "said"."""
    from digests.timexpr import time_words  # (the timeline's data; imported late, on first use)

    return frozenset(w for w in time_words().function_words if w.isascii())


def _untitled_en(
    para: str, toks: list[Tok], k: int, hits: dict[int, tuple[int, Form, str]], drafts: list[_PersonDraft], p: int
) -> bool:
    """English speakers without a title: "said Ama Darko, a teacher", "Karim al-Saadi, Iraq's oil minister, told"."""
    n = len(toks)
    s = e = None
    role_word = None
    if (
        k + 3 < n and toks[k + 1].text.isalpha() and toks[k + 1].text.islower() and not toks[k + 1].punct_before
        and not toks[k + 2].punct_before and toks[k + 1].norm not in _function_words_en()
        and _name_word_en(toks[k + 2], hits, k + 2)
    ):
        role_word, k = toks[k + 1].text, k + 1  # "said resident Hope Delacroix": a common noun as role
    if k + 2 < n and not toks[k + 1].punct_before and _name_or_place_word_en(toks, k + 1, hits):
        x = k + 1
        while x < n and x - k <= 4 and (x == k + 1 or not toks[x].punct_before) and _name_or_place_word_en(toks, x, hits):
            x += 1
        if 2 <= x - (k + 1) <= 3 and (
            x == n or toks[x].punct_before or _of_country_en(toks, x, hits)
        ):
            s, e = k + 1, x  # "said Ama Darko, a teacher ...", "said Losa Faleolo of Samoa, who …"
    if s is None and toks[k].punct_before and para[toks[k - 1].end : toks[k].start].strip() == ",":
        a = k - 1
        while a > 0 and not toks[a].punct_before and k - a < _MAX_APPOSITION:
            a -= 1
        if a > 0 and toks[a].punct_before:
            x = a
            while x > 0 and a - x < 4 and _name_word_en(toks[x - 1], hits, x - 1) and (x - 1 == a - 1 or not toks[x].punct_before):
                x -= 1
            if 2 <= a - x <= 3 and (x == 0 or toks[x].punct_before) and apposition(para, toks, a, True):
                s, e = x, a  # "Karim al-Saadi, Iraq's oil minister, told"
        role_before = None
        if (
            s is None and a > 0 and toks[a].punct_before and 2 <= k - a <= 3
            and para[toks[a - 1].end : toks[a].start].strip() == ","
            and all(_name_word_en(toks[x], hits, x) for x in range(a, k))
        ):
            s, e = a, k  # "A spokesperson for the State Department, Matthew Miller, said"
            b = a - 1  # the role: back to the punctuation before it ("U.S." is no stop)
            while b > 0 and (not toks[b].punct_before or _dot_gap(para, toks[b - 1], toks[b])) and a - b < _MAX_APPOSITION:
                b -= 1
            if not toks[b].capitalised or toks[b].norm in ("a", "an", "the"):
                first = b + 1 if toks[b].norm in ("a", "an", "the") else b
                role_before = para[toks[first].start : toks[a - 1].end] if first < a else None
        if role_before is not None and s is not None:
            if any(d.paragraph == p and d.start <= toks[s].start < d.end for d in drafts):
                return False
            drafts.append(_draft(toks[s:e], role_before, len(role_before.split()), None, p))
            return True
    if s is None or any(d.paragraph == p and d.start <= toks[s].start < d.end for d in drafts):
        return False
    role = apposition(para, toks, e, True) or role_word
    drafts.append(_draft(toks[s:e], role, len(role.split()) if role else 0, None, p))
    return True


def _name_ending_en(toks: list[Tok], k: int, hits: dict[int, tuple[int, Form, str]]) -> int | None:
    """The start of two or three name words right before toks[k] (no punctuation between them), or None."""
    x = k
    while x > 0 and k - x < 4 and (x == k or not toks[x].punct_before) and _name_or_place_word_en(toks, x - 1, hits):
        x -= 1
    return x if 2 <= k - x <= 3 else None


def _add_person_en(
    toks: list[Tok],
    x: int,
    k: int,
    role: str | None,
    hits: dict[int, tuple[int, Form, str]],
    drafts: list[_PersonDraft],
    p: int,
    accs: dict[str, _Acc],
) -> None:
    """A person named by toks[x:k], unless a draft holds that name already; a place in the name is no mention."""
    if any(d.paragraph == p and d.start <= toks[x].start < d.end for d in drafts):
        return
    drafts.append(_draft(toks[x:k], role, len(role.split()) if role else 0, None, p))
    _unsay_places_en(drafts[-1], toks, hits, accs)


# ", 52," after a word: an age in apposition («Marisol Tapia, 52,»)
_AGE_EN = re.compile(r", ([1-9]\d?|10\d)(?:, |\.|$)")
_MAX_AGE = 110
_WHO_EN = re.compile(r", who(?:se)? ")  # "Hope Fairbanks, who chairs …"


def _described_en(
    para: str,
    toks: list[Tok],
    hits: dict[int, tuple[int, Form, str]],
    drafts: list[_PersonDraft],
    p: int,
    accs: dict[str, _Acc],
) -> None:
    """People named before their age or a who-clause: "Marisol Tapia, 52, whose son …", "neighbour
    Ana Ruiz, 40, a nurse", "Hope Fairbanks, who chairs the consumer group, said" (also when the
    given name is a city's: "Paris Whitmore, 34,")."""
    if _WHO_EN.search(para, toks[0].start, toks[-1].end + 1):
        for k in range(2, len(toks)):
            if toks[k].norm not in ("who", "whose") or para[toks[k - 1].end : toks[k].start].strip() != ",":
                continue
            x = _name_ending_en(toks, k, hits)  # two or three name words that open the sentence or a clause
            if x is None or (x > 0 and not toks[x].punct_before):
                continue
            if any(x <= h < k for h in hits) and not any(place_in_name_en(toks, h, x, hits) for h in hits if x <= h < k):
                continue  # (a place or a body: "New York, which …")
            _add_person_en(toks, x, k, None, hits, drafts, p, accs)
    if not _AGE_EN.search(para, toks[0].start, toks[-1].end + 1):
        return
    starts = [t.start for t in toks]
    for m in _AGE_EN.finditer(para, toks[0].start, toks[-1].end + 1):
        k = bisect_left(starts, m.start(1))
        if k >= len(toks) or toks[k].start != m.start(1) or not toks[k].punct_before:
            continue
        if toks[k].number is None or not 0 < toks[k].number <= _MAX_AGE or (k + 1 < len(toks) and not toks[k + 1].punct_before):
            continue  # (the age ends the sentence, or punctuation follows it)
        x = _name_ending_en(toks, k, hits)
        if x is None or (x > 0 and not toks[x].punct_before and toks[x - 1].capitalised):
            continue
        role = apposition(para, toks, k + 1, True) if k + 1 < len(toks) else None
        _add_person_en(toks, x, k, role, hits, drafts, p, accs)


def _paren_end(para: str, toks: list[Tok], k: int) -> int | None:
    """The token after a bracketed acronym of one to three words opening at toks[k] («(الفاو)»), or None."""
    if para[toks[k - 1].end : toks[k].start].strip() != "(":
        return None
    for x in range(k + 1, min(k + 4, len(toks) + 1)):
        if x == len(toks):
            return None
        if toks[x].punct_before:
            return x if para[toks[x - 1].end : toks[x].start].strip()[:1] == ")" else None
    return None


def _topic_ar(
    para: str,
    toks: list[Tok],
    k: int,
    hits: dict[int, tuple[int, Form, str]],
    drafts: list[_PersonDraft],
    p: int,
    repeated: Container[str],
    accs: dict[str, _Acc],
) -> None:
    """«أما بشرى أيت علي، رئيسة تعاونية نسائية …، فأكدت»: a name after «أما», its role between
    commas, and a speech verb with «ف» (at toks[k])."""
    if para[toks[k - 1].end : toks[k].start].strip() not in _COMMAS:
        return
    a = k - 1
    while a > 0 and not toks[a].punct_before and k - a <= _MAX_ROLE_AFTER:
        a -= 1
    if a <= 1 or not toks[a].punct_before or para[toks[a - 1].end : toks[a].start].strip() not in _COMMAS:
        return
    role_start = a + 1 if toks[a].norm in _APPOSITION_AR else a  # («، وهو نجار في …،»)
    if role_start == a and words().titles.match_at(toks, a) is None:
        return
    for m in range(a - 3, max(-1, a - 6), -1):
        if toks[m].norm == "اما" and not toks[m + 1].punct_before:
            if read_name_ar(toks, m + 1, hits, repeated) != a:
                return
            if any(d.paragraph == p and d.start <= toks[m + 1].start < d.end for d in drafts):
                return
            role = para[toks[role_start].start : toks[k - 1].end].strip(" ,،")
            drafts.append(_draft(toks[m + 1 : a], role, len(role.split()), None, p))
            _unsay_nisba(drafts[-1], toks, hits, accs)
            return


# «(45 عاما)», «، 38 عاما،» after a word: an age in apposition
# (a digit and «عام»/«سن» after it: few places in a sentence to try; ``_aged_ar`` checks the rest)
_AGE_AR = re.compile(r"[0-9\u0660-\u0669] (?:عام|سن)")
_YEARS_AR = frozenset(("عاما", "عام", "سنه", "سنوات", "عاما"))


def _aged_ar(
    para: str,
    toks: list[Tok],
    hits: dict[int, tuple[int, Form, str]],
    drafts: list[_PersonDraft],
    p: int,
    repeated: Container[str],
    accs: dict[str, _Acc],
) -> None:
    """People named with their age: «وتقول فاطمة حسن (45 عاما)», «وكانت سعاد المنصوري، 38 عاما،»."""
    for k in range(2, len(toks) - 1):
        t = toks[k]
        if t.number is None or not t.punct_before or not 0 < t.number <= _MAX_AGE or toks[k + 1].norm not in _YEARS_AR:
            continue
        if para[toks[k - 1].end : t.start].strip() not in ("(", "،", ","):
            continue
        # three words after a particle or punctuation, else two («أم خالد»: a name opened by «أم»)
        for x in (k - 2,) if toks[k - 2].norm == "ام" else (k - 3, k - 2):
            if x < 0 or any(toks[y].punct_before for y in range(x + 1, k)):
                continue
            if is_stop_ar(toks[x].norm) and toks[x].text not in words().names_ar:
                continue  # («علي» is a name, and «على» normalised)
            if x == k - 3 and x > 0 and not toks[x].punct_before and not is_stop_ar(toks[x - 1].norm):
                continue
            if read_name_ar(toks, x, hits, repeated) != k:
                continue
            if not any(d.paragraph == p and d.start <= toks[x].start < d.end for d in drafts):
                drafts.append(_draft(toks[x:k], None, 0, None, p))
                _unsay_nisba(drafts[-1], toks, hits, accs)
            break


def _draft(name: list[Tok], role: str | None, role_size: int, country: str | None, p: int) -> _PersonDraft:
    texts = [t.text for t in name]
    for k in range(1, len(name)):
        if name[k].punct_before and after_initial(name, k):
            texts[k - 1] += "."  # «إس. سومانات»: the initial keeps its dot in the display name
    if texts and not name[-1].arabic and texts[-1].endswith(("'s", "’s")):
        texts[-1] = texts[-1][:-2]
    # a token's norm is normalize(text) with ’ made ' (so it is that when it has no ')
    norms = [t.norm for t in name]
    if "'" in "".join(norms):  # (English only: one C-level test for the common name)
        norms = [n if "'" not in n else _norm(x) for n, x in zip(norms, texts, strict=True)]
    return _PersonDraft(texts, norms, role, role_size, country, p, name[0].start, name[-1].end)


def _read_titled(
    para: str,
    toks: list[Tok],
    i: int,
    end: int,
    kind: str,
    first_key: str,
    hits: dict[int, tuple[int, Form, str]],
    english: bool,
    p: int,
    repeated: Container[str] = frozenset(),
    bodies: dict[int, int] | None = None,
) -> _PersonDraft | None:
    """The person after a title at toks[i:end]: role text (title + nationality/organisation), name.

    ``bodies``: start → end of the national bodies of the sentence («لمجلس الوزراء»): one right
    after the title is the title's complement, not the start of the name."""
    w = words()
    gaz = gazetteer()
    country: str | None = None
    role_start = toks[i].start
    first_text = _surface(toks[i], first_key) if toks[i].arabic else toks[i].text
    prefix_cut = len(toks[i].text) - len(first_text)
    role_start += prefix_cut
    if toks[i].arabic and i > 0 and w.relational_heads_ar:
        genitive_l = toks[i].norm.startswith("ل") and first_text != toks[i].text  # («لرئيس», «للرئيس»)
        head = _relational_head_ar(toks, i, genitive_l, w)
        if head is not None:
            role_start = head
    # English: nationality or organisation just before the title ("Russian President", "EU chief")
    # or a few lower-case words before that ("Chinese foreign ministry spokeswoman").
    if not toks[i].arabic and i > 0:
        ends = {j: s for s, (j, _f, _k) in hits.items()}
        b = i
        while True:
            gap_ok = not toks[b].punct_before or _dot_gap(para, toks[b - 1], toks[b])
            if b in ends and gap_ok:
                s = ends[b]
                _j, form, _k = hits[s]
                if form.how in ("demonym", "name", "voice", "capital"):
                    ent = gaz.entities[form.entity]
                    role_start = toks[s].start
                    country = ent.key if ent.kind == "country" else (
                        f"country:{ent.country}" if ent.country else None)
                break
            if b - 1 < 0 or i - b >= 3 or not gap_ok or b - 1 in hits or not (
                toks[b - 1].text.islower() or toks[b - 1].text in w.institutions_en
            ):
                if b < i and toks[b].text in w.institutions_en and role_start == toks[i].start + prefix_cut:
                    role_start = toks[b].start  # "Central Bank Governor", "Electoral Commission chairwoman"
                break
            b -= 1
    k = end
    role_end = toks[end - 1].end
    role_kept = 0  # the end of the first office when a second one follows («… رئيس مجلس إدارة …»)
    complemented = joint = False
    n = len(toks)
    after_paren = -1  # the token after a bracketed acronym in the role: its gap is the bracket's
    while k < n:
        if toks[k].punct_before and k != after_paren:
            x = _paren_end(para, toks, k) if complemented and toks[k - 1].arabic else None
            if x is None or x >= n:
                break
            role_end = para.index(")", toks[x - 1].end) + 1  # «منظمة الأغذية والزراعة (الفاو) بالمغرب»
            k = x
            if para[toks[x - 1].end : toks[x].start].strip() == ")":
                after_paren = x
                continue
            break
        if bodies and k in bodies:
            j = bodies[k]
            k, role_end, complemented = j, toks[j - 1].end, True
            continue
        if k in hits:
            j, form, _key = hits[k]
            if form.how == "source" or (not toks[k].arabic and place_in_name_en(toks, k, k, hits)):
                break  # (a source; "analyst Jordan Brooks": a country's name is a given name)
            ent = gaz.entities[form.entity]
            if ent.kind == "place" and form.how != "demonym" and not (
                k == end and toks[i].arabic and _title_text(toks, i, end) in w.place_titles_ar
            ):
                break  # (a governor's or mayor's place is the title's complement: «محافظ جنين»)
            if ent.kind == "country" or ent.country:
                country = ent.key if ent.kind == "country" else f"country:{ent.country}"
            k, role_end, complemented = j, toks[j - 1].end, True
            continue
        if toks[k].arabic:
            q = w.qualifiers_ar.match_at(toks, k)
            if q is not None:
                k, role_end = q[0], toks[q[0] - 1].end
                continue
            if (
                kind == "ctitle" and not complemented and k == end and toks[i].arabic and k + 1 < n
                and _title_text(toks, i, end) in w.place_titles_ar and toks[k].arabic and k not in hits
                and not toks[k].norm.startswith("ال") and not is_stop_ar(toks[k].norm)
                and para[toks[k].end : toks[k + 1].start].strip() in _COMMAS
            ):  # «نائب والي هطاي، أوغوز قايا،»: a governor's province no list holds, before a comma
                k, role_end, complemented = k + 1, toks[k].end, True
                continue
            if (
                kind == "title" and k == end and toks[i].arabic and toks[k].norm.startswith("ال")
                and toks[k].norm.endswith(("ي", "يه"))
                and len(toks[k].norm) >= 6 and toks[k].norm not in _time_function_words()
                and k + 1 < n and not toks[k + 1].punct_before and toks[k + 1].arabic
                and (not is_stop_ar(toks[k + 1].norm) or toks[k + 1].text in w.names_ar)
                and not toks[k + 1].norm.startswith("ال")
            ):  # «الطبيبة النفسية أمل الربيعي»: an adjective of the title before a name
                k, role_end = k + 1, toks[k].end
                continue
            if (
                toks[k].norm in ("الي", "لدي", "عن", "في")
                and k + 1 in hits and not toks[k + 1].punct_before
            ):
                j, form, _key = hits[k + 1]
                kind_k = gaz.entities[form.entity].kind
                if kind_k in ("country", "organisation", "group") and (
                    toks[k].norm != "في" or complemented or kind_k != "country"
                ):  # («رئيسة بعثة اللجنة في اليمن», «القيادي في حركة حماس»)
                    # «المبعوث الأممي إلى ليبيا», «النائب عن الحزب الديمقراطي الكردستاني»
                    k, role_end, complemented = j, toks[j - 1].end, True
                    continue
            if complemented and k in hits and toks[k].norm[:1] == "ب" and len(toks[k].norm) > 3:
                j, form, _key = hits[k]
                if gaz.entities[form.entity].kind == "country":  # «ممثل منظمة الأغذية والزراعة بالمغرب»
                    k, role_end = j, toks[j - 1].end
                    continue
            if (
                (toks[k].norm == "عن" or (toks[k].norm == "في" and complemented))
                and bodies and k + 1 in bodies and not toks[k + 1].punct_before
            ):
                j = bodies[k + 1]  # «النائب عن حزب التقدم», «مراقب التنبؤات في إدارة الأرصاد الجوية»
                k, role_end, complemented = j, toks[j - 1].end, True
                continue
            if (
                toks[k].norm == "عن" and k + 2 in hits and not toks[k + 1].punct_before
                and not toks[k + 2].punct_before and toks[k + 1].norm in w.division_titles_ar
            ):
                j = hits[k + 2][0]  # «النائب المستقل عن محافظة البصرة علي نصر»
                k, role_end, complemented = j, toks[j - 1].end, True
                continue
            if (
                toks[k].norm.startswith("وال") and len(toks[k].norm) > 4 and k not in hits
                and (complemented or joint or (k == end and end - i >= 2 and any(v in _MINISTER_AR for v in keys(toks[i].norm))))
            ):  # «وزيرة التضامن والأسرة», «المتحدث باسم وزارة الحج والعمرة»: a joint portfolio
                x = k + 1
                while x < n and x - k < 3 and toks[x].norm.startswith("ال") and not toks[x].punct_before \
                        and x not in hits and w.titles.match_at(toks, x) is None:
                    x += 1
                k, role_end, joint = x, toks[x - 1].end, True  # («الكهرباء والماء والطاقة المتجددة»: more)
                continue
            if (
                complemented and toks[k].norm[:1] == "ل" and not toks[k].norm.startswith("لل") and len(toks[k].norm) >= 4
                and toks[k].text not in w.names_ar
            ):
                # «رئيس الهيئة القومية لسكك حديد مصر، المهندس …»: after a complement, «ل» opens a
                # genitive that runs to the punctuation (a country may end it)
                x = k + 1
                while x < n and x - k < 4 and not toks[x].punct_before and not is_stop_ar(toks[x].norm):
                    x = hits[x][0] if x in hits else x + 1
                if x < n and toks[x].punct_before and para[toks[x - 1].end : toks[x].start].strip() in _COMMAS:
                    k, role_end = x, toks[x - 1].end
                    continue
            genitive = (toks[k].norm.startswith("لل") and len(toks[k].norm) > 4) or (  # «الأمين العام للاتحاد»
                # «الكاتب العام لقطاع الفلاحة»: «ل», a noun and its article-word genitive
                toks[k].norm[:1] == "ل" and len(toks[k].norm) >= 4 and k + 1 < n and not toks[k + 1].punct_before
                and toks[k + 1].norm.startswith("ال")
                # (a noun, not a name that starts with «ل»: «المديرة لبنى الحسن»)
                and (
                    toks[k].norm[1:] in w.body_heads_ar or is_stop_ar(toks[k].norm[1:])
                    or toks[k].norm.endswith(("ه", "ات"))  # («لشراكات المياه»: a plural in ات)
                )
            )
            # «رئيس مجلس إدارة الهيئة السعودية», «رئيس حكومة تصريف الأعمال»: a construct noun before an
            # article-word genitive (a title that needs a complement takes no name straight away)
            construct = (
                kind == "ctitle" and not complemented and not genitive and toks[k].arabic and k not in hits
                and not toks[k].norm.startswith("ال") and toks[k].text not in w.names_ar
                and k + 1 < n and not toks[k + 1].punct_before and toks[k + 1].norm.startswith("ال")
            )
            if (kind == "ctitle" and not complemented) or genitive:
                x = k
                while x < n and x - k < 3 + construct and toks[x].arabic \
                        and (toks[x].norm.startswith("ال") or ((genitive or construct) and x == k)) \
                        and not toks[x].punct_before and x not in hits \
                        and (not is_stop_ar(toks[x].norm) or toks[x].norm in w.complement_nouns_ar) \
                        and w.titles.match_at(toks, x) is None:
                    x += 1
                if x > k:  # «رئيس حكومة الوحدة الوطنية»: an institution named by article-words
                    k, role_end, complemented = x, toks[x - 1].end, True
                    continue
                if (
                    kind == "ctitle" and not complemented and toks[k].arabic and toks[k].text.endswith(("ه", "ها", "هم"))
                    and len(toks[k].norm) >= 4
                ):  # «رئيس مجلس إدارته»: a noun with its pronoun («its board»)
                    k, role_end, complemented = k + 1, toks[k].end, True
                    continue
            ahead = (
                k + 1 if k + 1 in hits and hits[k + 1][1].how == "demonym"
                else k + 2 if k + 2 in hits and hits[k + 2][1].how == "demonym"
                else None
            )
            if ahead is not None and all(
                toks[x].arabic and toks[x].norm.startswith("ال") and not toks[x].punct_before
                for x in range(k, ahead)
            ):
                k = ahead  # «مدير المخابرات المركزية الأمريكية»: adjectives before the nationality
                continue
            t2 = w.titles.match_at(toks, k)
            if t2 is not None and t2[1][0] == "title" and (
                complemented or joint or (kind == "title" and toks[k].norm.startswith("ال"))  # (not «للرئيس»)
            ):
                # «ولي العهد السعودي الأمير محمد بن سلمان», «وزير الكهرباء والماء المهندس خالد بورسلي»
                k = t2[0]
                continue
            if t2 is not None and t2[1][0] == "ctitle" and (complemented or joint or kind == "title") \
                    and not toks[k].norm.startswith("ل"):
                # «وزير البيئة والمياه والزراعة رئيس مجلس إدارة الهيئة … المهندس فهد المطيري»: a second
                # office and its complement; the role stays the first
                k, kind, complemented, joint = t2[0], "ctitle", False, False
                role_kept = role_end
                continue
        elif (
            toks[k].norm in ("to", "for")
            and k + 1 in hits
            and gaz.entities[hits[k + 1][1].entity].kind in ("country", "organisation")
        ):
            j = hits[k + 1][0]
            k, role_end, complemented = j, toks[j - 1].end, True
            continue
        elif toks[k].norm == "of" and k + 1 in hits:
            j, form, _key = hits[k + 1]
            ent = gaz.entities[form.entity]
            if ent.kind in ("country", "organisation"):
                country = ent.key if ent.kind == "country" else country
                k, role_end, complemented = j, toks[j - 1].end, True
                continue
        break
    if kind == "ctitle" and not complemented:
        return None
    if role_kept:
        role_end = role_kept
    if k >= n:
        return None
    gap = para[toks[k - 1].end : toks[k].start].strip() if toks[k].punct_before else ""
    if gap[:1] == ")" and role_end > toks[k - 1].end:
        gap = gap[1:].strip()  # (the bracket closed an acronym in the role: «(الفاو)، جان-بيير لوكلير»)
    if gap and toks[k].arabic and gap in _COMMAS and not english and toks[i].norm not in _HONORIFICS_AR:
        # «المدير العام للديوان، السيد نصر الدين حمادي،», «رئيس مجلس الوزراء، الدكتور مصطفى مدبولي،»,
        # «وزير النقل، الفريق مهندس عادل الجندي،»: a title, a comma, (an honorific or a rank, and a
        # profession,) a name between commas; the role is the title before the comma
        if toks[k].norm in _HONORIFICS_AR and k + 1 < n and not toks[k + 1].punct_before:
            k += 1
        elif k in hits and hits[k][1].how == "demonym" and hits[k][0] < n and not toks[hits[k][0]].punct_before:
            k = hits[k][0]  # «ممثلة المفوضية في تركيا، الألمانية كاترين شولتس،»
        else:
            inner = w.titles.match_at(toks, k)
            if inner is not None and inner[1][0] == "title" and inner[0] < n and not toks[inner[0]].punct_before:
                k = inner[0]
                if k + 1 < n and w.titles.match_at(toks, k) is None and ("ال" + toks[k].norm) in w.titles_plain_ar:
                    k += 1  # («الفريق مهندس»: a rank and a profession)
    elif gap and (toks[k].arabic or gap not in (".", ",") or (gap == "," and not english)):
        return None  # "Dr. Helen Banda" and "The U.N. envoy for Sudan, Amina Haddad," go on
    e = read_name_ar(toks, k, hits, repeated) if toks[k].arabic else read_name_en(toks, k, hits)
    if e <= k:
        return None
    if gap in _COMMAS and not (e < n and para[toks[e - 1].end : toks[e].start].strip() in _COMMAS):
        return None
    name = toks[k:e]
    if not english and not name[0].arabic:
        return None
    if role_end == toks[end - 1].end and para[role_end : role_end + 1] == "." and not toks[i].arabic:
        role_end += 1  # "Gov.", "Sen.": the abbreviation's dot is the title's
    if role_start == toks[i].start and first_text != toks[i].text and toks[i].arabic:
        # «للرئيس» → «الرئيس»: a clitic that leaves the word's length unchanged (ل + ال less its alef)
        role = (first_text + para[toks[i].end : role_end]).strip() or None
    else:
        role = para[role_start:role_end].strip() or None
    if role and not toks[i].arabic and role.split()[-1] in w.honorifics_en:
        role = None
    elif role and toks[i].arabic and _norm(role) in _HONORIFICS_AR:
        role = None  # «السيد حمادي»: an honorific is no role
    if role is None:
        role = apposition(para, toks, e, english)
    role_size = len(role.split()) if role else 0
    if (
        len(name) == 1 and name[0].arabic
        and ((name[0].norm.startswith("م") and len(name[0].norm) >= 4) or (i > 0 and toks[i - 1].norm in _INNA))
        and _title_text(toks, i, end) in w.ambiguous_titles_ar
    ):
        # «إن الفريق مستعد», «أن اللواء جاهز»: "the team is ready" — a participle, or the
        # predicate of a nominal sentence after «إن», no rank and name
        return None
    d = _draft(name, role, role_size, country, p)
    return d


def _relational_head_ar(toks: list[Tok], i: int, genitive_l: bool, w: Words) -> int | None:
    """Where a deputy's, adviser's or relative's word before the title at toks[i] starts, or None.

    «مستشار الرئيس», «نائب رئيس البرلمان»: an indefinite head right before the title (a genitive
    construct); «النائب الأول لرئيس الوزراء», «المستشار الاقتصادي لرئيس الوزراء»: a head, definite
    or not, and up to two qualifiers («الأول», an adjective in -ي) before a title that takes «ل»
    (``genitive_l``). A «و» or «ف» before the head is not part of the role."""
    j = i - 1
    if genitive_l:
        while j >= 0 and i - 1 - j < 2 and not toks[j + 1].punct_before and toks[j].arabic and (
            w.qualifiers_ar.match_at(toks, j) is not None
            or (toks[j].norm.startswith("ال") and toks[j].norm.endswith(("ي", "يه")) and len(toks[j].norm) > 4)
        ):
            j -= 1
    if j < 0 or toks[j + 1].punct_before or not toks[j].arabic:
        return None
    norm = toks[j].norm
    for cut, word in ((0, norm), (1, norm[1:] if norm[:1] in "وف" else "")):
        if word.startswith("ال") and genitive_l and word[2:] in w.relational_heads_ar:
            return toks[j].start + cut
        if word in w.relational_heads_ar and (genitive_l or j == i - 1):
            return toks[j].start + cut
    return None  # (a definite head before a title without «ل»: «النائب رئيس لجنة …», two titles)


_APPOSITION_AR = frozenset(("وهو", "وهي"))
_HONORIFICS_AR = frozenset(("السيد", "السيده"))
_INNA = frozenset(("ان", "وان", "لان", "بان"))
_COMMAS = ("،", ",")
_PLACE_PREPOSITIONS_EN = frozenset(("at", "in", "near", "from", "outside", "inside", "across"))
_ROLE_END_BEFORE_AR = frozenset(("في", "خلال", "عبر", "امام"))
_DIVISION_PREPOSITIONS = frozenset(("عن", "في", "من", "الي", "داخل", "شمال", "جنوب", "شرق", "غرب"))
_MINISTER_AR = frozenset(("وزير", "وزيره"))
_RELATIVE = frozenset(("who", "which", "that", "whose", "الذي", "التي", "الذين"))
_MAX_APPOSITION = 10
_MAX_ROLE_AFTER = 14  # (a role right after a name ends at «إن» or punctuation: a longer one is allowed)


def _role_after_ar(para: str, toks: list[Tok], e: int, hits: dict[int, tuple[int, Form, str]]) -> str | None:
    """The role that starts with a title at toks[e], right after a name, to the clause's end
    («كبير الاقتصاديين في شركة الراجحي المالية» before «إن», a comma or the sentence's end)."""
    x = e + 1
    while x < len(toks) and x - e < _MAX_ROLE_AFTER and (not toks[x].punct_before or after_initial(toks, x)) \
            and toks[x].norm not in _THAT_AR:  # («لدى جيه.بي مورغان»: an initial's dot goes on)
        if toks[x].norm in _ROLE_END_BEFORE_AR and x + 1 < len(toks) and is_stop_ar(toks[x + 1].norm):
            break  # «… لصندوق النقد الدولي في تصريحات منفصلة»: a circumstance, not the role
        if x in hits and hits[x][1].how == "source":
            break  # «… في مجلس النواب لرويترز»: whom it was said to
        x += 1
    if x < len(toks) and x - e >= _MAX_ROLE_AFTER and not toks[x].punct_before:
        return None  # too long to be a role
    return para[toks[e].start : toks[x - 1].end].strip(" ,،") or None


def _title_within_en(toks: list[Tok], e: int, w: Words) -> bool:
    """A title after one to three lower-case words at toks[e]: "deputy country director of …",
    "senior policy adviser"."""
    for x in range(e, min(e + 4, len(toks))):
        if x > e and toks[x].punct_before:
            return False
        if x > e and w.titles.match_at(toks, x) is not None:
            return True
        if not toks[x].text.isalpha() or not toks[x].text.islower():
            return False
    return False


def apposition(para: str, toks: list[Tok], e: int, english: bool) -> str | None:
    """A role in apposition after a name at toks[e]: ", a teacher who ...", «، وهو متحدث باسم الجيش،»."""
    n = len(toks)
    if e >= n or not toks[e].punct_before or para[toks[e - 1].end : toks[e].start].strip() not in (",", "،"):
        return None
    first = toks[e]
    if not english:
        if first.norm in _APPOSITION_AR:
            e += 1
        elif words().titles.match_at(toks, e) is None:
            return None  # (a title opens the role: «جمال عبد الحليم، أستاذ الموارد المائية في جامعة القاهرة،»)
    else:
        w = words()
        lead = first.norm in ("a", "an", "the")
        possessive = first.capitalised and first.text.endswith(("'s", "’s"))
        if not (lead or possessive or w.titles.match_at(toks, e) is not None or _title_within_en(toks, e, w)):
            return None
        if lead:
            e += 1
    x = e
    while x < n and x - e < _MAX_APPOSITION and (x == e or not toks[x].punct_before) and toks[x].norm not in _RELATIVE:
        x += 1
    if x == e or (x < n and x - e >= _MAX_APPOSITION and not toks[x].punct_before):
        return None  # too long to be a role: a clause, not an apposition
    if english and not any(t.text.islower() for t in toks[e:x]):
        return None
    return para[toks[e].start : toks[x - 1].end].strip(" ,،") or None
