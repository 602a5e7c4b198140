"""Digest cards: the body of an article split into a few thematic cards of related paragraphs.

The topics, their cue words (Arabic and English, weighted), titles and emoji come from
``config/taxonomy.toml``. Each paragraph gets a score per topic from several signals:

- cue words and phrases, matched clitic-aware (the matches of ``digests.textnorm.Lexicon``, found
  for all paragraphs in one pass by ``digests.cardcues.CueIndex``);
- position: the lead paragraphs belong to the main-event card, with a bonus fading over the first
  part of the article; the event topic the headline and lead are about feeds the main card;
- time: a paragraph about events years before publication leans to background (events from the
  timeline analyser, and the article's own year mentions as a light fallback);
- subheadings: a subheading starts a card, lends it its title, and pulls its section to its topic;
- quotes: a paragraph that is only a quote goes with the paragraph that introduced the speaker.

A Viterbi pass then chooses one topic per paragraph, paying for every topic switch (more when the
paragraph opens with a connective like «و» or "But", which continues the previous one), so that
the story reads in few cards. Paragraphs of one topic that lie apart share one card; stray single
paragraphs join the card they resemble most; the result has 3 to 6 cards when the article is long
enough (6 paragraphs or more; 2 from 4). A story whose paragraphs share one topic, or whose cues
are few, is still cut to that minimum: the longest card is cut where two neighbouring paragraphs
share the fewest rare words, and the later part takes the aspect topic its own cues favour, else
"Details". Cards are ordered by first appearance.

Speed: the per-article work is done once and in bulk — one cue scan over all paragraphs, the
headline and the sentences the summaries weigh, Viterbi steps as list comprehensions over the few
states, word likeness weighed through document frequencies and computed only for the paragraphs
a stray one is compared with; per-token tables live in ``CueIndex`` and are bounded. No paragraph
is normalised whole except for the quote tests of one holding a quotation mark: the words come
from ``Document.words``, a paragraph's first word from its first chunk.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

from digests.cardcues import CueIndex
from digests.cardpath import Likeness, ViterbiModel, viterbi
from digests.model import Card, Event
from digests.text import SUPPORTED_LANGUAGES, Document, subheading_text
from digests.textnorm import Lexicon, normalize, tokens

log = logging.getLogger(__name__)

TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "config" / "taxonomy.toml"

MAIN = "main"
DETAILS = "details"
MAX_CARDS = 6
MIN_CARDS = 3

# Signal weights (scores are sums of cue weights, typically 0-4 per paragraph and topic).
LEAD_BONUS = 3.0  # main-card bonus of paragraph 0, fading to 0 at LEAD_SPAN of the body
LEAD_SPAN = 0.4
LEAD_TOPIC_SHARE = 0.7  # how much of the lead's event-topic cues feed the main card later on
LEAD_ASPECT_MIN = 1.0  # an aspect the headline and lead score this much is only mentioned there ...
LEAD_ASPECT_FULL = 4.0  # ... and this much (a strong cue in both, or several): wholly the lead's subject
TIME_WEIGHT = 1.5  # a paragraph about events at least BACKGROUND_YEARS before publication
BACKGROUND_YEARS = 2
SECTION_BONUS = 1.5  # pull of a subheading on the paragraph right after it ...
SECTION_FADE = 6.0  # ... fading over this many paragraphs ...
SECTION_FLOOR = 0.3  # ... to this share of it until the next subheading
SWITCH_COST = 1.0  # changing topic between two paragraphs
CONNECTIVE_COST = 2.0  # changing topic at a paragraph that opens with a connective
MERGE_SIMILARITY = 4.0  # weight of word likeness when a stray paragraph picks a card
MERGE_NEIGHBOURS = 12  # a stray paragraph is compared with this many of a card's nearest paragraphs
MERGE_PREVIOUS = 0.5  # bonus of the card holding the paragraph right before a stray one
CUE_CAP = 4.0
QUOTE_WEIGHT = 0.8  # a paragraph with quoted speech leans to reactions  # one paragraph's score for one topic is capped

# Paragraph openers that continue the previous paragraph (normalised first tokens).
_CONNECTIVES_EN = frozenset(
    "and but also however meanwhile moreover yet still it he she they his her their its this these "
    "those that such the latter former".split()
)
_CONNECTIVES_AR = frozenset(normalize(w) for w in "لكن لكنه لكنها غير إلا كما أيضا ذلك هذا هذه".split())


# ------------------------------------------------------------------------------------ taxonomy


@dataclass(frozen=True)
class Topic:
    """One card topic of the taxonomy."""

    id: str
    kind: str  # event | aspect | special
    emoji: str
    title_ar: str
    title_en: str
    role: str = ""
    standalone: bool = False  # a single paragraph about it may form a card of its own

    def title(self, language: str) -> str:
        return self.title_ar if language == "ar" else self.title_en


@dataclass
class Taxonomy:
    """Topics and one clitic-aware lexicon of all their cues: phrase → ((topic id, weight), ...).

    A cue may serve several topics («تضخم», "inflation": the rate decision and the economy), each with
    its own weight. ``cues`` holds the same phrases as ``lexicon``, indexed for scoring a whole article
    token by token (``digests.cardcues``); it finds exactly the lexicon's matches.
    """

    topics: dict[str, Topic]
    lexicon: Lexicon
    background: str | None = None
    quotes: str | None = None
    cues: CueIndex | None = None
    events: frozenset[str] = field(init=False)  # event topics
    own_aspects: frozenset[str] = field(init=False)  # aspects that may be the lead's own subject

    def __post_init__(self) -> None:
        topics = self.topics.values()
        self.events = frozenset(t.id for t in topics if t.kind == "event")
        # aspects describing the story's time or voice (a role, standalone) are never its subject
        self.own_aspects = frozenset(t.id for t in topics if t.kind == "aspect" and not t.role and not t.standalone)

    @classmethod
    def from_dict(cls, data: dict) -> Taxonomy:
        topics: dict[str, Topic] = {}
        cues: dict[str, dict[str, float]] = {}  # phrase (normalised) → its topics and weights
        spelled: dict[str, str] = {}
        background = quotes = None
        for tid, spec in data.items():
            if not isinstance(spec, dict):
                continue
            topic = Topic(
                id=tid,
                kind=str(spec.get("kind", "aspect")),
                emoji=str(spec.get("emoji", "📌")),
                title_ar=str(spec.get("title_ar", tid)),
                title_en=str(spec.get("title_en", tid)),
                role=str(spec.get("role", "")),
                standalone=bool(spec.get("standalone", False)),
            )
            topics[tid] = topic
            if topic.role == "background":
                background = tid
            if topic.role == "quotes":
                quotes = tid
            for lang in ("ar", "en"):
                for phrase, weight in (spec.get(lang) or {}).items():
                    key = " ".join(tokens(phrase))
                    spelled.setdefault(key, phrase)
                    cues.setdefault(key, {})[tid] = float(weight)
        for special in (MAIN, DETAILS):
            topics.setdefault(special, Topic(special, "special", "📰", special, special.title()))
        entries = [(spelled[key], tuple(value.items())) for key, value in cues.items()]
        return cls(
            topics=topics,
            lexicon=Lexicon(entries),
            background=background,
            quotes=quotes,
            cues=CueIndex(entries, _year_cue_words()),
        )

    def index(self) -> CueIndex:
        """The cue index (``cues``)."""
        if self.cues is None:
            raise ValueError("a Taxonomy made without Taxonomy.from_dict has no cue index")
        return self.cues


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The card taxonomy (cached); ``path`` defaults to ``config/taxonomy.toml``."""
    with open(path or TAXONOMY_PATH, "rb") as fh:
        return Taxonomy.from_dict(tomllib.load(fh))


