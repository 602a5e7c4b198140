"""Digest cards: the body of an article split into a few thematic cards of related paragraphs.

The topics, their cue words (Arabic and English, weighted), titles and emoji come from
``config/taxonomy.toml``. Each paragraph gets a score per topic from several signals:

- cue words and phrases, matched clitic-aware (``digests.textnorm.Lexicon``);
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
enough. Cards are ordered by first appearance.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

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
    its own weight.
    """

    topics: dict[str, Topic]
    lexicon: Lexicon
    background: str | None = None
    quotes: str | None = None

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
        return cls(topics=topics, lexicon=Lexicon(entries), background=background, quotes=quotes)


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


def cue_scores(toks: list[str], taxonomy: Taxonomy) -> dict[str, float]:
    """Topic → summed weight of the distinct cue phrases found in ``toks`` (capped)."""
    seen: set[int] = set()
    out: dict[str, float] = {}
    for _start, _end, value in taxonomy.lexicon.find(toks):
        if id(value) in seen:  # each cue phrase counts once per text
            continue
        seen.add(id(value))
        for tid, weight in value:  # type: ignore[attr-defined]
            out[tid] = min(CUE_CAP, out.get(tid, 0.0) + weight)
    return out


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
    text = normalize(paragraph).strip()
    if '"' not in text:
        return False
    if not text.startswith('"') and not text.startswith("'"):
        return False
    rest = _QUOTED.sub(" ", text)
    if text.count('"') % 2:  # an unclosed quote running to the end of the paragraph
        rest = rest.split('"')[0]
    return len(_WORDS.findall(rest)) <= 4


_WORDS = re.compile(r"[^\W\d_]+")


def has_quotation(paragraph: str) -> bool:
    """Does the paragraph quote someone (a quoted span of at least four words)?"""
    return any(len(_WORDS.findall(q)) >= 4 for q in _QUOTED.findall(normalize(paragraph)))


def opens_with_connective(paragraph: str) -> bool:
    """«وانتهت ...», «كما ...», "But ...", "He ...": the paragraph continues the previous one."""
    toks = tokens(paragraph[:60])
    if not toks:
        return False
    first = toks[0]
    if first in _CONNECTIVES_EN or first in _CONNECTIVES_AR:
        return True
    # Arabic «و» fused to the first word («وانتهت», «واستضاف»), not a root starting with و
    return first.startswith("و") and len(first) >= 4 and first not in _WAW_WORDS


_WAW_WORDS = frozenset(normalize(w) for w in "وزير وزيرة وزراء وزارة وفد وفق وفقا وسط وصل وصلت وقت وقع".split())


# ------------------------------------------------------------------------------------ splitting


@dataclass
class _Para:
    index: int
    scores: dict[str, float]
    connective: bool
    quote_only: bool
    subheading: bool
    toks: list[str] = field(default_factory=list)
    old: bool = False  # about events at least BACKGROUND_YEARS before publication


def _signals(doc: Document, events: list[Event], taxonomy: Taxonomy) -> list[_Para]:
    n = len(doc.paragraphs)
    paras: list[_Para] = []
    for i, text in enumerate(doc.paragraphs):
        if i < len(doc.sentences) and doc.sentences[i]:  # the words of " ".join(sentences)
            toks = [w for sentence in doc.sentence_words(i) for w in sentence]
        else:
            toks = tokens(text)
        paras.append(
            _Para(
                index=i,
                scores=cue_scores(toks, taxonomy),
                connective=i > 0 and opens_with_connective(text),
                quote_only=i > 0 and is_quote_only(text),
                subheading=i in doc.subheadings,
                toks=toks,
            )
        )
    # quoted speech leans to the reactions topic
    if taxonomy.quotes:
        for p in paras:
            if has_quotation(doc.paragraphs[p.index]):
                p.scores[taxonomy.quotes] = p.scores.get(taxonomy.quotes, 0.0) + QUOTE_WEIGHT
    # time: years well before publication lean to background
    if taxonomy.background:
        years_by_para = [years_mentioned(p.toks) for p in paras]
        reference = doc.published.year if doc.published else max((y for ys in years_by_para for y in ys), default=None)
        old = [False] * n
        if reference is not None:
            for i, ys in enumerate(years_by_para):
                old[i] = any(reference - y >= BACKGROUND_YEARS for y in ys)
            for ev in events:
                year = _event_year(ev)
                if year is not None and reference - year >= BACKGROUND_YEARS:
                    for i in ev.paragraphs:
                        if 0 <= i < n:
                            old[i] = True
        for i, flag in enumerate(old):
            if flag:
                paras[i].old = True
                s = paras[i].scores
                s[taxonomy.background] = s.get(taxonomy.background, 0.0) + TIME_WEIGHT
    return paras


