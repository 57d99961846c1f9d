"""The learned layer: one logistic regression per category over character, word and pinyin n-grams."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from mediation.textnorm import is_han, pinyin_stream


def pinyin_view(norm: str) -> str:
    """The pinyin stream of Chinese text (empty for text without Han characters)."""
    return pinyin_stream(norm)[0] if any(is_han(c) for c in norm) else ""


class LearnedModel:
    """Character n-grams of the normalised text, English word n-grams and pinyin n-grams -> P(category)."""

    def __init__(self, categories: Sequence[str], *, c: float = 4.0):
        self.categories = tuple(categories)
        self.c = c
        self.char = TfidfVectorizer(
            analyzer="char", ngram_range=(1, 4), min_df=2, sublinear_tf=True, max_features=250_000
        )
        self.word = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"[a-z][a-z']+"
        )
        self.pinyin = TfidfVectorizer(
            analyzer="char", ngram_range=(3, 5), min_df=2, sublinear_tf=True, max_features=150_000
        )
        self.coef = np.zeros((0, 0), dtype=np.float32)
        self.intercept = np.zeros(0, dtype=np.float32)

    def _features(self, norms: Sequence[str], *, fit: bool = False) -> sparse.csr_matrix:
        pys = [pinyin_view(n) for n in norms]
        if fit:
            blocks = [self.char.fit_transform(norms), self.word.fit_transform(norms), self.pinyin.fit_transform(pys)]
        else:
            blocks = [self.char.transform(norms), self.word.transform(norms), self.pinyin.transform(pys)]
        return sparse.hstack(blocks, format="csr", dtype=np.float32)

    def fit(self, norms: Sequence[str], labels: Sequence[Sequence[str]]) -> LearnedModel:
        """Fit the vectorisers and one balanced logistic regression per category."""
        x = self._features(norms, fit=True)
        coefs, intercepts = [], []
        for category in self.categories:
            y = np.array([category in row for row in labels], dtype=int)
            if y.sum() == 0:
                coefs.append(np.zeros(x.shape[1]))
                intercepts.append(-10.0)
                continue
            clf = LogisticRegression(C=self.c, solver="liblinear", class_weight="balanced", max_iter=200)
            clf.fit(x, y)
            coefs.append(clf.coef_[0])
            intercepts.append(float(clf.intercept_[0]))
        self.coef = np.asarray(coefs, dtype=np.float32).T.copy()
        self.intercept = np.asarray(intercepts, dtype=np.float32)
        return self

    def logits(self, norms: Sequence[str]) -> np.ndarray:
        """Raw scores, shape (len(norms), len(categories))."""
        if not norms:
            return np.zeros((0, len(self.categories)), dtype=np.float32)
        return np.asarray(self._features(norms) @ self.coef) + self.intercept

    def proba(self, norms: Sequence[str]) -> np.ndarray:
        """P(category | text) for each text."""
        return 1.0 / (1.0 + np.exp(-self.logits(norms)))
