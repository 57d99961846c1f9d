"""Inline-SVG chart geometry: flagged exchanges by category over time, as stacked bars."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

#: Colour-blind-aware palette (Okabe-Ito and Tableau), readable on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F3C8D", "#B8860B",
           "#4D4D4D", "#A6761D", "#1B9E77", "#E7298A")  # fmt: skip
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 40, 36, 10


@dataclass
class RiskTally:
    """Counts gathered in one pass over exchanges."""

    total: int = 0
    by_level: Counter = field(default_factory=Counter)
    by_bucket: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, created_at: str, level: str, categories: str) -> None:
        """Count one exchange (bucketed by day)."""
        self.total += 1
        self.by_level[level] += 1
        for category in filter(None, categories.split(",")):
            self.by_bucket[created_at[:10]][category] += 1


def _merge_by_month(buckets: dict[str, Counter]) -> dict[str, Counter]:
    months: dict[str, Counter] = defaultdict(Counter)
    for day, counts in buckets.items():
        months[day[:7]].update(counts)
    return months


def stacked_bars(tally: RiskTally, label_of) -> dict:
    """Bars, axis ticks and a legend for the template to draw; months when there are many days."""
    buckets = tally.by_bucket if len(tally.by_bucket) <= 45 else _merge_by_month(tally.by_bucket)
    keys = sorted(buckets)
    categories = sorted({c for counts in buckets.values() for c in counts})
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    peak = max((sum(counts.values()) for counts in buckets.values()), default=0)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(keys), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    bars, labels = [], []
    every = max(1, len(keys) // 8)
    for i, key in enumerate(keys):
        x = LEFT + i * slot + (slot - bar_w) / 2
        y = HEIGHT - BOTTOM
        for category in categories:
            count = buckets[key].get(category, 0)
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1),
                         "colour": colours[category], "title": f"{key} · {label_of(category)}: {count}"})  # fmt: skip
        if i % every == 0:
            labels.append({"x": round(x + bar_w / 2, 1), "text": key[5:] if len(key) == 10 else key})
    ticks = sorted({0, peak // 2, peak}) if peak else [0]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "base": HEIGHT - BOTTOM, "bars": bars, "labels": labels,
        "ticks": [{"y": round(HEIGHT - BOTTOM - (plot_h * v / peak if peak else 0), 1), "value": v} for v in ticks],
        "legend": [{"category": c, "label": label_of(c), "colour": colours[c]} for c in categories],
        "table": [{"bucket": k, "counts": {label_of(c): n for c, n in sorted(buckets[k].items())}} for k in keys],
    }  # fmt: skip