def _event_year(ev: Event) -> int | None:
    m = re.match(r"^(-?\d{1,4})", ev.start or "")
    return int(m.group(1)) if m else None


def _lead_topic(doc: Document, paras: list[_Para], taxonomy: Taxonomy) -> str | None:
    """The event topic the headline and the lead are about, if any."""
    total: dict[str, float] = {}
    sources = [(cue_scores(tokens(doc.title), taxonomy), 1.0)]
    sources += [(p.scores, w) for p, w in zip(paras[:3], (1.0, 0.6, 0.3), strict=False)]
    for scores, weight in sources:
        for tid, s in scores.items():
            if taxonomy.topics.get(tid, Topic(tid, "", "", "", "")).kind == "event":
                total[tid] = total.get(tid, 0.0) + weight * s
    if not total:
        return None
    best = max(total, key=lambda t: total[t])
    return best if total[best] >= 0.8 else None


def _lead_aspects(doc: Document, paras: list[_Para], taxonomy: Taxonomy) -> dict[str, float]:
    """Aspect topics the headline and lead are about → how much they are the story's own subject (0-1].

    "Iraq and Turkey sign a deal to restart an oil pipeline" is an energy story: near the lead, its
    energy paragraphs continue the main event rather than open an energy card. Aspects that describe
    the story's time or voice rather than its subject (background, reactions, what next: topics with
    a role or standalone) never qualify.
    """
    total: dict[str, float] = {}
    for scores in (cue_scores(tokens(doc.title), taxonomy), paras[0].scores):
        for tid, s in scores.items():
            topic = taxonomy.topics.get(tid)
            if topic and topic.kind == "aspect" and not topic.role and not topic.standalone:
                total[tid] = total.get(tid, 0.0) + s
    span = LEAD_ASPECT_FULL - LEAD_ASPECT_MIN
    return {t: min(1.0, (s - LEAD_ASPECT_MIN) / span) for t, s in total.items() if s > LEAD_ASPECT_MIN}


def _section_topics(doc: Document, paras: list[_Para], taxonomy: Taxonomy) -> dict[int, str]:
    """Subheading index → the topic its card takes (a taxonomy topic, or its own section state)."""
    out: dict[int, str] = {}
    for i in doc.subheadings:
        scores = cue_scores(tokens(subheading_text(doc.paragraphs[i])), taxonomy)
        scores = {t: s for t, s in scores.items() if t in taxonomy.topics}
        out[i] = max(scores, key=lambda t: scores[t]) if scores else f"section-{i}"
    return out


def _emissions(
    doc: Document, paras: list[_Para], taxonomy: Taxonomy, lead_topic: str | None, sections: dict[int, str]
) -> list[dict[str, float]]:
    n = len(paras)
    span = max(3.0, LEAD_SPAN * n)
    aspects = _lead_aspects(doc, paras, taxonomy)
    out: list[dict[str, float]] = []
    for p in paras:
        e = {t: s for t, s in p.scores.items() if t != lead_topic and t in taxonomy.topics}
        if p.old and taxonomy.background:
            # another event long past (an old treaty in a story about talks) is the story's background
            past = max((s for t, s in e.items() if taxonomy.topics[t].kind == "event"), default=0.0)
            e[taxonomy.background] = e.get(taxonomy.background, 0.0) + past
        fade = max(0.0, 1.0 - p.index / span)
        main = LEAD_BONUS * fade
        if lead_topic:
            main += LEAD_TOPIC_SHARE * p.scores.get(lead_topic, 0.0)
        # near the lead, the cues of the lead's own aspects are evidence for the main card
        for t, share in aspects.items():
            if fade and (s := e.get(t)):
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


