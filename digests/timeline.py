"""Timeline: dated events and figures from the time expressions of one article.

Each time expression (``timexpr``) becomes an event: the sentence it belongs to, trimmed to a
short description, the actors it mentions, its paragraph and the expression's original text.
Mentions of one happening in several paragraphs (same or nested interval and a shared content
word near the expression) merge into one event that lists all its paragraphs; the most precise
interval wins. Figures (``figures``) come from the same pass, so a number used as a date is never
also a figure.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from digests import figures as figures_mod
from digests import timexpr
from digests.model import Actor, Event, Figure
from digests.text import Document
from digests.textnorm import Lexicon, variants
from digests.tokenspan import Token, is_break, stem_of, tokenize

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 28  # tokens
WINDOW_BEFORE = 5  # content tokens compared when merging mentions
WINDOW_AFTER = 3
COMMON_SHARE = 0.2  # a stem in this share of paragraphs (and at least COMMON_MIN) does not identify an event
COMMON_MIN = 4
_FINENESS = {p: k for k, p in enumerate(timexpr.PRECISIONS)}


@dataclass
class Mention:
    """One time expression in context, before merging."""

    expr: timexpr.TimeExpr
    paragraph: int
    description: str
    actors: list[str]
    keys: set[str]
    order: int
    paragraphs: list[int] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)  # the dated sentences it was read in (their index)


def _actor_lexicon(actors: list[Actor]) -> Lexicon:
    return Lexicon(
        [  # (a list: no generator resumed per entry)
            (name, actor.name)
            for actor in actors
            for name in (actor.name, actor.name_en or "", *actor.aliases)
            if name
        ]
    )


# the gap between two tokens → whether it holds a break (``is_break`` depends on the gap only; pure,
# bounded: most gaps are one space, a few dozen strings in all)
_GAP_BREAKS: dict[str, bool] = {}


def _gap_break(text: str, toks: list[Token], k: int) -> bool:
    """``is_break(text, toks, k)`` for 0 < k < len(toks), learning its gap."""
    found = is_break(text, toks, k)
    g = text[toks[k - 1].end : toks[k].start]
    if len(g) <= 16:
        if len(_GAP_BREAKS) >= _CACHE_LIMIT:
            _GAP_BREAKS.clear()
        _GAP_BREAKS[g] = found
    return found


def _describe(text: str, toks: list[Token], expr: timexpr.TimeExpr) -> str:
    """The sentence, or when long the clause(s) around the expression, capped at MAX_DESCRIPTION tokens."""
    n = len(toks)
    if n <= MAX_DESCRIPTION:
        return text.strip()
    # the clause walks test ``is_break`` at 0 < k < n, read here from the cache by gap string
    # (the function only on a miss)
    known = _GAP_BREAKS.get

    def breaks(k: int) -> bool:
        found = known(text[toks[k - 1].end : toks[k].start])
        return _gap_break(text, toks, k) if found is None else found

    s, e = expr.i, expr.j
    while s > 0 and not breaks(s):
        s -= 1
    while e < n and not breaks(e):
        e += 1
    # too short a clause («في الشهر الماضي ،») → take the next clause too
    while e - s < 8 and e < n:
        e += 1
        while e < n and not breaks(e):
            e += 1
    if e - s > MAX_DESCRIPTION:
        s = max(s, expr.i - MAX_DESCRIPTION // 2)
        e = min(e, s + MAX_DESCRIPTION)
    out = text[toks[s].start : toks[e - 1].end].strip()
    if s > 0:
        out = "… " + out
    if e < n:
        out += " …"
    return out


# normalised word → whether it is a content word (not a function word, in any of its first two
# forms) (pure once ``time_words()`` is built, bounded)
_CONTENT: dict[str, bool] = {}
_CACHE_LIMIT = 100_000


def _is_content_word(norm: str) -> bool:
    fw = timexpr.time_words().function_words
    found = len(norm) > 1 and norm not in fw and not any(v in fw for v in variants(norm)[:2])
    if len(_CONTENT) >= _CACHE_LIMIT:
        _CONTENT.clear()
    _CONTENT[norm] = found
    return found


# normalised word → ``stem_of`` (pure, bounded): a plain dict read through ``map`` (no ``lru_cache``
# bookkeeping per word)
_STEMS: dict[str, str] = {}


def _stems(words: Iterable[str]) -> set[str]:
    """The stems of some words, learning the ones not seen yet."""
    out: set[str] = set()
    for w in words:
        s = _STEMS.get(w)
        if s is None:
            if len(_STEMS) >= _CACHE_LIMIT:
                _STEMS.clear()
            s = _STEMS[w] = stem_of(w)
        out.add(s)
    return out


def _keys(toks: list[Token], norms: list[str], expr: timexpr.TimeExpr, skip: set[int]) -> set[str]:
    """Content-word stems near the expression: what the mention is about.

    ``skip``: the tokens of time expressions and actor names, never content words here.
    """
    known = _CONTENT.get
    picked: list[str] = []
    for indices, limit in ((range(expr.i - 1, -1, -1), WINDOW_BEFORE), (range(expr.j, len(toks)), WINDOW_AFTER)):
        got = 0
        for k in indices:
            if k in skip or toks[k].number is not None:
                continue
            w = norms[k]
            found = known(w)
            if found is None:
                found = _is_content_word(w)
            if found:
                picked.append(w)
                got += 1
                if got == limit:
                    break
    try:  # one C-level pass over the cached stems
        return set(map(_STEMS.__getitem__, picked))
    except KeyError:  # a word not seen yet
        return _stems(picked)


def _shifted(toks: list[Token], offset: int) -> list[Token]:
    """Copies of paragraph tokens with offsets in their sentence (which starts at ``offset``)."""
    new = object.__new__
    out: list[Token] = []
    for t in toks:
        c = new(Token)
        c.text, c.norm, c.number, c.digits = t.text, t.norm, t.number, t.digits
        c.start = t.start - offset
        c.end = t.end - offset
        out.append(c)
    return out


def _contains(a: timexpr.TimeExpr, b: timexpr.TimeExpr) -> bool:
    return a.start is not None and b.start is not None and a.start <= b.start and b.end <= a.end  # type: ignore[operator]


def _paragraph_stems(all_words: list[list[list[str]]]) -> list[set[str]]:
    """The stems of every paragraph's words (``all_words``: each paragraph's sentences' words)."""
    stem = _STEMS.__getitem__
    out: list[set[str]] = []
    for para_words in all_words:
        try:  # one C-level pass a paragraph over the cached stems
            out.append(set(map(stem, chain.from_iterable(para_words))))
        except KeyError:  # a word not seen yet
            out.append(_stems(chain.from_iterable(para_words)))
    return out