def topic_title(topic: str, language: str) -> str:
    """A topic's card title in a UI language ('ar' or anything else for English)."""
    found = load_taxonomy().topics.get(topic)
    return found.title(language) if found else ""


# ------------------------------------------------------------------------------------ signals


def _totals(index: CueIndex, found: dict[int, None]) -> dict[str, float]:
    """Topic → summed weight of the cues ``found`` (ids in order of first match), capped at CUE_CAP."""
    return _all_totals(index, [found])[0]


def _all_totals(index: CueIndex, founds: list[dict[int, None]]) -> list[dict[str, float]]:
    """``_totals`` of each text's cues, in one call (an article has dozens of texts)."""
    pairs = index.pairs
    values = index.values
    out_all: list[dict[str, float]] = []
    for found in founds:
        out: dict[str, float] = {}
        get = out.get
        for cid in found:  # each cue phrase counts once per text (ids are unique per cue)
            pair = pairs[cid]
            if pair is None:  # a cue of several topics
                for tid, weight in values[cid]:
                    s = get(tid, 0.0) + weight
                    out[tid] = s if s < CUE_CAP else CUE_CAP  # min(CUE_CAP, s), without the call
            else:
                tid, weight = pair
                s = get(tid, 0.0) + weight
                out[tid] = s if s < CUE_CAP else CUE_CAP
        out_all.append(out)
    return out_all


