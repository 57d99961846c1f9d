"""Turn pinyin back into Chinese characters, among characters ("你会zuo lao的" -> "你会坐牢的") or in a message
written wholly in pinyin ("ni bu huan qian" -> "你不还钱").

Normalisation already gives the rule layer and the pinyin view a sound-based reading; this gives the
character view one too. A run of two or more pinyin syllables becomes the characters, read that way,
that make the pairs most often seen in the training text, and stays as it is unless one of those
pairs was seen at least three times. Other text without Chinese characters (English) is left alone.

Homophone characters (抱警 for 报警) are not undone here: without a general model of Chinese, the
same test replaced about one message in thirteen of our own clean test text ("放宽心" -> "放款信").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from mediation.compliance.spelling import written_in_pinyin
from mediation.textnorm import LONGEST_SYLLABLE, fewest_pieces, has_han, is_han, syllable

TARGET = 3  # at least one pair of the characters chosen must have been seen this often
_LATIN_RUN = re.compile(r"[a-z]+(?: [a-z]+)*")


class PinyinReader:
    """Pinyin-to-characters reader fitted on normalised training texts."""

    def __init__(self, texts: Iterable[str]):
        self.pairs: Counter[str] = Counter()
        chars: Counter[str] = Counter()
        for text in texts:
            if has_han(text):
                chars.update(c for c in text if is_han(c))
                self.pairs.update(a + b for a, b in itertools.pairwise(text) if is_han(a) and is_han(b))
        self.by_sound: dict[str, list[str]] = defaultdict(list)
        for ch, _ in chars.most_common():
            self.by_sound[syllable(ch)].append(ch)

    def _characters(self, run: str, left: str, right: str) -> str:
        sounds = fewest_pieces(run.replace(" ", ""), self.by_sound, LONGEST_SYLLABLE)
        if not sounds or len(sounds) < 2:
            return run
        chosen: list[str] = []
        for k, sound in enumerate(sounds):
            prev = chosen[-1] if chosen else left
            after = self.by_sound[sounds[k + 1]] if k + 1 < len(sounds) else [right]
            chosen.append(
                max(self.by_sound[sound], key=lambda c: self.pairs.get(prev + c, 0) + max(self.pairs.get(c + n, 0) for n in after))
            )  # fmt: skip
        seen = [self.pairs.get(a + b, 0) for a, b in itertools.pairwise(chosen)]
        return "".join(chosen) if max(seen) >= TARGET else run

    def read(self, text: str) -> str:
        """`text` with each pinyin run written in characters, when the text holds Chinese characters or is written
        in pinyin."""
        if not has_han(text) and not written_in_pinyin(text):
            return text
        return _LATIN_RUN.sub(
            lambda m: self._characters(m.group(), text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]), text
        )
