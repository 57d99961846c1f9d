"""Lexical ranking: Okapi BM25 over jieba words plus CJK character bigrams, as a sparse matrix."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter

import jieba
import numpy as np
from scipy import sparse

jieba.setLogLevel(logging.WARNING)

WORD = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "我",
        "你",
        "您",
        "他",
        "她",
        "它",
        "们",
        "吗",
        "呢",
        "吧",
        "啊",
        "和",
        "与",
        "或",
        "也",
        "都",
        "就",
        "还",
        "又",
        "很",
        "这",
        "那",
        "有",
        "个",
        "么",
        "什么",
        "怎么",
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "be",
        "been",
        "it",
        "its",
        "i",
        "you",
        "my",
        "me",
        "we",
        "our",
        "your",
        "they",
        "this",
        "that",
        "with",
        "as",
        "at",
        "by",
        "from",
        "can",
        "do",
        "does",
        "if",
        "not",
        "no",
    ]
)
K1 = 1.5
B = 0.75


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Tokenise for BM25: NFKC, lower case, jieba search-mode words, stems, CJK bigrams."""
    text = unicodedata.normalize("NFKC", text).lower()
    words = [_stem(w.strip()) for w in jieba.lcut_for_search(text) if WORD.search(w) and w.strip() not in STOPWORDS]
    bigrams = [run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)]
    return words + ["§" + b for b in bigrams]


class LexicalIndex:
    """BM25 scores for a fixed list of documents, precomputed into a term-by-document matrix."""

    def __init__(self, documents_terms: list[list[str]]):
        self.vocabulary: dict[str, int] = {}
        rows, cols, tfs = [], [], []
        lengths = np.zeros(len(documents_terms), dtype=np.float32)
        for doc, doc_terms in enumerate(documents_terms):
            lengths[doc] = len(doc_terms)
            for term, count in Counter(doc_terms).items():
                rows.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
                cols.append(doc)
                tfs.append(count)
        n_docs = max(len(documents_terms), 1)
        tf = np.asarray(tfs, dtype=np.float32)
        doc_freq = np.bincount(rows, minlength=len(self.vocabulary)).astype(np.float32)
        idf = np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5))
        avg_len = float(lengths.mean()) if len(lengths) else 1.0
        norm = K1 * (1 - B + B * lengths[cols] / max(avg_len, 1.0)) if cols else np.zeros(0)
        weights = idf[rows] * tf * (K1 + 1) / (tf + norm) if cols else np.zeros(0)
        self.matrix = sparse.csr_matrix((weights, (rows, cols)), shape=(len(self.vocabulary), len(documents_terms)))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for `query` (zeros where nothing matches)."""
        ids = [self.vocabulary[t] for t in set(terms(query)) if t in self.vocabulary]
        if not ids:
            return np.zeros(self.matrix.shape[1], dtype=np.float32)
        return np.asarray(self.matrix[ids].sum(axis=0)).ravel()
