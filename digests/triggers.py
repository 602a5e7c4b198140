"""What may start at a word, for the actor analyser: one table look-up per token.

The actor analyser reads a sentence with several lexicons — gazetteer phrases, national bodies,
short body references, speech verbs, titles, "led by" phrases. Asking each of them about every
token costs one call per lexicon per token; instead, every normalised word is looked up once in
``TABLE`` (norm → bit set of the lexicons that may start at it) and the analyser works only at the
tokens whose bits say so. The bits are a pure function of the word once the lexicons are loaded,
so the table is a bounded process-wide cache filled on first sight of a word.
"""

from __future__ import annotations

from digests import institutions, orgs_ar
from digests.gazetteer import gazetteer
from digests.people import is_speech_ar, words
from digests.phrases import install_trigger_bits, trigger_bits_installed
from digests.phrases import spellings as spellings  # (re-exported for the actor analyser)
from digests.textnorm import is_arabic_word

GAZ = 1  # a gazetteer phrase may start here
AMB = 2  # an ambiguous country name («مالي», «ومالي»): a country only inside a list of countries
INST = 4  # a national body's pattern may start here («وزارة», "ministry")
SHORT = 8  # a short reference to a body («الوزارة», "ministry")
SPEECH = 16  # a speech verb («قال», «وأضافت»; an English one spelt so: its text decides, see below)
TITLE = 32  # a title may start here («الرئيس», "President")
LED = 64  # a "led by" phrase may start here («بقيادة», "led")
ORG_AR = 128  # an Arabic body's head noun («هيئة», «وبجامعة»): ``orgs_ar`` may read a name here

# normalised word → its bits (pure once the lexicons are built, bounded)
TABLE: dict[str, int] = {}
_LIMIT = 100_000


def bits_of(norm: str) -> int:
    """The bits of a normalised word (computed and remembered in ``TABLE``).

    An English word is a speech verb when its text in lower case is one ("Said"); such a text is
    ASCII letters (or the Kelvin sign, which NFC makes a K), so its norm is that lower-case text:
    the bit marks every token that may be one, and the analyser checks the text at those only.
    """
    gaz = gazetteer()
    w = words()
    arabic = is_arabic_word(norm)
    bits = (
        (GAZ if gaz.matcher.starts_at(norm) else 0)
        | (AMB if norm in gaz.ambiguous_forms else 0)
        | (INST if institutions.matcher().starts_at(norm) else 0)
        | (SHORT if institutions.short_types(norm) is not None else 0)
        | (SPEECH if (is_speech_ar(norm) if arabic else norm in w.speech_en) else 0)
        | (TITLE if w.titles.starts_at(norm) else 0)
        | (LED if w.led_by is not None and w.led_by.starts_at(norm) else 0)
        | (ORG_AR if arabic and orgs_ar.head_of(norm) is not None else 0)
    )
    if len(TABLE) >= _LIMIT:
        TABLE.clear()
    TABLE[norm] = bits
    return bits


def _bits(norm: str) -> int:
    found = TABLE.get(norm)
    return bits_of(norm) if found is None else found


def installed() -> bool:
    """Whether ``install`` ran."""
    return trigger_bits_installed()


def install() -> None:
    """Load the lexicons and have the tokeniser list every sentence's trigger tokens from now on.

    (``phrases.install_trigger_bits``: a plain word's bits are then kept with its chunk, so
    ``text.prepare`` gives them in ``Document.triggers`` at the cost of one test per token.)
    """
    bits_of("")  # every lexicon the bits read is built now, not while a chunk is cut
    install_trigger_bits(_bits)


def sentence_bits(toks: list) -> list[int]:  # type: ignore[type-arg]
    """The bits of every token of a sentence (one dict look-up each; unseen words computed)."""
    get = TABLE.get
    bits = [get(t.norm, -1) for t in toks]
    if -1 in bits:
        bits = [b if b >= 0 else bits_of(t.norm) for t, b in zip(toks, bits, strict=True)]
    return bits
