"""Benchmark the compliance scorer against a naive keyword baseline; prints tables.

    .venv/bin/python bench/compliance.py [--dev ../shared/eval/compliance.dev.jsonl]
        [--context ../shared/eval/context.dev.jsonl]

The dev files are held out: this script only measures on them. So is our own test set,
`bench/data/compliance.test.*.jsonl` (1,288 messages written after the training data, about 43 %
hard negatives next to the line, many single-label positives worded like another category); it is
never trained on. Nor are the stance pairs, `bench/data/compliance.stance.*.jsonl` (180 zh + 180 en
minimal pairs written by the labelling guide: the same topic said compliantly and in violation);
"pairs right" counts a pair only when both twins are judged right. The evasion table rewrites our
own test set in ten evasion forms (`bench/evasion.py`), aimed at the word each flag leans on most (one
form spells the whole message in pinyin); the disguised text is scored with its language detected, as
`/api/v1/check` does when it is given none. Two tables count how many compliant messages of the kinds
agents send most are flagged: openers naming a lender (`bench/introductions.py`) and service messages such as a
payment received or a complaint logged (`bench/service_messages.py`), both from held-out sentences and lender names.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import evasion  # noqa: E402
from bench.introductions import introductions  # noqa: E402
from bench.service_messages import service_messages  # noqa: E402
from mediation.compliance import TEXT_CATEGORIES, build_scorer  # noqa: E402
from mediation.config import Settings  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
OWN_TEST = ROOT / "bench" / "data"
KEYWORDS = {
    "threat": ["后果自负", "等着", "小心", "regret", "or else", "warning"],
    "false_legal": ["坐牢", "拘留", "黑名单", "征信", "jail", "arrest", "criminal", "blacklist"],
    "impersonation": ["法院", "公安", "警察", "律师", "police", "court", "lawyer", "government"],
    "abuse": ["老赖", "垃圾", "不要脸", "废物", "deadbeat", "loser", "idiot", "stupid"],
    "third_party": ["家人", "单位", "同事", "领导", "family", "employer", "boss", "neighbour"],
    "privacy": ["通讯录", "曝光", "朋友圈", "照片", "contacts", "facebook", "social media", "post"],
    "unauthorized_offer": ["减免", "不上征信", "删除", "优惠", "waive", "guarantee", "discount", "remove"],
    "debt_pressure": ["借", "网贷", "信用卡", "卖", "borrow", "loan", "sell", "credit card"],
    "harassment": ["每天", "一直打", "天天", "不停", "every day", "keep calling", "every hour", "again"],
    "dismissal": ["投诉", "没用", "借口", "关系", "complain", "excuse", "not my problem", "don't care"],
}


def keyword_baseline(text: str) -> set[str]:
    """Flag a category when any of its keywords appears (case-insensitive substring)."""
    low = text.lower()
    return {c for c, words in KEYWORDS.items() if any(w in low for w in words)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def measure(rows: list[dict], predict: Callable[[list[dict]], list[set[str]]]) -> dict:
    preds = predict(rows)
    out: dict = {"per": {}, "lang": {}}
    for lang in ("zh", "en", "all"):
        subset = [(r, p) for r, p in zip(rows, preds, strict=True) if lang == "all" or r["lang"] == lang]
        per = {}
        for c in TEXT_CATEGORIES:
            tp = sum(1 for r, p in subset if c in p and c in r["labels"])
            fp = sum(1 for r, p in subset if c in p and c not in r["labels"])
            fn = sum(1 for r, p in subset if c not in p and c in r["labels"])
            per[c] = (*prf(tp, fp, fn), tp + fn)
        out["per"][lang] = per
        tp = sum(1 for r, p in subset if p and r["labels"])
        fp = sum(1 for r, p in subset if p and not r["labels"])
        fn = sum(1 for r, p in subset if not p and r["labels"])
        clean = sum(1 for r, _ in subset if not r["labels"])
        supported = [v[2] for v in per.values() if v[3] > 0]
        out["lang"][lang] = {
            "any_p": prf(tp, fp, fn)[0], "any_r": prf(tp, fp, fn)[1], "fpr": fp / clean if clean else 0.0,
            "macro_f1": statistics.mean(supported) if supported else 0.0, "n": len(subset),
        }  # fmt: skip
    return out


def bootstrap_interval(
    rows: list[dict], preds: list[set[str]], resamples: int = 1000
) -> dict[str, tuple[float, float]]:
    """95 % percentile intervals of macro F1 and any-violation P and R, resampling the messages (fixed seed):
    how far each figure could move on another sample of the same size."""
    y = np.array([[c in r["labels"] for c in TEXT_CATEGORIES] for r in rows])
    p = np.array([[c in pred for c in TEXT_CATEGORIES] for pred in preds])
    rng = np.random.default_rng(0)
    stats: dict[str, list[float]] = {"macro F1": [], "any P": [], "any R": []}
    for _ in range(resamples):
        idx = rng.integers(0, len(rows), len(rows))
        yy, pp = y[idx], p[idx]
        tp, fp, fn = (yy & pp).sum(0), (~yy & pp).sum(0), (yy & ~pp).sum(0)
        f1 = np.divide(2 * tp, 2 * tp + fp + fn, out=np.zeros(len(tp)), where=2 * tp + fp + fn > 0)
        stats["macro F1"].append(float(f1[tp + fn > 0].mean()))
        hit, flagged, violating = (yy.any(1) & pp.any(1)).sum(), pp.any(1).sum(), yy.any(1).sum()
        stats["any P"].append(hit / max(flagged, 1))
        stats["any R"].append(hit / max(violating, 1))
    return {k: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) for k, v in stats.items()}


def read_jsonl(paths) -> list[dict]:
    """Every row of the given JSONL files, in sorted path order."""
    return [
        json.loads(line)
        for path in sorted(paths)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def keywords(batch: list[dict]) -> list[set[str]]:
    """The keyword baseline over a batch of rows."""
    return [keyword_baseline(r["text"]) for r in batch]


def stance_pairs_right(rows: list[dict], preds: list[set[str]]) -> float:
    """Share of minimal pairs judged right on both sides: the compliant twin unflagged, the violating
    twin flagged with one of its categories."""
    right: dict[str, bool] = {}
    for row, pred in zip(rows, preds, strict=True):
        ok = bool(pred & set(row["labels"])) if row["labels"] else not pred
        right[row["pair"]] = right.get(row["pair"], True) and ok
    return sum(right.values()) / len(right) if right else 0.0


def table(title: str, header: list[str], rows: list[list]) -> None:
    print(f"\n{title}")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))


ANY_HEADER = ["system", "lang", "n", "any P", "any R", "FPR clean", "macro F1"]


def any_violation_rows(results: dict) -> list[list]:
    """One row per system and language: any-violation P/R, FPR on clean messages, macro F1."""
    rows = []
    for name, res in results.items():
        for lang in ("zh", "en", "all"):
            m = res["lang"][lang]
            rows.append([name, lang, m["n"], f"{m['any_p']:.3f}", f"{m['any_r']:.3f}", f"{m['fpr']:.3f}",
                         f"{m['macro_f1']:.3f}"])  # fmt: skip
    return rows


def evasion_rows(scorer, rows: list[dict]) -> list[list]:
    """Per evasion form and language: the own test set's figures before -> after disguising, on the
    messages the form changed. Flagged messages have their most salient word disguised
    (`evasion.salient_spans`), the others a random word; the disguised text's language is detected."""
    risks = scorer.score_many([{"text": r["text"], "lang": r["lang"]} for r in rows])
    spans = []
    for row, risk in zip(rows, risks, strict=True):
        flags = [(f.category, f.start, f.end) for f in risk.flags if f.end > f.start]

        def rescore(texts: list[str], lang: str = row["lang"]) -> list[dict]:
            return [{f.category: f.confidence for f in r.flags} for r in scorer.score_many([{"text": t, "lang": lang} for t in texts])]  # fmt: skip

        rng = random.Random(row["id"])
        spans.append(
            evasion.salient_spans(row["text"], flags, rescore) if flags else evasion.random_span(row["text"], rng)
        )
    before = [risk.categories for risk in risks]
    body = []
    for name, (langs, transform) in evasion.forms(r["text"] for r in rows).items():
        for lang in langs.split():
            changed = []
            for i, row in enumerate(rows):
                if row["lang"] == lang:
                    text = transform(row["text"], spans[i], random.Random(f"{name}:{row['id']}"))
                    if text != row["text"]:
                        changed.append((i, text))
            if not changed:
                continue
            subset = [rows[i] for i, _ in changed]
            after = scorer.score_many([{"text": t} for _, t in changed])
            old_preds, new_preds = [before[i] for i, _ in changed], [r.categories for r in after]
            old = measure(subset, lambda _, p=old_preds: p)["lang"][lang]
            new = measure(subset, lambda _, p=new_preds: p)["lang"][lang]
            body.append(
                [name, lang, len(changed)] + [f"{old[k]:.3f} -> {new[k]:.3f}" for k in ("any_r", "fpr", "macro_f1")]
            )
    return body