def _drop_common_keys(mentions: list[Mention], all_words: list[list[list[str]]]) -> None:
    """Keep in the dated mentions' keys only the stems that can merge anything: those in the keys
    of two or more dated mentions, less the ones found in many paragraphs (the story's protagonists,
    its main noun).

    Keys only serve ``_merge``, and there only a stem in the keys of two or more dated mentions can
    join anything (an entry's keys are its mentions' keys: a stem no other mention has never finds
    it); so only those stems are kept (``_merge`` indexes a few stems, not every one) and counted
    over the paragraphs, and the paragraphs' stems are not gathered at all when there are none.
    """
    dated = [m for m in mentions if m.expr.precision != "approximate"]
    seen: set[str] = set()
    shared: set[str] = set()
    for m in dated:
        shared |= seen & m.keys
        seen |= m.keys
    if shared:
        stems = _paragraph_stems(all_words)
        limit = max(COMMON_MIN, COMMON_SHARE * len(stems))
        df = Counter(chain.from_iterable(s & shared for s in stems))  # (C-level set intersections)
        shared -= {k for k, n in df.items() if n >= limit}
    for m in dated:
        m.keys = m.keys & shared


def _merge_order(m: Mention) -> tuple[int, int, int]:
    e = m.expr
    span = (e.end - e.start).days if e.start is not None and e.end is not None else 1 << 30
    return _FINENESS[e.precision], span, m.order


def _merge(mentions: list[Mention]) -> list[Mention]:
    """Same happening in several paragraphs → one mention with the finest interval and all paragraphs.

    A mention joins the first earlier entry (in merge order) that shares a content word with it and
    whose interval contains or lies in its own; entries are found through an index by content word,
    so a long article does not compare every mention with every entry.
    """
    merged: list[Mention] = []
    by_key: dict[str, list[int]] = {}  # content word → indices of dated entries having it (ascending)
    # finest first: by precision, then by the interval's length ("early this year", four months of
    # precision "month", is coarser than "March 2022"), then in text order
    for m in sorted(mentions, key=_merge_order):
        if m.expr.precision != "approximate":
            candidates = sorted({idx for k in m.keys for idx in by_key.get(k, ())})
            for idx in candidates:
                target = merged[idx]
                if not target.sentences.isdisjoint(m.sentences) and (
                    target.expr.start != m.expr.start or target.expr.end != m.expr.end
                ):
                    continue  # two times of one sentence («الثلاثاء … منذ مطلع يناير») are two events
                if _contains(m.expr, target.expr) or _contains(target.expr, m.expr):
                    target.sentences = target.sentences | m.sentences
                    target.paragraphs = sorted(set(target.paragraphs) | {m.paragraph})
                    for k in m.keys - target.keys:
                        by_key.setdefault(k, []).append(idx)
                    target.keys |= m.keys
                    # (a new list: the mentions of one sentence share theirs)
                    target.actors = target.actors + [a for a in m.actors if a not in target.actors]
                    break
            else:
                for k in m.keys:
                    by_key.setdefault(k, []).append(len(merged))
                merged.append(m)
            continue
        merged.append(m)
    return merged