def cue_scores(toks: list[str], taxonomy: Taxonomy) -> dict[str, float]:
    """Topic → summed weight of the distinct cue phrases found in ``toks`` (capped)."""
    index = taxonomy.index()
    return _totals(index, index.scan([toks])[0])


@lru_cache(maxsize=1)
def _year_cue_words() -> frozenset[str]:
    """Words that may stand right before a year: «عام 2020», "in 2020", month names (from Babel)."""
    words = set(
        tokens(
            "عام العام لعام سنة منذ في خلال حتى بحلول خريف ربيع صيف شتاء مطلع أواخر أوائل نهاية بداية منتصف "
            "in since of year until by early late mid spring summer autumn fall winter around before after"
        )
    )
    try:
        from babel import Locale

        for loc in ("ar", "ar_SY", "ar_LB", "ar_IQ", "ar_DZ", "ar_MA", "en"):
            months = Locale.parse(loc).months
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for name in months[context][width].values():
                        words.update(tokens(name))
    except Exception:  # Babel data missing: digits and the words above still work
        log.debug("no Babel month names", exc_info=True)
    return frozenset(words)


_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)(s)?$")


def years_mentioned(toks: list[str]) -> list[int]:
    """Four-digit years in a token list: a decade («1990s») or a number after a year word."""
    found: list[int] = []
    joined = "".join(toks)
    if "1" not in joined and "2" not in joined:  # no token can start with a year's first digit
        return found
    cues = _year_cue_words()
    for i, tok in enumerate(toks):
        if tok[:1] not in ("1", "2") or len(tok) > 5:  # cheap test first: _YEAR needs 4 digits from 1500
            continue
        m = _YEAR.match(tok)
        if not m:
            continue
        if m.group(2) or (i > 0 and toks[i - 1] in cues):
            found.append(int(m.group(1)))
    return found


_QUOTED = re.compile(r'"[^"]*"')


def is_quote_only(paragraph: str) -> bool:
    """A paragraph that is only a quote (at most a few words of attribution outside the marks)."""
    return _quote_only(normalize(paragraph))


def _quote_only(normalized: str) -> bool:
    if '"' not in normalized:
        return False
    text = normalized.strip()
    if not text.startswith('"') and not text.startswith("'"):
        return False
    rest = _QUOTED.sub(" ", text)
    if text.count('"') % 2:  # an unclosed quote running to the end of the paragraph
        rest = rest.split('"')[0]
    return len(_WORDS.findall(rest)) <= 4


_WORDS = re.compile(r"[^\W\d_]+")


def has_quotation(paragraph: str) -> bool:
    """Does the paragraph quote someone (a quoted span of at least four words)?"""
    return _has_quotation(normalize(paragraph))


def _has_quotation(normalized: str) -> bool:
    # each quoted span is searched for four words (``_WORDS`` runs) instead of listing them all
    return any(_FOUR_WORDS.search(q) is not None for q in _QUOTED.findall(normalized))


# four ``_WORDS`` runs: a run starting where no run goes on, then three times what separates two
# runs and the start of the next one (possessive: each run and gap is read once)
_FOUR_WORDS = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]++[\W\d_]++){3}[^\W\d_]")


def _has_quote_mark(text: str) -> bool:
    """Does ``normalize(text)`` hold a '"'? (Then, and only then, a quote test may hold.)

    These are the characters ``normalize`` turns into '"', and '"' itself (checked against every
    code point). Nine ``in`` tests (C-level character searches) cost a third of one regex scan
    for a character class.
    """
    return (
        '"' in text or "«" in text or "»" in text or "“" in text or "”" in text
        or "„" in text or "‟" in text or "‹" in text or "›" in text
    )


# ``textnorm``'s word pattern: its first match is the first of ``tokens`` (one ``search`` instead of
# a ``findall`` over the whole slice, which costs ten times more)
_FIRST_WORD = re.compile(r"[^\W_]++(?:[.,][0-9]++)*+", re.UNICODE)


