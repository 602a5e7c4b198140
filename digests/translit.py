"""Script-independent consonant skeletons of names, so «بوتين» and "Putin" meet.

A reader of an Arabic article may ask for ``/actor Putin``; a reader of an English one for
``/actor ماكرون``. Names of people are written by sound in the other script, and the consonants
survive the trip much better than the vowels: Putin → P T N, بوتين → ب ت ن. ``skeleton`` maps
each consonant of either script to a coarse sound class (b/p, t/ṭ/th, the velars g/k/q/j/gh/kh,
s/z/ṣ, sh/ch, f/v, ...), drops vowels, half-vowels, hamza and ʿayn, and merges a doubled consonant into one.

The classes are deliberately coarse: the skeleton is a fallback key for looking a name up when
the exact spelling fails, never a display form, and it is only used for words with at least
``MIN_CONSONANTS`` consonants, so short words do not collide.
"""

from __future__ import annotations

import re
import unicodedata

from digests.textnorm import normalize

MIN_CONSONANTS = 2

# Arabic letters (after ``normalize``: hamza seats folded to ا, ة → ه, ى → ي) → sound class.
_ARABIC: dict[str, str] = {
    "ب": "B", "پ": "B",
    "ت": "T", "ط": "T", "ث": "T",
    "ج": "K", "غ": "K", "ق": "K", "ك": "K", "گ": "K", "خ": "K", "چ": "C",
    "ح": "H", "ه": "H",
    "د": "D", "ض": "D", "ذ": "D", "ظ": "D",
    "ر": "R",
    "ز": "S", "س": "S", "ص": "S",
    "ش": "C", "ژ": "C",
    "ف": "F", "ڤ": "F",
    "ل": "L", "م": "M", "ن": "N",
}
_ARABIC_SILENT = frozenset("اويعءئؤ")

# Latin letter groups, longest first → sound class ("" = silent).
_LATIN_GROUPS: list[tuple[str, str]] = [
    ("tsch", "C"), ("sch", "C"), ("tch", "C"), ("sh", "C"), ("ch", "C"), ("zh", "C"),
    ("kh", "K"), ("gh", "K"), ("dj", "K"), ("ck", "K"), ("ph", "F"), ("th", "T"), ("dh", "D"),
    ("ts", "S"), ("tz", "S"), ("x", "KS"),
]
_LATIN: dict[str, str] = {
    "b": "B", "p": "B",
    "t": "T",
    "c": "K", "g": "K", "j": "K", "k": "K", "q": "K",
    "h": "H",
    "d": "D",
    "r": "R",
    "s": "S", "z": "S",
    "f": "F", "v": "F",
    "l": "L", "m": "M", "n": "N",
}
_LATIN_SILENT = frozenset("aeiouyw'")
_LATIN_GROUP = re.compile("|".join(g for g, _ in _LATIN_GROUPS) + "|.", re.S)
_GROUP_CLASS = dict(_LATIN_GROUPS)
_ARTICLE_LATIN = re.compile(r"^(?:al|el|ul)[-'’]", re.I)


def _fold_latin(word: str) -> str:
    """Lower case without accents: "Erdoğan" → "erdogan", "Şahin" → "sahin" (ş is "sh" though)."""
    word = word.lower().replace("ş", "sh").replace("ç", "ch").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _classes_arabic(word: str) -> list[str]:
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    word = word.replace("تش", "ش")  # «تشارلز»: Charles
    if word.endswith("ه"):  # taa marbuta (normalised to ه) is a vowel: «فاطمة» is Fatima
        word = word[:-1]
    out: list[str] = []
    for ch in word:
        if ch in _ARABIC_SILENT:
            out.append("")
            continue
        cls = _ARABIC.get(ch)
        if cls is None:
            return []  # not an Arabic word after all
        out.append(cls)
    return out


def _classes_latin(word: str) -> list[str]:
    word = _ARTICLE_LATIN.sub("", _fold_latin(word))
    if word.endswith("h") and len(word) > 3 and word[-2] in "aeiou":  # "Fatimah", "Abdullah"
        word = word[:-1]
    out: list[str] = []
    for group in _LATIN_GROUP.findall(word):
        cls = _GROUP_CLASS.get(group)
        if cls is None:
            if group in _LATIN_SILENT or group == "-":
                out.append("")
                continue
            cls = _LATIN.get(group)
            if cls is None:
                return []
        out.extend(cls)
    return out


def skeleton(word: str) -> str:
    """The consonant skeleton of one word in Arabic or Latin script; "" when it is too short to use.

    >>> skeleton("Putin") == skeleton("بوتين")
    True
    """
    norm = normalize(word)
    if not norm:
        return ""
    first = norm[0]
    classes = _classes_arabic(norm) if "\u0600" <= first <= "\u06ff" else _classes_latin(word)
    merged: list[str] = []
    previous = ""
    for cls in classes:  # "" marks a vowel: a doubled letter is one sound, a repeated one two
        if cls and cls != previous:
            merged.append(cls)
        previous = cls
    return "".join(merged) if len(merged) >= MIN_CONSONANTS else ""


def name_skeletons(name: str) -> list[str]:
    """Lookup keys of a person's name: the skeleton of the whole name and of its last word.

    "Vladimir Putin" → ["FLDMR BTN", "BTN"]; words too short for a skeleton are left out.
    """
    words = [s for s in (skeleton(w) for w in re.split(r"[\s\-‐–]+", name) if w) if s]
    if not words:
        return []
    out = [" ".join(words)]
    if len(words) > 1:
        out.append(words[-1])
    return out
