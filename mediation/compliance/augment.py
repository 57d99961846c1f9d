"""Deterministic evasion transforms for training: homophones, pinyin, typos (what normalisation cannot undo)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable

from mediation.textnorm import has_han, is_han, syllable


def homophone_table(texts: Iterable[str]) -> dict[str, list[str]]:
    """Map each Han character to other common characters with the same toneless pinyin."""
    counts = Counter(c for t in texts for c in t if is_han(c))
    by_sound: dict[str, list[str]] = defaultdict(list)
    for ch, _ in counts.most_common():
        by_sound[syllable(ch)].append(ch)
    return {ch: [o for o in by_sound[syllable(ch)] if o != ch][:4] for ch in counts}


def _homophones(text: str, rng: random.Random, table: dict[str, list[str]]) -> str:
    chars = list(text)
    spots = [i for i, c in enumerate(chars) if table.get(c)]
    for i in rng.sample(spots, min(len(spots), max(1, len(spots) // 6))):
        chars[i] = rng.choice(table[chars[i]])
    return "".join(chars)


def _pinyin_words(text: str, rng: random.Random) -> str:
    spans = [i for i in range(len(text) - 1) if is_han(text[i]) and is_han(text[i + 1])]
    if not spans:
        return text
    out = text
    for i in sorted(rng.sample(spans, min(len(spans), 2)), reverse=True):
        size = rng.choice((2, 2, 3))
        piece = out[i : i + size]
        if not all(is_han(c) for c in piece):
            continue
        sep = rng.choice(("", " "))
        out = out[:i] + sep.join(syllable(c) for c in piece) + out[i + size :]
    return out


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 8:
        return text
    chars = list(text)
    for _ in range(max(1, len(chars) // 40)):
        i = rng.randrange(1, len(chars) - 1)
        op = rng.choice(("drop", "swap", "double"))
        if op == "drop":
            del chars[i]
        elif op == "swap":
            chars[i], chars[i - 1] = chars[i - 1], chars[i]
        else:
            chars.insert(i, chars[i])
    return "".join(chars)


def augment(rows: list[dict], *, seed: int = 13, copies: int = 1) -> list[dict]:
    """Return `copies` evasive variants of each row (same labels), reproducible for a given seed."""
    rng = random.Random(seed)
    table = homophone_table(r["text"] for r in rows)
    out = []
    for row in rows:
        for k in range(copies):
            text = row["text"]
            if row.get("lang") == "zh" or has_han(text):
                choice = rng.choice(("homophone", "pinyin", "typo", "homophone+pinyin"))
                if "homophone" in choice:
                    text = _homophones(text, rng, table)
                if "pinyin" in choice:
                    text = _pinyin_words(text, rng)
                if choice == "typo":
                    text = _typo(text, rng)
            else:
                text = _typo(text, rng)
            if text != row["text"]:
                out.append({**row, "id": f"{row['id']}~{k}", "text": text})
    return out