def _viterbi(
    seq: list[int], emissions: list[dict[str, float]], paras: list[_Para], forced: dict[int, str], scale: float
) -> dict[int, str]:
    """Best topic per paragraph of ``seq`` with a cost per topic switch."""
    states = sorted({MAIN} | {t for i in seq for t in emissions[i]} | set(forced.values()))
    score = {s: 0.0 for s in states}
    back: list[dict[str, str]] = []
    for pos, i in enumerate(seq):
        e = emissions[i]
        allowed = [forced[i]] if i in forced else states
        cost = 0.0 if i in forced else (CONNECTIVE_COST if paras[i].connective else SWITCH_COST) * scale
        new: dict[str, float] = {}
        ptr: dict[str, str] = {}
        if pos == 0:
            for s in allowed:
                new[s] = e.get(s, 0.0) + (0.0 if s == MAIN else -cost)
                ptr[s] = s
        else:
            best_prev = max(score, key=lambda s: score[s])
            for s in allowed:
                stay = score.get(s, -math.inf)
                switch = score[best_prev] - cost
                if stay > switch or (stay == switch and best_prev == s):
                    new[s], ptr[s] = stay + e.get(s, 0.0), s
                else:
                    new[s], ptr[s] = switch + e.get(s, 0.0), best_prev
        back.append(ptr)
        score = new
    state = max(score, key=lambda s: (score[s], s == MAIN))
    out: dict[int, str] = {}
    for pos in range(len(seq) - 1, -1, -1):
        out[seq[pos]] = state
        state = back[pos][state]
    return out


def _idf(paras: list[_Para]) -> dict[str, float]:
    """Squared idf of every word long enough to be compared (three letters or more, see ``_weighted``)."""
    df = Counter(chain.from_iterable(set(p.toks) for p in paras))
    n = len(paras)
    weight = {c: math.log((n + 1) / c) ** 2 for c in set(df.values())}  # one value per document frequency
    return {t: weight[c] for t, c in df.items() if len(t) > 2}


def _similarity(a: list[str], b: list[str], idf: dict[str, float]) -> float:
    """Cosine of idf-weighted word sets: paragraphs sharing rare words are about the same thing."""
    return _cosine(_weighted(a, idf), _weighted(b, idf), idf)


def _weighted(toks: list[str], idf: dict[str, float]) -> tuple[set[str], float]:
    """The word set of a text (words of three letters or more) and its idf-weighted norm.

    ``idf`` holds squared idf values (``_idf``).
    """
    words = {t for t in toks if len(t) > 2}
    if not words:
        return words, 0.0
    return words, math.sqrt(sum(map(idf.get, words, repeat(0.0, len(words)))))


def _cosine(a: tuple[set[str], float], b: tuple[set[str], float], idf: dict[str, float]) -> float:
    sa, na = a
    sb, nb = b
    if not sa or not sb:
        return 0.0
    common = sa & sb
    dot = sum(map(idf.get, common, repeat(0.0, len(common))))
    return dot / (na * nb) if na and nb else 0.0


def _group(assign: dict[int, str], n: int) -> list[tuple[str, list[int]]]:
    groups: dict[str, list[int]] = {}
    for i in range(n):
        groups.setdefault(assign[i], []).append(i)
    return sorted(groups.items(), key=lambda g: g[1][0])


def _merge_target(
    para_ids: list[int], state: str, groups: list[tuple[str, list[int]]], emissions: list[dict[str, float]],
    paras: list[_Para], idf: dict[str, float], weighted: dict[int, tuple[set[str], float]] | None = None,
) -> str:
    """The card a stray group of paragraphs fits best: topic score plus likeness to its closest paragraph."""
    best, best_score = None, -math.inf
    if weighted is None:
        weighted = {}
    mine = _weighted([t for i in para_ids for t in paras[i].toks], idf)

    def of(j: int) -> tuple[set[str], float]:
        w = weighted.get(j)
        if w is None:
            w = weighted[j] = _weighted(paras[j].toks, idf)
        return w

    for other, members in groups:
        if other == state:
            continue
        s = sum(emissions[i].get(other, 0.0) for i in para_ids) / len(para_ids)
        # likeness to the closest of its nearest members (bounded, so long articles stay linear)
        if len(para_ids) == 1:
            only = para_ids[0]
            near = sorted(members, key=lambda j: abs(j - only))[:MERGE_NEIGHBOURS]
        else:
            near = sorted(members, key=lambda j: min(abs(j - i) for i in para_ids))[:MERGE_NEIGHBOURS]
        s += MERGE_SIMILARITY * max(_cosine(mine, of(j), idf) for j in near)
        if any(i - 1 in members for i in para_ids):  # continuity: the story goes on from there
            s += MERGE_PREVIOUS
        if s > best_score:
            best, best_score = other, s
    return best or MAIN