def _sort_key(m: Mention) -> tuple:
    e = m.expr
    approx = e.precision == "approximate" or e.start is None
    return (approx, e.start or date.max, e.end or date.max, m.order)


def extract(doc: Document, actors: list[Actor]) -> tuple[list[Event], list[Figure]]:
    """Events sorted by start (approximate last) and figures in text order."""
    found_figures: list[Figure] = []
    all_words = (
        doc.words
        if len(doc.words) == len(doc.sentences)
        else [doc.sentence_words(p) for p in range(len(doc.sentences))]
    )
    # the time expressions and figures of every sentence worth a full scan (a quick C-speed test
    # of its normalised words), in one pass over the paragraphs (their tokens read once each)
    dated: list[tuple[int, str, list[Token], list[str], list[timexpr.TimeExpr], set[int]]] = []
    worth_scanning, marks, find = timexpr.worth_scanning, timexpr.marks, timexpr.find
    published = doc.published
    for p, (sentences, para_words) in enumerate(zip(doc.sentences, all_words, strict=True)):
        para_tokens = None
        for k, (sentence, words) in enumerate(zip(sentences, para_words, strict=True)):
            if not words or not worth_scanning(words):
                continue
            if para_tokens is None:
                para_tokens = doc.sentence_tokens(p)
            offset, shared, same = para_tokens[k]
            # a sentence cut alike by both tokenisers is already tokenised (offset -1: on its own), and
            # its words (``textnorm.tokens``) are its tokens' keys (``phrases.tokenize_shared``)
            if same:
                toks: list[Token] = shared if offset <= 0 else _shifted(shared, offset)  # type: ignore[arg-type]
                norms = words if len(words) == len(toks) else [t.norm for t in toks]
            else:
                toks = tokenize(sentence)
                norms = [t.norm for t in toks]
            if not toks:
                continue
            # one classification of the sentence's words serves the time scanner and the figures
            marked = marks(norms)
            exprs = find(sentence, toks, published, norms, marked)
            taken = {i for e in exprs for i in range(e.i, e.j)}
            starts = timexpr.figure_starts(marked)
            if starts:  # (no number and no number word: no figure)
                found_figures.extend(
                    figures_mod.find(sentence, toks, p, taken, starts, norms, timexpr.qualifier_starts(marked))
                )
            if exprs:
                dated.append((p, sentence, toks, norms, exprs, taken))
    if not dated:
        return [], found_figures
    actor_lex = _actor_lexicon(actors)
    # the dated sentences' words meet the actor names through the variant index (few words do)
    all_hits = actor_lex.find_many([d[3] for d in dated]) if len(actor_lex) else [[] for _ in dated]
    mentions: list[Mention] = []
    order = 0
    new = object.__new__
    # acronyms spelt like a function word ("US", "WHO") name an actor only in capitals: "told us",
    # "who said" name none
    fw = timexpr.time_words().function_words
    acronyms = {
        low for a in actors for n in (a.name_en or "", *a.aliases)
        if n.isupper() and n.isascii() and (low := n.lower()) in fw
    }
    for sent, ((p, sentence, toks, norms, exprs, taken), actor_hits) in enumerate(zip(dated, all_hits, strict=True)):
        if actor_hits and acronyms:
            actor_hits = [
                h for h in actor_hits
                if h[1] - h[0] != 1 or toks[h[0]].text.isupper() or toks[h[0]].text.lower() not in acronyms
            ]
        if actor_hits:
            names = list(dict.fromkeys([str(v) for _, _, v in actor_hits]))
            skip = taken | {k for s, e, _ in actor_hits for k in range(s, e)}
        else:
            names, skip = [], taken
        for expr in exprs:
            # (the dataclass's ``__init__`` per mention: filling the instance dict is faster)
            m = new(Mention)
            m.__dict__.update(
                expr=expr,
                paragraph=p,
                description=_describe(sentence, toks, expr),
                actors=names,
                keys=_keys(toks, norms, expr, skip),
                order=order,
                paragraphs=[p],
                sentences={sent},
            )
            mentions.append(m)
            order += 1
    _drop_common_keys(mentions, all_words)
    events = [
        Event(
            start=timexpr.iso(m.expr.start, m.expr.precision),
            end=timexpr.iso(m.expr.end, m.expr.precision),
            precision=m.expr.precision,
            text=m.expr.text,
            event=m.description,
            paragraphs=m.paragraphs,
            actors=m.actors,
            relative=m.expr.relative,
        )
        for m in sorted(_merge(mentions), key=_sort_key)
    ]
    return events, found_figures