def opens_with_connective(paragraph: str) -> bool:
    """«وانتهت ...», «كما ...», "But ...", "He ...": the paragraph continues the previous one."""
    # Speed: when a space comes within the first 60 characters, the chunk before it (one word, as
    # a rule) decides, and so does a paragraph of one short chunk: normalisation folds character
    # by character and never across a space (NFC composes nothing with it), and no word runs over
    # one, so a word found in the normalised chunk is the first word of the normalised 60
    # characters. The chunk's answer is kept in a bounded table: paragraphs open with few
    # distinct words.
    cut = paragraph.find(" ", 0, 60)
    if cut < 0 and len(paragraph) <= 60:
        cut = len(paragraph)  # one chunk: all of its 60 characters
    if cut > 0:
        chunk = paragraph[:cut]
        try:
            found = _OPENERS[chunk]
        except KeyError:
            m = _FIRST_WORD.search(normalize(chunk))
            found = _is_connective(m.group()) if m else None
            if len(_OPENERS) >= 20_000:
                _OPENERS.clear()
            _OPENERS[chunk] = found
        if found is not None:
            return found
    m = _FIRST_WORD.search(normalize(paragraph[:60]))  # = tokens(paragraph[:60])[0]
    return _is_connective(m.group()) if m else False


# a paragraph's first chunk → whether its word is a connective, or None when it has no word
_OPENERS: dict[str, bool | None] = {}


def _is_connective(first: str) -> bool:
    """Is a paragraph's first (normalised) word a connective?"""
    if first in _CONNECTIVES_EN or first in _CONNECTIVES_AR:
        return True
    # Arabic «و» fused to the first word («وانتهت», «واستضاف»), not a root starting with و
    return first.startswith("و") and len(first) >= 4 and first not in _WAW_WORDS


_WAW_WORDS = frozenset(normalize(w) for w in "وزير وزيرة وزراء وزارة وفد وفق وفقا وسط وصل وصلت وقت وقع".split())


# ------------------------------------------------------------------------------------ splitting


class _Article:
    """The per-paragraph signals of one article, as parallel lists indexed by paragraph."""

    __slots__ = (
        "connective", "found", "old", "quote_only", "scores", "sentence_cues", "subheadings", "title_scores", "toks"
    )

    def __init__(self, doc: Document, events: list[Event], taxonomy: Taxonomy) -> None:
        index = taxonomy.index()
        paragraphs = doc.paragraphs
        n = len(paragraphs)
        sentences = doc.sentences
        if sentences:
            doc.sentence_words(0)  # makes sure ``doc.words`` is filled
        words = doc.words
        background = taxonomy.background
        quotes = taxonomy.quotes
        nsent = len(sentences)
        # the words of " ".join(sentences) (read, never changed)
        self.toks: list[list[str]] = [
            (sw[0] if len(sw) == 1 else list(chain.from_iterable(sw)))
            if i < nsent and (sw := words[i])
            else tokens(text)
            for i, text in enumerate(paragraphs)
        ]
        self.subheadings = set(doc.subheadings)
        # One cue scan for the whole article (each call has a fixed cost): the paragraphs, then the
        # headline, then each sentence of the paragraphs of several sentences (their summaries
        # weigh sentences by their own cues); every text is matched on its own.
        multi = [i for i in range(min(n, nsent)) if len(words[i]) > 1 and i not in self.subheadings]
        texts = [*self.toks, tokens(doc.title)]
        for i in multi:
            texts += words[i]
        years: list[list[int]] = []
        found = index.scan(texts, years if background else None)
        years_by_para = years[:n]
        self.found = found[:n]  # each paragraph's cue ids
        self.scores: list[dict[str, float]] = _all_totals(index, self.found)
        self.title_scores = _totals(index, found[n])  # the headline's cues, read twice
        self.sentence_cues: dict[int, list[dict[str, float]]] = {}  # paragraph → each sentence's cues
        k = n + 1
        for i in multi:
            end = k + len(words[i])
            self.sentence_cues[i] = _all_totals(index, found[k:end])
            k = end
        self.connective: list[bool] = [False] * n
        self.quote_only: list[bool] = [False] * n
        for i, text in enumerate(paragraphs):
            if i:
                self.connective[i] = opens_with_connective(text)
            # both quote tests need a quotation mark: only a paragraph with one is normalised
            if _has_quote_mark(text):
                normalized = normalize(text)
                if i:
                    self.quote_only[i] = _quote_only(normalized)
                # quoted speech leans to the reactions topic
                if quotes and _has_quotation(normalized):
                    scores = self.scores[i]
                    scores[quotes] = scores.get(quotes, 0.0) + QUOTE_WEIGHT
        # time: years well before publication lean to background
        self.old = [False] * n  # about events at least BACKGROUND_YEARS before publication
        if background:
            old = self.old
            reference = doc.published.year if doc.published else max(chain.from_iterable(years_by_para), default=None)
            if reference is not None:
                for i, ys in enumerate(years_by_para):
                    if ys:
                        old[i] = any(reference - y >= BACKGROUND_YEARS for y in ys)
                for ev in events:
                    year = _event_year(ev)
                    if year is not None and reference - year >= BACKGROUND_YEARS:
                        for i in ev.paragraphs:
                            if 0 <= i < n:
                                old[i] = True
            for i, flag in enumerate(old):
                if flag:
                    s = self.scores[i]
                    s[background] = s.get(background, 0.0) + TIME_WEIGHT