def _assign(
    paras: list[_Para], emissions: list[dict[str, float]], sections: dict[int, str], taxonomy: Taxonomy
) -> dict[int, str]:
    n = len(paras)
    seq = [p.index for p in paras if not p.quote_only or p.index == 0]
    min_cards = MIN_CARDS if n >= 6 else (2 if n >= 4 else 1)
    idf: dict[str, float] = {}  # squared idf, computed when a stray paragraph first needs it
    weighted: dict[int, tuple[set[str], float]] = {}  # paragraph → its word set and norm, built once
    assign: dict[int, str] = {}
    for scale in (1.0, 0.6, 0.3):
        path = _viterbi(seq, emissions, paras, sections, scale)
        assign = {}
        last = MAIN
        for i in range(n):
            last = path.get(i, last)  # a quote-only paragraph goes with the one before
            assign[i] = last
        if len(set(assign.values())) >= min_cards:
            break
    # stray single paragraphs (not a subheading's card) join the card they resemble most, weakest first
    while len(groups := _group(assign, n)) > min_cards:
        strays = []
        for state, members in groups:
            topic = taxonomy.topics.get(state)
            if state == MAIN or any(m in sections for m in members) or (topic and topic.standalone):
                continue
            core = [m for m in members if not paras[m].quote_only]
            if len(core) <= 1:
                strays.append((emissions[core[0] if core else members[0]].get(state, 0.0), state, members))
        if not strays:
            break
        _, state, members = min(strays, key=lambda s: (s[0], s[1]))
        if not idf:
            idf = _idf(paras)
        target = _merge_target(members, state, groups, emissions, paras, idf, weighted)
        for m in members:
            assign[m] = target
    # at most MAX_CARDS: fold the smallest cards into their nearest neighbour
    while len(groups := _group(assign, n)) > MAX_CARDS:
        state, members = min((g for g in groups if g[0] != MAIN), key=lambda g: (len(g[1]), -g[1][0]))
        if not idf:
            idf = _idf(paras)
        target = _merge_target(members, state, groups, emissions, paras, idf, weighted)
        for m in members:
            assign[m] = target
    return assign


# ------------------------------------------------------------------------------------ cards


def _summary(doc: Document, members: list[int], state: str, paras: list[_Para], taxonomy: Taxonomy) -> str:
    """One or two sentences of the card's own text: the one with most cues for its topic, early first."""
    candidates: list[tuple[float, int, int, str]] = []
    for rank, i in enumerate(members):
        if paras[i].subheading:
            continue
        sentences = doc.sentences[i] if i < len(doc.sentences) else []
        for k, sentence in enumerate(sentences):
            if len(sentence) < 3:
                continue
            cues = paras[i].scores if len(sentences) == 1 else cue_scores(doc.sentence_words(i)[k], taxonomy)
            score = cues.get(state, 0.0) + (2.0 if rank == 0 and k == 0 else 0.0) - 0.3 * rank - 0.2 * k
            if is_quote_only(sentence):
                score -= 1.5
            candidates.append((score, i, k, sentence))
    if not candidates:
        return subheading_text(doc.paragraphs[members[0]])[:300]
    _, i, k, sentence = max(candidates, key=lambda c: (c[0], -c[1], -c[2]))
    if len(sentence) < 80 and k + 1 < len(doc.sentences[i]):
        sentence = f"{sentence} {doc.sentences[i][k + 1]}"
    return sentence.strip()


def _build(
    doc: Document, assign: dict[int, str], sections: dict[int, str], lead_topic: str | None,
    paras: list[_Para], taxonomy: Taxonomy,
) -> list[Card]:
    language = doc.language if doc.language in SUPPORTED_LANGUAGES else "en"
    cards: list[Card] = []
    for state, members in _group(assign, len(doc.paragraphs)):
        heading = next((i for i in members if i in sections and sections[i] == state), None)
        if state == MAIN:
            topic = taxonomy.topics.get(lead_topic or MAIN, taxonomy.topics[MAIN])
        else:
            topic = taxonomy.topics.get(state, taxonomy.topics[DETAILS])
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
                summary=_summary(doc, members, state, paras, taxonomy),
                topic=topic.id if state == MAIN or state in taxonomy.topics else DETAILS,
            )
        )
    return cards


def split(doc: Document, events: list[Event]) -> list[Card]:
    """Every body paragraph in exactly one card; cards ordered by first appearance."""
    if not doc.paragraphs:
        return []
    taxonomy = load_taxonomy()
    paras = _signals(doc, events, taxonomy)
    lead_topic = _lead_topic(doc, paras, taxonomy)
    sections = _section_topics(doc, paras, taxonomy)
    emissions = _emissions(doc, paras, taxonomy, lead_topic, sections)
    assign = _assign(paras, emissions, sections, taxonomy)
    return _build(doc, assign, sections, lead_topic, paras, taxonomy)
