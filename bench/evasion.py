"""Evasion forms for the robustness table of `bench/compliance.py`: rewrite a message the way people
dodge keyword checks, aiming at the words the scorer flagged (what a collector would disguise).

These transforms are written for measuring only and share no code with the training augmentation
(`mediation.compliance.augment`), which covers homophones, pinyin and typos; the others are left to
normalisation (`mediation.textnorm`), so this is where it is tested on text it has never seen.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import zhconv
from pypinyin import lazy_pinyin

from mediation.textnorm import is_han, syllable

Spans = list[tuple[int, int]]
EMOJI = "😡👊🔥💀😤🙏👉⚠️"
SEPARATORS = " *.-_|~"
LEET = str.maketrans({"a": "4", "e": "3", "o": "0", "i": "1", "s": "5"})
_WORD = re.compile(r"[A-Za-z]{4,}")


def _rewrite_spans(text: str, spans: Spans, rewrite: Callable[[str], str]) -> str:
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [text[pos:start], rewrite(text[start:end])]
        pos = end
    return "".join([*out, text[pos:]])


def _windows(text: str, start: int, end: int) -> Spans:
    """Candidate words inside a flagged span: runs of three Han characters, or single English words."""
    words = [(start + a, start + b) for a, b in (m.span() for m in _WORD.finditer(text[start:end]))]
    han = [(i, i + 3) for i in range(start, end - 2) if all(is_han(c) for c in text[i : i + 3])]
    return han + words


def salient_spans(text: str, flags: list[tuple[str, int, int]], rescore: Callable[[list[str]], list[dict]]) -> Spans:
    """For each flag (category, start, end), the word whose removal lowers that flag's
    confidence most: the word a collector would disguise. Short (rule) spans are taken whole."""
    spans = []
    for category, start, end in flags:
        windows = _windows(text, start, end) if end - start > 6 else []
        if not windows:
            spans.append((start, end))
            continue
        occluded = rescore([text[:a] + text[b:] for a, b in windows])
        spans.append(windows[min(range(len(windows)), key=lambda i: occluded[i].get(category, 0.0))])
    return spans


def random_span(text: str, rng: random.Random) -> Spans:
    """One random stretch for a message with nothing flagged: three Han characters or one English word."""
    windows = _windows(text, 0, len(text))
    return [rng.choice(windows)] if windows else []


def full_width(text: str, _spans: Spans, _rng: random.Random) -> str:
    """Every ASCII letter, digit and sign as its full-width form (ｃａｌｌ, ＄５００)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def traditional(text: str, _spans: Spans, _rng: random.Random) -> str:
    """The whole message in traditional characters (威脅, 聯繫)."""
    return zhconv.convert(text, "zh-hant")


def _between(joiners: Callable[[], str]) -> Callable[[str, Spans, random.Random], str]:
    def transform(text: str, spans: Spans, rng: random.Random) -> str:
        def split(piece: str) -> str:
            out = [piece[0]] if piece else []
            for prev, ch in itertools.pairwise(piece):
                out.append((joiners(rng) if prev.strip() and ch.strip() else "") + ch)
            return "".join(out)

        return _rewrite_spans(text, spans, split)

    return transform


spaced = _between(lambda rng: " ")
symbols = _between(lambda rng: rng.choice(SEPARATORS[1:]))
emoji = _between(lambda rng: rng.choice(EMOJI) if rng.random() < 0.5 else "")


def pinyin(text: str, spans: Spans, rng: random.Random) -> str:
    """The flagged Chinese words spelt in toneless pinyin, joined or spaced (bao jing, baojing)."""
    sep = rng.choice(("", " "))
    return _rewrite_spans(text, spans, lambda piece: sep.join(lazy_pinyin(piece)))


def whole_pinyin(text: str, _spans: Spans, rng: random.Random) -> str:
    """The whole message spelt in toneless pinyin, syllables spaced or run together ("ni bu huan qian")."""
    return rng.choice((" ", "")).join(lazy_pinyin(text))


class Homophones:
    """Swap the flagged Han characters for others read the same (报警 -> 抱警), from a corpus's characters."""

    def __init__(self, texts: Iterable[str]):
        by_sound: dict[str, set[str]] = defaultdict(set)
        for text in texts:
            for ch in text:
                if is_han(ch):
                    by_sound[syllable(ch)].add(ch)
        self.table = {ch: sorted(group - {ch}) for group in by_sound.values() for ch in group if len(group) > 1}

    def __call__(self, text: str, spans: Spans, rng: random.Random) -> str:
        swap = lambda piece: "".join(rng.choice(self.table[c]) if c in self.table else c for c in piece)  # noqa: E731
        return _rewrite_spans(text, spans, swap)


def typos(text: str, spans: Spans, rng: random.Random) -> str:
    """One swapped or dropped letter in each flagged English word of four letters or more."""

    def mistype(match: re.Match) -> str:
        word, i = match.group(), rng.randrange(1, len(match.group()) - 1)
        if rng.random() < 0.5:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        return word[:i] + word[i + 1 :]

    return _rewrite_spans(text, spans, lambda piece: _WORD.sub(mistype, piece))


def leetspeak(text: str, spans: Spans, _rng: random.Random) -> str:
    """The flagged English words in leetspeak (j41l, p0l1c3)."""
    return _rewrite_spans(text, spans, lambda piece: piece.translate(LEET))


def forms(corpus: Iterable[str]) -> dict[str, tuple[str, Callable[[str, Spans, random.Random], str]]]:
    """name -> (languages it applies to, transform)."""
    return {
        "full-width": ("zh en", full_width),
        "traditional": ("zh", traditional),
        "spaced": ("zh en", spaced),
        "symbols": ("zh en", symbols),
        "emoji": ("zh en", emoji),
        "pinyin": ("zh", pinyin),
        "all pinyin": ("zh", whole_pinyin),
        "homophones": ("zh", Homophones(corpus)),
        "typos": ("en", typos),
        "leetspeak": ("en", leetspeak),
    }
