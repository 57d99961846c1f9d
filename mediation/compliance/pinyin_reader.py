"""Turn pinyin back into Chinese characters, among characters ("你会zuo lao的" -> "你会坐牢的") or in a message
written wholly in pinyin ("ni bu huan qian" -> "你不还钱").

Normalisation already gives the rule layer and the pinyin view a sound-based reading; this gives the
character view one too. A run of two or more pinyin syllables becomes the characters, read that way,
whose pairs together were seen most in the training text (the highest sum of log pair counts over the
whole run, found by dynamic programming), and stays as it is unless one of those pairs was seen at
least three times. Other text without Chinese characters (English) is left alone.

Homophone characters (抱警 for 报警) are not undone here: without a general model of Chinese, the
same test replaced about one message in thirteen of our own clean test text ("放宽心" -> "放款信").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from mediation.compliance.spelling import written_in_pinyin
from mediation.textnorm import LONGEST_SYLLABLE, fewest_pieces, has_han, is_han, syllable

TARGET = 3  # at least one pair of the characters chosen must have been seen this often
UNSEEN = 1.0  # added to every pair count before its log, so that a pair never seen costs the same everywhere
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
        chosen = self._best_path([self.by_sound[sound] for sound in sounds], left, right)
        seen = [self.pairs.get(a + b, 0) for a, b in itertools.pairwise(chosen)]
        return "".join(chosen) if max(seen) >= TARGET else run

    def _best_path(self, options: list[list[str]], left: str, right: str) -> list[str]:
        """One character of each option list, with the highest sum of log pair counts, the characters around the
        run included."""

        def weight(a: str, b: str) -> float:
            return math.log(self.pairs.get(a + b, 0) + UNSEEN)

        total = {c: weight(left, c) if left else 0.0 for c in options[0]}
        steps: list[dict[str, str]] = []
        for column in options[1:]:
            before = {c: max(total, key=lambda p, c=c: total[p] + weight(p, c)) for c in column}
            total = {c: total[p] + weight(p, c) for c, p in before.items()}
            steps.append(before)
        chosen = [max(total, key=lambda p: total[p] + (weight(p, right) if right else 0.0))]
        for before in reversed(steps):
            chosen.append(before[chosen[-1]])
        return chosen[::-1]

    def read(self, text: str) -> str:
        """`text` with each pinyin run written in characters, when the text holds Chinese characters or is written
        in pinyin."""
        if not has_han(text) and not written_in_pinyin(text):
            return text
        return _LATIN_RUN.sub(
            lambda m: self._characters(m.group(), text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]), text
        )