_EVENT_YEAR = re.compile(r"^(-?\d{1,4})")


_EVENT_YEARS: dict[str, int | None] = {}  # an event's start («2020-09») → its year (bounded)


def _event_year(ev: Event) -> int | None:
    start = ev.start or ""
    try:
        return _EVENT_YEARS[start]
    except KeyError:
        m = _EVENT_YEAR.match(start)
        if len(_EVENT_YEARS) >= 10_000:
            _EVENT_YEARS.clear()
        year = _EVENT_YEARS[start] = int(m.group(1)) if m else None
        return year


def _lead_topic(title_scores: dict[str, float], art: _Article, taxonomy: Taxonomy) -> str | None:
    """The event topic the headline and the lead are about, if any."""
    total: dict[str, float] = {}
    events = taxonomy.events
    sources = [(title_scores, 1.0)]
    sources += list(zip(art.scores[:3], (1.0, 0.6, 0.3), strict=False))
    for scores, weight in sources:
        for tid, s in scores.items():
            if tid in events:
                total[tid] = total.get(tid, 0.0) + weight * s
    if not total:
        return None
    best = max(total, key=total.__getitem__)
    return best if total[best] >= 0.8 else None


def _lead_aspects(title_scores: dict[str, float], art: _Article, taxonomy: Taxonomy) -> dict[str, float]:
    """Aspect topics the headline and lead are about → how much they are the story's own subject (0-1].

    "Iraq and Turkey sign a deal to restart an oil pipeline" is an energy story: near the lead, its
    energy paragraphs continue the main event rather than open an energy card. Aspects that describe
    the story's time or voice rather than its subject (background, reactions, what next: topics with
    a role or standalone) never qualify.
    """
    total: dict[str, float] = {}
    own = taxonomy.own_aspects
    for scores in (title_scores, art.scores[0]):
        for tid, s in scores.items():
            if tid in own:
                total[tid] = total.get(tid, 0.0) + s
    span = LEAD_ASPECT_FULL - LEAD_ASPECT_MIN
    return {t: min(1.0, (s - LEAD_ASPECT_MIN) / span) for t, s in total.items() if s > LEAD_ASPECT_MIN}


def _section_topics(doc: Document, art: _Article, taxonomy: Taxonomy) -> dict[int, str]:
    """Subheading index → the topic its card takes (a taxonomy topic, or its own section state)."""
    out: dict[int, str] = {}
    sentences = doc.sentences
    index = taxonomy.index()
    for i in doc.subheadings:
        heading = subheading_text(doc.paragraphs[i])
        # a prepared subheading's one sentence is its text: its words are the paragraph's words,
        # and its cues the paragraph's
        sents = sentences[i] if i < len(sentences) else None
        if sents is not None and len(sents) == 1 and sents[0] == heading:
            scores = _totals(index, art.found[i])  # already scanned with the article
        else:
            scores = cue_scores(tokens(heading), taxonomy)
        scores = {t: s for t, s in scores.items() if t in taxonomy.topics}
        out[i] = max(scores, key=lambda t: scores[t]) if scores else f"section-{i}"
    return out


def _emissions(
    title_scores: dict[str, float], art: _Article, taxonomy: Taxonomy, lead_topic: str | None,
    sections: dict[int, str],
) -> list[dict[str, float]]:
    n = len(art.scores)
    span = max(3.0, LEAD_SPAN * n)
    aspects = _lead_aspects(title_scores, art, taxonomy)
    background = taxonomy.background
    events = taxonomy.events
    old = art.old
    out: list[dict[str, float]] = []
    for i, scores in enumerate(art.scores):
        e = dict(scores)  # every cue topic is a taxonomy topic: only the lead's own one is left out
        if lead_topic is not None:
            e.pop(lead_topic, None)
        if old[i] and background:
            # another event long past (an old treaty in a story about talks) is the story's background
            past = max((s for t, s in e.items() if t in events), default=0.0)
            e[background] = e.get(background, 0.0) + past
        fade = 1.0 - i / span
        if fade < 0.0:  # max(0.0, fade)
            fade = 0.0
        main = LEAD_BONUS * fade
        if lead_topic:
            main += LEAD_TOPIC_SHARE * scores.get(lead_topic, 0.0)
        # near the lead, the cues of the lead's own aspects are evidence for the main card
        if fade:
            for t, share in aspects.items():
                if s := e.get(t):
                    moved = s * share * fade
                    e[t] = s - moved
                    main += moved
        e[MAIN] = main
        out.append(e)
    # sections: pull from a subheading to the next one
    starts = sorted(sections)
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else n
        topic = sections[start]
        if topic == lead_topic:
            topic = MAIN
            sections[start] = MAIN
        for j in range(start + 1, end):
            pull = SECTION_BONUS * max(SECTION_FLOOR, 1.0 - (j - start - 1) / SECTION_FADE)
            out[j][topic] = out[j].get(topic, 0.0) + pull
    return out


