"""Fold evasive spellings into one canonical text while remembering where every character came from.

`normalise` undoes the tricks collectors and borrowers use to slip past keyword checks: full-width
letters, traditional characters, spaces, dots, asterisks and emoji between characters, spaced-out or
leetspeak English. It returns the canonical text and, for each of its characters, the offset of the
original character it came from, so a match in the canonical text maps back to the original span.
`pinyin_stream` goes one step further for Chinese: toneless pinyin with separators dropped, so that
homophones, pinyin spellings and mixed forms (报警, 抱警, 报 警, bao jing, baojing) all look alike.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Container
from functools import cache, lru_cache
from pathlib import Path

import zhconv
from pypinyin import lazy_pinyin

#: Sentence punctuation, folded to ASCII; these survive normalisation as clause boundaries.
BOUNDARIES = {"。": ".", "，": ",", "！": "!", "？": "?", "；": ";", "：": ":", "…": ".", "\n": "\n"}
#: Kept punctuation: the boundaries, and the enumeration comma "、", which joins the items of one list inside a clause,
#: so a negation reaches across it ("不收审核费、服务费").
KEPT_PUNCT = set(".,!?;:\n、")
QUOTES = {"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "《": '"', "》": '"', '"': '"'}
APOSTROPHES = {"'", "’", "‘", "`"}
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_TOKEN = re.compile(r"[a-z0-9@$]+")
_NOT_LEET = re.compile(r"^\$?\d+(?:st|nd|rd|th|am|pm|h|hrs?|k|m|x|s|days?|yrs?|gb|kg|mins?)?$")
_LETTERS = re.compile(r"[a-z]+")
_SPACED = re.compile(r"(?<![a-z])(?:[a-z][ .*_\-]){2,}[a-z](?![a-z])")

Normalised = tuple[str, list[int]]


@cache
def _simplified() -> dict[str, str]:
    # read zhconv's table directly: its own loader leaves the file handle open (a ResourceWarning)
    with open(Path(zhconv.__file__).parent / "zhcdict.json", encoding="utf-8") as handle:
        table = json.load(handle)["zh2Hans"]
    return {k: v for k, v in table.items() if len(k) == 1 and len(v) == 1}


_UNIFIED, _EXTENSION_A = ("\u4e00", "\u9fff"), ("\u3400", "\u4dbf")
#: CJK unified ideographs (basic block and extension A), as a regex character-class body.
HAN_RANGES = "".join(f"{low}-{high}" for low, high in (_EXTENSION_A, _UNIFIED))
_HAN = re.compile(f"[{HAN_RANGES}]")


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (the bounds compared directly, not by regex: this runs per character)."""
    return _UNIFIED[0] <= ch <= _UNIFIED[1] or _EXTENSION_A[0] <= ch <= _EXTENSION_A[1]


def has_han(text: str) -> bool:
    """True when the text holds at least one CJK unified ideograph."""
    return _HAN.search(text) is not None


def _kind(ch: str) -> str:
    if is_han(ch):
        return "han"
    if ch.isalnum():
        return "alnum"
    if ch.isspace():
        return "space"
    if ch in KEPT_PUNCT:
        return "punct"
    if ch == '"' or ch == "'":
        return "quote"
    return "noise"


def _fold(text: str) -> list[tuple[str, int]]:
    """Width, case, traditional -> simplified and punctuation folding, one output char per entry."""
    simp = _simplified()
    out: list[tuple[str, int]] = []
    for i, raw in enumerate(text):
        if raw in ".．" and 0 < i < len(text) - 1 and is_han(text[i - 1]) and is_han(text[i + 1]):
            continue  # an ASCII dot between Chinese characters splits a word ("法.院"); "。" ends a sentence
        if raw in BOUNDARIES:
            out.append((BOUNDARIES[raw], i))
            continue
        if raw in QUOTES:
            out.append(('"', i))
            continue
        if raw in APOSTROPHES:
            out.append(("'", i))
            continue
        for ch in unicodedata.normalize("NFKC", raw).casefold():
            if ch in BOUNDARIES:
                ch = BOUNDARIES[ch]
            out.append((simp.get(ch, ch), i))
    return out


def _is_pictograph(ch: str) -> bool:
    return ord(ch) > 127 and unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf")


def _pictographs_inside_words(chars: list[tuple[str, int]], kinds: list[str]) -> set[int]:
    """Indices of emoji and other pictographs wedged inside a Latin word ("ca😡ll"): dropped, not a word break."""
    inside: set[int] = set()
    k, n = 0, len(chars)
    while k < n:
        if kinds[k] != "noise" or not _is_pictograph(chars[k][0]):
            k += 1
            continue
        end = k
        while end < n and kinds[end] == "noise" and _is_pictograph(chars[end][0]):
            end += 1
        if k > 0 and end < n and kinds[k - 1] == kinds[end] == "alnum":
            inside.update(range(k, end))
        k = end
    return inside


