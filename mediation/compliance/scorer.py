"""The compliance-risk scorer: rules and a learned layer, combined and calibrated, plus context rules.

Steps for each message: detect language and jurisdiction -> normalise and undo typos (keeping offsets) -> rule hits
(with negation, quotation and lawful-process judgement) -> learned probabilities (one batched sparse
product) -> calibrated combination per category -> flags with original-text spans, citation and
suggestion -> context rules -> score and level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mediation.compliance.citations import TEXT_CATEGORIES, CitationBook
from mediation.compliance.context_rules import check_context, parse_context
from mediation.compliance.rewrite import GENERIC, compose, drop_clauses, suggestion
from mediation.compliance.rules import RuleEngine, RuleHit
from mediation.compliance.spelling import written_in_pinyin
from mediation.compliance.training import ComplianceModel, indicator_matrices, lang_code
from mediation.jurisdiction import named_jurisdictions
from mediation.textnorm import han_ratio, normalise, original_span

LEVELS = ((85, "critical"), (60, "high"), (30, "medium"), (10, "low"), (0, "none"))
SEVERITY = {
    "threat": 0.95, "false_legal": 0.9, "impersonation": 0.95, "abuse": 0.8, "third_party": 0.9, "privacy": 0.9,
    "unauthorized_offer": 0.8, "debt_pressure": 0.8, "harassment": 0.85, "dismissal": 0.75,
    "contact_time": 0.6, "contact_frequency": 0.6,
}  # fmt: skip
MAX_FLAGS_PER_CATEGORY = 3
REWRITE_PASSES = 3  # trims of the kept text before it is given up for the compliant sentences alone
_DEBT_ZH = re.compile(r"欠款|欠钱|逾期|还款|借款|贷款|债务|账单|催收|欠了")
_DEBT_EN = re.compile(r"\b(debt|owes?|owed|overdue|arrears|balance|loan|payment|account|collection)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[^.!?;\n]+[.!?;\n]*")


@dataclass(frozen=True)
class Flag:
    """One reason a message is risky, pointing into the original text."""

    category: str
    start: int
    end: int
    evidence: str
    citation: dict[str, str]
    suggestion: str
    confidence: float = 1.0
    source: str = "rule"

    def as_dict(self) -> dict[str, Any]:
        """The CONTRACT shape (plus `confidence` and `source`)."""
        return {
            "category": self.category, "start": self.start, "end": self.end, "evidence": self.evidence,
            "citation": self.citation, "suggestion": self.suggestion,
            "confidence": round(self.confidence, 3), "source": self.source,
        }  # fmt: skip


@dataclass
class Risk:
    """The CONTRACT risk object."""

    score: int
    level: str
    flags: list[Flag] = field(default_factory=list)

    @property
    def categories(self) -> set[str]:
        """The categories flagged."""
        return {f.category for f in self.flags}

    def as_dict(self) -> dict[str, Any]:
        """`{"score", "level", "flags"}`."""
        return {"score": self.score, "level": self.level, "flags": [f.as_dict() for f in self.flags]}


def detect_lang(text: str) -> str:
    """`zh` when Han characters make up a fair share of the letters or the text is Chinese written in pinyin
    (`written_in_pinyin`), else `en`."""
    letters = sum(1 for c in text if c.isalpha())
    han = round(han_ratio(text) * letters)
    return "zh" if han >= max(2, 0.2 * letters) or (han == 0 and written_in_pinyin(text)) else "en"


def jurisdiction_of(text: str, lang: str, context: dict[str, Any]) -> str:
    """context.jurisdiction, else CN for Chinese, UK for English text naming the UK (`mediation.jurisdiction`), else US."""
    if context.get("jurisdiction"):
        return str(context["jurisdiction"]).upper()
    if lang == "zh":
        return "CN"
    return "UK" if "UK" in named_jurisdictions(text) else "US"


def level_of(score: int) -> str:
    """Map a 0-100 score to a level."""
    return next(name for floor, name in LEVELS if score >= floor)


def _outermost(hits: list[RuleHit]) -> list[RuleHit]:
    """The hits in text order, without those lying inside another ("私人账户" inside "转到我私人账户"): one span, one flag."""
    kept: list[RuleHit] = []
    for hit in sorted(hits, key=lambda x: (x.start, -x.end)):
        if not any(k.start <= hit.start and hit.end <= k.end for k in kept):
            kept.append(hit)
    return kept


class ComplianceScorer:
    """Score messages for collection-conduct risk (see the module docstring for the steps)."""

    def __init__(self, model: ComplianceModel, citations: CitationBook, engine: RuleEngine | None = None):
        self.model = model
        self.citations = citations
        self.engine = engine or RuleEngine()

    def score(self, text: str, *, speaker: str = "agent", lang: str | None = None, context: Any = None) -> Risk:
        """Score one message."""
        return self.score_many([{"text": text, "speaker": speaker, "lang": lang, "context": context}])[0]

    def score_many(self, items: Sequence[dict[str, Any]]) -> list[Risk]:
        """Score a batch of `{"text", "speaker"?, "lang"?, "context"?}` (one learned pass for all)."""
        prepared = []
        for item in items:
            text = item["text"]
            lang = lang_code(item.get("lang") or detect_lang(text))
            ctx = parse_context(item.get("context"))
            # typos undone for the rules too ("jal" matches as "jail"); training matched its clean rows uncorrected
            norm, offsets = self.model.learned.speller.correct_keeping_offsets(*normalise(text))
            prepared.append((text, lang, ctx, norm, offsets, self.engine.match(norm, lang)))
        logits = self.model.learned.logits([p[3] for p in prepared])
        hits, suppressed = indicator_matrices([p[5] for p in prepared])
        probs, thresholds = self.model.calibrator.apply(logits, hits, suppressed, [p[1] for p in prepared])
        chosen = [self._chosen(p[5], row) for p, row in zip(prepared, probs >= thresholds, strict=True)]
        need = [i for i, c in enumerate(chosen) if any(not live for _, _, live in c)]
        clause_scores = self._clause_scores([prepared[i][3] for i in need])
        return [self._risk(*prepared[i], probs[i], c, clause_scores.get(prepared[i][3])) for i, c in enumerate(chosen)]

    @staticmethod
    def _chosen(hits: list[RuleHit], flagged: np.ndarray) -> list[tuple[int, str, list[RuleHit]]]:
        """The categories to flag, each with its live rule hits (empty: the learned layer alone)."""
        return [
            (j, category, _outermost([x for x in hits if x.category == category and not x.suppressed]))
            for j, category in enumerate(TEXT_CATEGORIES)
            if flagged[j]
        ]

    def _clause_scores(self, norms: list[str]) -> dict[str, tuple[list[tuple[int, int]], np.ndarray]]:
        """Learned logits for every clause of each text, in one batch."""
        spans = {n: [(m.start(), m.end()) for m in _CLAUSE.finditer(n) if m.group().strip(" .!?;\n")] for n in norms}
        spans = {n: c for n, c in spans.items() if len(c) > 1}
        flat = [n[s:e] for n, c in spans.items() for s, e in c]
        logits = self.model.learned.logits(flat)
        out, pos = {}, 0
        for n, c in spans.items():
            out[n] = (c, logits[pos : pos + len(c)])
            pos += len(c)
        return out

    def _risk(self, text, lang, ctx, norm, offsets, hits, probs: np.ndarray, chosen, clauses) -> Risk:
        jurisdiction = jurisdiction_of(text, lang, ctx)
        flags: list[Flag] = []
        for j, category, live in chosen:
            spans = [(original_span(offsets, x.start, x.end), x.doc_id, "rule") for x in live[:MAX_FLAGS_PER_CATEGORY]]
            if not spans:
                spans = [(self._learned_span(text, norm, offsets, j, clauses), None, "learned")]
            for (start, end), doc_id, source in spans:
                cite = self.citations.for_category(category, jurisdiction, lang, doc_id).as_dict()
                conf = float(probs[j])
                flags.append(
                    Flag(category, start, end, text[start:end], cite, suggestion(category, lang), conf, source)
                )
        flags.extend(self._context_flags(text, lang, ctx, jurisdiction, flags))
        return self._assemble(flags, probs, self.model.calibrator.stackers[lang].thresholds)

    @staticmethod
    def _learned_span(text: str, norm: str, offsets: list[int], j: int, clauses) -> tuple[int, int]:
        """The clause the learned layer finds most telling for category j."""
        if clauses:
            spans, scores = clauses
            s, e = spans[int(np.argmax(scores[:, j]))]
        else:
            s, e = 0, len(norm)
        while e > s and norm[e - 1] in " .!?;\n,":
            e -= 1
        start, end = original_span(offsets, s, e)
        return (start, end) if end > start else (0, len(text))

    def _context_flags(self, text, lang, ctx, jurisdiction, flags: list[Flag]) -> list[Flag]:
        out = []
        for finding in check_context(ctx, jurisdiction):
            cite = self.citations.for_category(finding.category, jurisdiction, lang).as_dict()
            out.append(
                Flag(finding.category, 0, 0, finding.reason, cite, suggestion(finding.category, lang), 1.0, "context")
            )
        if ctx.get("recipient") == "third_party" and not any(f.category == "third_party" for f in flags):
            m = (_DEBT_ZH if lang == "zh" else _DEBT_EN).search(text)
            if m:
                cite = self.citations.for_category("third_party", jurisdiction, lang).as_dict()
                out.append(
                    Flag(
                        "third_party",
                        m.start(),
                        m.end(),
                        m.group(),
                        cite,
                        suggestion("third_party", lang),
                        0.9,
                        "context",
                    )
                )
        return out

    @staticmethod
    def _assemble(flags: list[Flag], probs: np.ndarray, thresholds: np.ndarray) -> Risk:
        best: dict[str, float] = {}
        for f in flags:
            best[f.category] = max(best.get(f.category, 0.0), f.confidence)
        keep = 1.0
        for category, conf in best.items():
            keep *= 1.0 - SEVERITY[category] * max(conf, 0.5)
        score = 100.0 * (1.0 - keep)
        if not flags:
            score = 30.0 * float(np.max(probs / np.maximum(thresholds, 1e-6))) / 3.0 if len(probs) else 0.0
            score = min(score, 29.0)
        elif any(f.category in TEXT_CATEGORIES for f in flags):
            score = max(score, 30.0)
        score_int = round(min(100.0, score))
        return Risk(score_int, level_of(score_int), flags)

    def check(
        self, text: str, *, speaker: str = "agent", lang: str | None = None, context: Any = None
    ) -> tuple[Risk, str]:
        """Score a message and return a compliant rewrite that itself scores clean.

        The rewrite drops the flagged clauses and adds one compliant sentence per flagged category. What is kept of
        the message must score clean on its own, not only beside those sentences (which can outweigh a violation
        left in it), so it is re-scored and trimmed again, at most REWRITE_PASSES times, before the whole is checked.
        """
        code = lang_code(lang or detect_lang(text))
        risk = self.score(text, speaker=speaker, lang=code, context=context)
        flags = [f for f in risk.flags if f.category in TEXT_CATEGORIES]
        if not flags:
            return risk, text
        categories, kept = [f.category for f in flags], text
        for _ in range(REWRITE_PASSES):
            kept = drop_clauses(kept, [(f.start, f.end) for f in flags])
            residue = self.score(kept, speaker=speaker, lang=code).flags if kept else []
            flags = [f for f in residue if f.category in TEXT_CATEGORIES]
            if not flags:
                break
        draft = compose("" if flags else kept, categories, code)
        if self.score(draft, speaker=speaker, lang=code).flags:
            draft = GENERIC[code]
        return risk, draft