def _moved(groups: list[tuple[str, list[int]]], state: str, target: str) -> list[tuple[str, list[int]]]:
    """The cards after all paragraphs of card ``state`` joined card ``target`` (in order of first paragraph).

    The same cards as grouping the changed assignment paragraph by paragraph again, without the pass.
    """
    moving = next(members for s, members in groups if s == state)
    out: list[tuple[str, list[int]]] = []
    joined = False
    for s, members in groups:
        if s == state:
            continue
        if s == target:
            members = sorted(members + moving)
            joined = True
        out.append((s, members))
    if not joined:
        out.append((target, list(moving)))
    out.sort(key=lambda g: g[1][0])  # first paragraphs differ: the order is the grouping's
    return out


def _merge_target(
    para_ids: list[int], state: str, groups: list[tuple[str, list[int]]], emissions: list[dict[str, float]],
    likeness: Likeness,
) -> str:
    """The card a stray group of paragraphs fits best: topic score plus likeness to its closest paragraph."""
    best, best_score = None, -math.inf
    mine, mine_norm = likeness.of_group(para_ids)
    only = para_ids[0] if len(para_ids) == 1 else -1
    for other, members in groups:
        if other == state:
            continue
        if only >= 0:
            s = emissions[only].get(other, 0.0)
        else:
            s = sum(emissions[i].get(other, 0.0) for i in para_ids) / len(para_ids)
        # likeness to the closest of its nearest members (bounded, so long articles stay linear)
        if len(members) <= MERGE_NEIGHBOURS:
            near = members  # all of them: the order does not change the best likeness
        elif only >= 0:
            near = sorted(members, key=lambda j: abs(j - only))[:MERGE_NEIGHBOURS]
        else:
            near = sorted(members, key=lambda j: min(abs(j - i) for i in para_ids))[:MERGE_NEIGHBOURS]
        s += MERGE_SIMILARITY * likeness.closest(mine, mine_norm, near)
        if (only - 1 in members) if only >= 0 else any(i - 1 in members for i in para_ids):
            s += MERGE_PREVIOUS  # continuity: the story goes on from there
        if s > best_score:
            best, best_score = other, s
    return best or MAIN


SPLIT_EVIDENCE = 1.0  # the summed cue weight that lets a cut-off part take an aspect topic's title
SECTION_EVIDENCE = 2.0  # … and an untitled subheading's card its English title and topic
SECTION_MARGIN = 1.5  # (over the runner-up)


def _split_to_minimum(
    groups: list[tuple[str, list[int]]],
    art: _Article,
    emissions: list[dict[str, float]],
    sections: dict[int, str],
    taxonomy: Taxonomy,
    min_cards: int,
) -> list[tuple[str, list[int]]]:
    """Too few cards (a story whose paragraphs share one topic, or whose cues are few): cut the
    longest card where its story turns — between the two neighbouring paragraphs that share the
    fewest rare words — into two parts of two paragraphs or more. The later part takes the aspect
    topic its own cues favour (at least ``SPLIT_EVIDENCE``), else "Details"; a quote-only paragraph
    stays with the one before it, and a subheading's card is not cut."""
    quote_only = art.quote_only
    likeness = Likeness(art.toks)
    while len(groups) < min_cards:
        taken = {state for state, _ in groups}
        cuttable = [(len(m), -m[0], s, m) for s, m in groups if len(m) >= 4 and not any(x in sections for x in m)]
        if not cuttable:
            break
        _, _, state, members = max(cuttable)
        cuts = [c for c in range(2, len(members) - 1) if not quote_only[members[c]]]
        if not cuts:
            break
        middle = len(members) / 2

        def turn(c: int, members: list[int] = members, middle: float = middle) -> tuple[float, float]:
            j = members[c]
            alike = likeness.closest(likeness.words(j), likeness.norm(j), [members[c - 1]])
            return alike, abs(c - middle)

        cut = min(cuts, key=turn)
        later = members[cut:]
        evidence: dict[str, float] = {}
        for i in later:
            for topic, x in emissions[i].items():
                evidence[topic] = evidence.get(topic, 0.0) + x
        aspects = [
            (x, t) for t, x in evidence.items()
            if t not in taken and x >= SPLIT_EVIDENCE and (topic := taxonomy.topics.get(t)) is not None
            and topic.kind == "aspect"
        ]
        new = max(aspects)[1] if aspects else DETAILS if DETAILS not in taken else None
        if new is None:
            break
        groups = sorted(
            [g for g in groups if g[0] != state] + [(state, members[:cut]), (new, later)], key=lambda g: g[1][0]
        )
    return groups