def flagged_share_rows(scorer, rows: list[dict]) -> list[list]:
    """Share of compliant generated messages flagged, by language and kind, with the categories flagged."""
    risks = scorer.score_many([{"text": r["text"], "lang": r["lang"]} for r in rows])
    groups: dict[tuple[str, str], list] = {}
    for row, risk in zip(rows, risks, strict=True):
        groups.setdefault((row["lang"], row["kind"]), []).append(risk.categories)
        groups.setdefault((row["lang"], "all"), []).append(risk.categories)
    body = []
    for (lang, kind), found in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] != "all", kv[0][1])):
        counts = Counter(c for cats in found for c in cats)
        flagged = sum(1 for cats in found if cats)
        named = ", ".join(f"{c} {n}" for c, n in counts.most_common()) or "-"
        body.append([lang, kind, len(found), flagged, f"{flagged / len(found):.3f}", named])
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=EVAL / "compliance.dev.jsonl")
    parser.add_argument("--context", type=Path, default=EVAL / "context.dev.jsonl")
    args = parser.parse_args()
    settings = Settings.load()
    started = time.perf_counter()
    scorer = build_scorer(settings.knowledge_dir, settings.instance_dir)
    print(
        f"scorer ready in {time.perf_counter() - started:.1f}s",
        f"(model {scorer.model.version}, data {scorer.model.data_hash})",
    )
    print(
        "own data, 5-fold cross-validation:",
        json.dumps(scorer.model.metrics.get("any", {})),
        "macro F1",
        scorer.model.metrics.get("macro_f1"),
    )
    rows = [json.loads(line) for line in args.dev.read_text(encoding="utf-8").splitlines() if line.strip()]

    def ours(batch: list[dict]) -> list[set[str]]:
        items = [{"text": r["text"], "speaker": r.get("speaker"), "lang": r.get("lang")} for r in batch]
        return [risk.categories for risk in scorer.score_many(items)]

    scored = {"dev": (rows, ours(rows))}
    results = {
        "scorer": measure(rows, lambda _: scored["dev"][1]),
        "keywords": measure(rows, keywords),
    }
    for lang in ("zh", "en"):
        body = []
        for c in TEXT_CATEGORIES:
            s, k = results["scorer"]["per"][lang][c], results["keywords"]["per"][lang][c]
            body.append(
                [c, s[3], f"{s[0]:.2f}", f"{s[1]:.2f}", f"{s[2]:.2f}", f"{k[0]:.2f}", f"{k[1]:.2f}", f"{k[2]:.2f}"]
            )
        table(f"per category ({lang})", ["category", "n", "P", "R", "F1", "kw P", "kw R", "kw F1"], body)
    body = any_violation_rows(results)
    table("any violation", ANY_HEADER, body)
    own = read_jsonl(OWN_TEST.glob("compliance.test.*.jsonl"))
    if own:
        scored["own test"] = (own, ours(own))
        own_results = {
            "scorer": measure(own, lambda _: scored["own test"][1]),
            "keywords": measure(own, keywords),
        }
        table("any violation, own test set (bench/data, never trained on)", ANY_HEADER, any_violation_rows(own_results))
        table(
            "evasion forms, own test set (before -> after disguising the most salient flagged word)",
            ["form", "lang", "n", "any R", "FPR clean", "macro F1"],
            evasion_rows(scorer, own),
        )
    for title, generated in (
        ("self-introductions naming a lender (bench/introductions.py)", introductions()),
        ("service messages (bench/service_messages.py)", service_messages()),
    ):
        table(
            f"compliant {title}, held out: share flagged",
            ["lang", "kind", "n", "flagged", "FPR", "categories"],
            flagged_share_rows(scorer, generated),
        )
    stance = read_jsonl(OWN_TEST.glob("compliance.stance.*.jsonl"))
    if stance:
        preds = {"scorer": ours(stance), "keywords": keywords(stance)}  # each system runs once
        scored["stance pairs"] = (stance, preds["scorer"])
        body = any_violation_rows({name: measure(stance, lambda _, p=p: p) for name, p in preds.items()})
        for row in body:  # rows come as (system, lang, ...), as any_violation_rows lays them out
            keep = [i for i, r in enumerate(stance) if row[1] == "all" or r["lang"] == row[1]]
            row.append(f"{stance_pairs_right([stance[i] for i in keep], [preds[row[0]][i] for i in keep]):.3f}")
        table("stance pairs (bench/data, never trained on)", [*ANY_HEADER, "pairs right"], body)
    body = []
    for name, (data, preds) in scored.items():
        spans = bootstrap_interval(data, preds)
        body.append([name, len(data), *(f"{lo:.3f}-{hi:.3f}" for lo, hi in spans.values())])
    table(
        "scorer, 95 % interval over resampled messages (1,000 bootstrap draws)",
        ["set", "n", "macro F1", "any P", "any R"],
        body,
    )

    items = [{"text": r["text"], "lang": r.get("lang")} for r in rows]
    reps = max(1, 2000 // len(items))
    t0 = time.perf_counter()
    for _ in range(reps):
        scorer.score_many(items)
    batch_rate = reps * len(items) / (time.perf_counter() - t0)
    lat = []
    for item in items * 3:
        t0 = time.perf_counter()
        scorer.score(item["text"], lang=item["lang"])
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    t0 = time.perf_counter()
    for _ in range(reps):
        [keyword_baseline(i["text"]) for i in items]
    kw_rate = reps * len(items) / (time.perf_counter() - t0)
    table("speed", ["system", "batch msg/s", "single p50 ms", "single p95 ms"], [
        ["scorer", f"{batch_rate:.0f}", f"{lat[len(lat) // 2]:.2f}", f"{lat[int(len(lat) * 0.95)]:.2f}"],
        ["keywords", f"{kw_rate:.0f}", "-", "-"],
    ])  # fmt: skip
    if args.context.exists():
        ctx_rows = [json.loads(line) for line in args.context.read_text(encoding="utf-8").splitlines() if line.strip()]
        body, exact = [], 0
        risks = scorer.score_many(
            [{"text": r["text"], "lang": r.get("lang"), "context": r.get("context")} for r in ctx_rows]
        )
        for c in ("contact_time", "contact_frequency"):
            tp = sum(1 for r, k in zip(ctx_rows, risks, strict=True) if c in r["expect"] and c in k.categories)
            fp = sum(1 for r, k in zip(ctx_rows, risks, strict=True) if c not in r["expect"] and c in k.categories)
            fn = sum(1 for r, k in zip(ctx_rows, risks, strict=True) if c in r["expect"] and c not in k.categories)
            p, r_, f = prf(tp, fp, fn)
            body.append([c, tp + fn, f"{p:.2f}", f"{r_:.2f}", f"{f:.2f}"])
        for r, k in zip(ctx_rows, risks, strict=True):
            got = k.categories & {"contact_time", "contact_frequency"}
            exact += got == set(r["expect"])
        table(f"context rules ({exact}/{len(ctx_rows)} exact)", ["category", "n", "P", "R", "F1"], body)


if __name__ == "__main__":
    main()