def _drop_noise(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Remove emoji, symbols and spaces that split words; keep one space between Latin words."""
    kinds = [_kind(c) for c, _ in chars]
    inside = _pictographs_inside_words(chars, kinds)
    out: list[tuple[str, int]] = []
    n = len(chars)
    for k, (ch, i) in enumerate(chars):
        kind = kinds[k]
        if k in inside:
            continue
        if kind in ("han", "alnum", "quote"):
            out.append((ch, i))
            continue
        if kind == "punct":
            # a dot inside a word or number ("a.r.r.e.s.t", "1.5") is not a boundary
            if ch == "." and 0 < k < n - 1 and kinds[k - 1] == "alnum" and kinds[k + 1] == "alnum":
                out.append((ch, i))
                continue
            out.append((ch, i))
            continue
        if ch in "$@" and k + 1 < n and kinds[k + 1] == "alnum":
            out.append((ch, i))
            continue
        # space or noise: keep a single space only between two Latin/digit characters
        prev = next((kinds[j] for j in range(k - 1, -1, -1) if kinds[j] not in ("space", "noise")), None)
        nxt = next((kinds[j] for j in range(k + 1, n) if kinds[j] not in ("space", "noise")), None)
        if prev == "alnum" and nxt == "alnum" and out and out[-1][0] != " ":
            prev_char = out[-1][0]
            if not is_han(prev_char):
                out.append((" ", i))
    return out


def _join_spaced(text: str, offsets: list[int]) -> Normalised:
    """Join spelled-out words ("p o l i c e", "a.r.r.e.s.t") and undo leetspeak."""
    chars = list(text)
    keep = [True] * len(chars)
    for m in _SPACED.finditer(text):
        for j in range(m.start(), m.end()):
            if not chars[j].isalpha():
                keep[j] = False
    for m in _LEET_TOKEN.finditer(text):
        token = m.group()
        letters = sum(c.isalpha() for c in token)
        if (
            letters >= 2
            and not _NOT_LEET.match(token)
            and any(c in "013457@$" for c in token)
            and not _pinyin_beside_numbers(token)
        ):
            for j, c in enumerate(token.translate(LEET)):
                chars[m.start() + j] = c
    out = "".join(c for c, k in zip(chars, keep, strict=True) if k)
    offs = [o for o, k in zip(offsets, keep, strict=True) if k]
    return out, offs


def _pinyin_beside_numbers(token: str) -> bool:
    """Pinyin syllables beside numbers ("yuqi5tian", "12qi"), not leetspeak: every run of letters is two or more
    letters that spell pinyin (a leet digit splits an English word into pieces that do not: "j41l", "h4ng")."""
    pieces = _LETTERS.findall(token)
    return bool(pieces) and all(len(p) >= 2 and spelt_in_pinyin(p) for p in pieces)


def normalise(text: str) -> Normalised:
    """Return the canonical text and, for each of its characters, the index of the original character."""
    chars = _drop_noise(_fold(text))
    folded = "".join(c for c, _ in chars)
    offsets = [i for _, i in chars]
    folded, offsets = _join_spaced(folded, offsets)
    lead = len(folded) - len(folded.lstrip(" "))
    stripped = folded.strip(" ")
    return stripped, offsets[lead : lead + len(stripped)]


def original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of the normalised text back to the original text."""
    if not offsets or end <= start:
        return 0, 0
    return offsets[start], offsets[min(end, len(offsets)) - 1] + 1


@cache
def syllable(ch: str) -> str:
    """Toneless pinyin of one Han character (the character itself otherwise)."""
    return lazy_pinyin(ch)[0] if is_han(ch) else ch


LONGEST_SYLLABLE = 6  # letters of the longest pinyin syllable (zhuang)


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written v), from pypinyin's readings of single characters."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    readings = (to_normal(r, v_to_u=False) for value in pinyin_dict.values() for r in value.split(","))
    return frozenset(r for r in readings if r.isascii() and r.isalpha() and any(v in r for v in "aeiouv"))


@lru_cache(maxsize=65536)
def spelt_in_pinyin(word: str) -> bool:
    """`word` (lower-case letters) is one or more pinyin syllables run together ("bao", "baojing")."""
    return fewest_pieces(word, pinyin_syllables(), LONGEST_SYLLABLE) is not None


@lru_cache(maxsize=4096)
def pinyin_stream(normalised: str) -> Normalised:
    """Toneless pinyin of the text with spaces and quotes dropped; offsets index the normalised text.

    Cached (the rule layer and the learned layer both ask for it): callers must not modify the result.
    """
    out: list[str] = []
    offs: list[int] = []
    for i, ch in enumerate(normalised):
        if ch == " " or ch == '"' or ch == "'":
            continue
        s = syllable(ch)
        out.append(s)
        offs.extend([i] * len(s))
    return "".join(out), offs


def han_ratio(text: str) -> float:
    """Share of Han characters among the letters of the text."""
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if is_han(c)) / len(letters) if letters else 0.0


def fewest_pieces(
    letters: str, known: Container[str], longest: int, cost: Callable[[str], float] = lambda piece: 0.0
) -> list[str] | None:
    """Spell `letters` with the fewest `known` pieces of at most `longest` letters (the lowest total
    `cost` on a tie), or None when they cannot be spelt so."""
    best: list[tuple[int, float, list[str]] | None] = [(0, 0.0, [])] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - longest), end):
            head, piece = best[start], letters[start:end]
            if head is not None and piece in known:
                option = (head[0] + 1, head[1] + cost(piece), [*head[2], piece])
                if best[end] is None or option[:2] < best[end][:2]:
                    best[end] = option
    return best[-1][2] if best[-1] is not None else None
