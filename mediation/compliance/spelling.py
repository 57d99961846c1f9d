"""Undo one-letter typos in English words ("emplyer", "polcie", "dbt") and words run together ("yourboss",
left by spaced-out letters "y o u r b o s s") against the training vocabulary.

A word of three letters or more that is neither used twice in the training data nor the pinyin of a character
in it is replaced by the training vocabulary's most frequent word one edit away (a letter dropped, added,
changed or two letters swapped), found through a table of single-letter deletions (the SymSpell method). A
word in pyspellchecker's English frequency list is never a typo: taking a rare English word for a slip of a
common one ("cal" for "call") also turns surnames into words ("Ms Holt" -> "hold") and "halve the fee" into
"have the fee". Failing a near word, a word of six letters or more is split into the fewest training words
seen at least three times (of three letters or more, or a few short function words), if it can be. Chinese is
never touched: text with characters leaves pinyin among them to the pinyin view, and text written wholly in
pinyin (`written_in_pinyin`) is read as Chinese by the pinyin reader.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

from mediation.textnorm import fewest_pieces, has_han, spelt_in_pinyin

_WORD = re.compile(r"[a-z]{3,}")
_ANY_WORD = re.compile(r"[a-z]+")
SPLIT_FROM = 6  # shortest run-together word worth splitting
#: pieces under three letters a split may use (others, like "st" or "co", split names into nonsense)
SHORT_WORDS = frozenset(
    ["a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in",
     "is", "it", "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we"]
)  # fmt: skip
_LONGEST_PIECE = 15
KNOWN = 2  # a word seen this often is taken as spelt right
TARGET = 3  # a correction must be a word seen at least this often
ENGLISH = 20  # a word this frequent in pyspellchecker's list is English, however rare in the training data
COMMON = 20_000  # a word this frequent in that list is common English ("you", "can", "men"; not "ni", "wo", "li")
PINYIN_WORDS = 0.75  # share of a text's words that must spell pinyin for the text to be read as pinyin
FOREIGN_WORDS = 0.5  # more than this share must spell pinyin and not be common English ("ni hao"; not "ping me")


@cache
def _english_counts() -> dict[str, int]:
    from spellchecker import SpellChecker

    return SpellChecker(language="en").word_frequency.dictionary


@cache
def english_words() -> frozenset[str]:
    """Words of pyspellchecker's English frequency list (subtitles corpus) seen at least ENGLISH times."""
    return frozenset(w for w, n in _english_counts().items() if n >= ENGLISH)


@cache
def common_english_words() -> frozenset[str]:
    """Words of that list seen at least COMMON times."""
    return frozenset(w for w, n in _english_counts().items() if n >= COMMON)


@lru_cache(maxsize=4096)
def written_in_pinyin(text: str) -> bool:
    """Chinese written wholly in pinyin ("ni bu huan qian wo men jiu shang men"): no Chinese characters, and of
    two or more words, most spell pinyin syllables and enough of those are not common English words (the full
    English list holds "ni", "wo" and "li" as names and foreign words)."""
    if has_han(text):
        return False
    words = _ANY_WORD.findall(text.lower())
    pinyin = [w for w in words if spelt_in_pinyin(w)]
    foreign = sum(1 for w in pinyin if w not in common_english_words())
    return len(words) >= 2 and len(pinyin) >= PINYIN_WORDS * len(words) and foreign > FOREIGN_WORDS * len(words)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit_apart(a: str, b: str) -> bool:
    """One letter dropped, added or changed, or two neighbours swapped (the deletion table also pairs
    words two edits apart, such as "cancle" and "chance")."""
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
        return len(diffs) == 1 or swapped
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return len(longer) == len(shorter) + 1 and shorter in _deletions(longer)


class Speller:
    """Typo corrector fitted on normalised training texts."""

    def __init__(self, texts: Iterable[str], syllables: Iterable[str] = ()):
        """Fit on `texts`; `syllables` (the pinyin of the training text's characters) are never corrected."""
        english = (text for text in texts if not has_han(text) and not written_in_pinyin(text))
        counts = Counter(w for text in english for w in _ANY_WORD.findall(text))
        self.syllables = frozenset(syllables)
        self.known = {w for w, n in counts.items() if n >= KNOWN}
        self.pieces = {w: math.log(n) for w, n in counts.items() if n >= TARGET and (len(w) > 2 or w in SHORT_WORDS)}
        self.by_deletion: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for word, n in counts.items():
            if n >= TARGET and len(word) >= 4:
                for key in {word, *_deletions(word)}:
                    self.by_deletion[key].append((n, word))

    def _best(self, word: str, english: frozenset[str]) -> str:
        """`word` as meant: itself when known, English or a pinyin syllable; else the most frequent known word one
        edit away that keeps the first letter (typos rarely hit it; names and pinyin such as "zhang" or "qing"
        would otherwise become "hang" or "ring"); else its pieces (`_split`)."""
        if word in self.known or word in english or word in self.syllables:
            return word
        candidates = [
            (n, c) for key in {word, *_deletions(word)} for n, c in self.by_deletion.get(key, ())
            if c[0] == word[0] and one_edit_apart(c, word)
        ]  # fmt: skip
        return max(candidates)[1] if candidates else self._split(word)

    def _split(self, word: str) -> str:
        """`word` as the fewest known words (the most frequent on a tie), or unchanged."""
        if len(word) < SPLIT_FROM:
            return word
        pieces = fewest_pieces(word, self.pieces, _LONGEST_PIECE, lambda piece: -self.pieces[piece])
        return " ".join(pieces) if pieces else word

    def correct(self, text: str) -> str:
        """`text` with each unknown word of three letters or more replaced by its nearest known word or split into
        known words (`_best`); Chinese, in characters or in pinyin, is left alone."""
        return self.correct_keeping_offsets(text, list(range(len(text))))[0]

    def correct_keeping_offsets(self, text: str, offsets: list[int]) -> tuple[str, list[int]]:
        """`correct` for normalised text and its offsets into the original: the letters of a corrected word point,
        in proportion, into the word it replaces, so a rule matching "jail" in "go to jal" spans "jal" and one
        matching "boss" in "yourboss" spans "boss"."""
        if has_han(text) or written_in_pinyin(text):
            return text, offsets
        english = english_words()
        out, offs, pos = [], [], 0
        for m in _WORD.finditer(text):
            typed = m.group()
            meant = self._best(typed, english)
            if meant != typed:
                out += [text[pos : m.start()], meant]
                offs += offsets[pos : m.start()]
                offs += [offsets[m.start() + i * len(typed) // len(meant)] for i in range(len(meant))]
                pos = m.end()
        out.append(text[pos:])
        offs += offsets[pos:]
        return "".join(out), offs