def _assign(
    art: _Article, emissions: list[dict[str, float]], sections: dict[int, str], taxonomy: Taxonomy
) -> list[tuple[str, list[int]]]:
    """The cards as (state, paragraphs), in order of first paragraph."""
    n = len(art.scores)
    quote_only = art.quote_only
    seq = [i for i in range(n) if not quote_only[i] or i == 0]
    min_cards = MIN_CARDS if n >= 6 else (2 if n >= 4 else 1)
    likeness: Likeness | None = None  # built when a stray paragraph first needs it
    model = ViterbiModel(seq, emissions, sections, MAIN)
    by_state: dict[str, list[int]] = {}
    for scale in (1.0, 0.6, 0.3):
        costs = [(CONNECTIVE_COST if c else SWITCH_COST) * scale for c in art.connective]
        path = viterbi(seq, model, costs, sections)
        by_state = {}  # the cards, grouped as the paragraphs are assigned (states in order of first paragraph)
        last = MAIN
        for i in range(n):
            last = path.get(i, last)  # a quote-only paragraph goes with the one before
            members = by_state.get(last)
            if members is None:
                by_state[last] = [i]
            else:
                members.append(i)
        if len(by_state) >= min_cards:
            break
    # stray single paragraphs (not a subheading's card) join the card they resemble most, weakest first
    groups = list(by_state.items())  # in order of first paragraph; regrouped only after a change
    while len(groups) > min_cards:
        strays = []
        for state, members in groups:
            topic = taxonomy.topics.get(state)
            if state == MAIN or any(m in sections for m in members) or (topic and topic.standalone):
                continue
            core = [m for m in members if not quote_only[m]]
            if len(core) <= 1:
                strays.append((emissions[core[0] if core else members[0]].get(state, 0.0), state, members))
        if not strays:
            break
        _, state, members = min(strays, key=lambda s: (s[0], s[1]))
        if likeness is None:
            likeness = Likeness(art.toks)
        target = _merge_target(members, state, groups, emissions, likeness)
        groups = _moved(groups, state, target)
    if len(groups) < min_cards:
        groups = _split_to_minimum(groups, art, emissions, sections, taxonomy, min_cards)
    # at most MAX_CARDS: fold the smallest cards into their nearest neighbour
    while len(groups) > MAX_CARDS:
        state, members = min((g for g in groups if g[0] != MAIN), key=lambda g: (len(g[1]), -g[1][0]))
        if likeness is None:
            likeness = Likeness(art.toks)
        target = _merge_target(members, state, groups, emissions, likeness)
        groups = _moved(groups, state, target)
    return groups


# ------------------------------------------------------------------------------------ cards


def _summary(doc: Document, members: list[int], state: str, art: _Article, index: CueIndex) -> str:
    """One or two sentences of the card's own text: the one with most cues for its topic, early first."""
    # the best candidate: highest score, the earliest on a tie (candidates come in text order)
    best: tuple[int, int, str] | None = None
    best_score = -math.inf
    paragraphs = doc.paragraphs
    all_sentences = doc.sentences
    nsent = len(all_sentences)
    subheadings = art.subheadings
    scores = art.scores
    quote_only = art.quote_only
    for rank, i in enumerate(members):
        if i in subheadings or i >= nsent:
            continue
        sentences = all_sentences[i]
        if len(sentences) == 1:  # the common case: the paragraph's cues are the sentence's
            sentence = sentences[0]
            if len(sentence) < 3:
                continue
            # (the general score below with k = 0: its "- 0.2 * k" changes no float)
            score = scores[i].get(state, 0.0) + (2.0 if rank == 0 else 0.0) - 0.3 * rank
            # the only sentence is often the paragraph itself, already tested
            if (
                quote_only[i]
                if (i and sentence is paragraphs[i])
                else _has_quote_mark(sentence) and _quote_only(normalize(sentence))
            ):
                score -= 1.5
            if score > best_score:
                best, best_score = (i, 0, sentence), score
            continue
        # each sentence's own cues (scanned with the article)
        cues_by_sentence = art.sentence_cues.get(i, []) if sentences else []
        for k, sentence in enumerate(sentences):
            if len(sentence) < 3:
                continue
            score = cues_by_sentence[k].get(state, 0.0) + (2.0 if rank == 0 and k == 0 else 0.0) - 0.3 * rank - 0.2 * k
            if _has_quote_mark(sentence) and _quote_only(normalize(sentence)):
                score -= 1.5
            if score > best_score:
                best, best_score = (i, k, sentence), score
    if best is None:
        return subheading_text(paragraphs[members[0]])[:300]
    i, k, sentence = best
    if len(sentence) < 80 and k + 1 < len(doc.sentences[i]):
        sentence = f"{sentence} {doc.sentences[i][k + 1]}"
    return sentence.strip()


def _untitled_section_topics(
    groups: list[tuple[str, list[int]]], art: _Article, taxonomy: Taxonomy
) -> dict[str, str]:
    """Section state → the subject topic its paragraphs' cues clearly favour, for the cards of
    subheadings that name no topic: «عجز في التوليد» keeps its own title, but its English title,
    its emoji and its topic (for subscriptions) are those of "Energy", not "Details".

    A subject topic is an aspect other than the background (which follows dates, not words). It
    needs ``SECTION_EVIDENCE`` in cue weight and ``SECTION_MARGIN`` times the runner-up's; the
    strongest claim is served first and a topic already on a card is not taken again."""
    taken = {state for state, _ in groups if state in taxonomy.topics}
    wanted: list[tuple[float, str, str]] = []
    for state, members in groups:
        if state == MAIN or state in taxonomy.topics:
            continue
        evidence: dict[str, float] = {}
        for i in members:
            for t, x in art.scores[i].items():
                evidence[t] = evidence.get(t, 0.0) + x
        ranked = sorted(
            ((x, t) for t, x in evidence.items()
             if (topic := taxonomy.topics.get(t)) is not None and topic.kind == "aspect" and topic.role != "background"),
            reverse=True,
        )
        if ranked and ranked[0][0] >= SECTION_EVIDENCE and (
            len(ranked) == 1 or ranked[0][0] >= SECTION_MARGIN * ranked[1][0]
        ):
            wanted.append((ranked[0][0], state, ranked[0][1]))
    out: dict[str, str] = {}
    for _x, state, t in sorted(wanted, reverse=True):
        if state not in out and t not in taken:
            out[state] = t
            taken.add(t)
    return out


def _build(
    doc: Document, groups: list[tuple[str, list[int]]], sections: dict[int, str], lead_topic: str | None,
    art: _Article, taxonomy: Taxonomy,
) -> list[Card]:
    language = doc.language if doc.language in SUPPORTED_LANGUAGES else "en"
    index = taxonomy.index()
    cards: list[Card] = []
    section_topics = _untitled_section_topics(groups, art, taxonomy)
    for state, members in groups:
        # (a subheading titles the card it opens; one met inside a card that began earlier, with the
        # lead, does not rename it: "The main story" stays)
        heading = next((i for i in members if i in sections and sections[i] == state), None)
        if heading is not None and heading != members[0] and state == MAIN:
            heading = None
        if state == MAIN:
            topic = taxonomy.topics.get(lead_topic or MAIN, taxonomy.topics[MAIN])
        else:
            topic = taxonomy.topics.get(section_topics.get(state, state), taxonomy.topics[DETAILS])
        title = topic.title(language)
        title_en = topic.title_en
        if heading is not None:
            title = subheading_text(doc.paragraphs[heading])[:80]
            if language == "en":
                title_en = title
        cards.append(
            Card(
                key=state,
                title=title,
                title_en=title_en,
                emoji=topic.emoji,
                paragraphs=members,
                summary=_summary(doc, members, state, art, index),
                topic=topic.id if state == MAIN or state in taxonomy.topics or state in section_topics else DETAILS,
            )
        )
    return cards


def split(doc: Document, events: list[Event]) -> list[Card]:
    """Every body paragraph in exactly one card; cards ordered by first appearance."""
    if not doc.paragraphs:
        return []
    taxonomy = load_taxonomy()
    art = _Article(doc, events, taxonomy)
    title_scores = art.title_scores
    lead_topic = _lead_topic(title_scores, art, taxonomy)
    sections = _section_topics(doc, art, taxonomy)
    emissions = _emissions(title_scores, art, taxonomy, lead_topic, sections)
    groups = _assign(art, emissions, sections, taxonomy)
    return _build(doc, groups, sections, lead_topic, art, taxonomy)
