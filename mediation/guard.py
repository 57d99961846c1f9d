"""The guard: every draft is checked before it may leave.

A draft fails when the compliance scorer flags it, when it states a number or an offer the policy
engine did not produce, or when it follows instructions injected in the borrower's message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mediation.injection import injection_in
from mediation.textnorm import is_han

NUMBER = re.compile(r"\d+(?:[,，]\d{3})*(?:\.\d+)?")
OFFER_LANGUAGE = re.compile(
    r"全部免除|全免|一笔勾销|不用还了|无需还款|(?<![不无])免除(?:全部|所有)?(?:欠款|本金|利息|债务)|(?<![不无])减免本金|本金.{0,6}(?<![不无])(?:减免|打.?折|免)"
    r"|停息挂账|保证不上征信|删除.{0,4}征信|消除.{0,6}记录|(?:已|会)?(?:同意|批准)(?:了)?(?:您|你)的(?:减免|停息)"
    r"|waive (?:the |your )?(?:entire|whole|full|all)|forgiv|write[- ]?off|wipe (?:out |off )?(?:the |your )?(?:debt|balance)"
    r"|cancel (?:the |your )?debt|no (?:need|longer need) to (?:pay|repay)|won'?t (?:be )?report|remove .{0,20}credit",
    re.IGNORECASE,
)
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{4,})[”\"」』]")
#: Facts the composer and the system prompt state: hotlines, deadlines, retention periods.
FIXED_NUMBERS = frozenset(
    [
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "12",
        "14",
        "15",
        "20",
        "21",
        "24",
        "25",
        "30",
        "36",
        "45",
        "60",
        "90",
        "110",
        "120",
        "180",
        "116",
        "123",
        "988",
        "12356",
        "12378",
        "010",
        "82951332",
        "400",
        "000",
        "0000",
        "400-000-0000",
        "22",
        "2020",
        "2025",
        "2026",
    ]
)


def numbers_in(text: str) -> set[str]:
    """Every number in `text`, normalised (no thousands separators, no trailing .0)."""
    found = set()
    for raw in NUMBER.findall(unicodedata.normalize("NFKC", text)):
        value = raw.replace(",", "").replace("，", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.add(value)
    return found


def allowed_numbers(sources: Iterable[Any]) -> set[str]:
    """Numbers the draft may use: those in the given texts and values, plus the fixed facts."""
    allowed = set(FIXED_NUMBERS)
    for source in sources:
        allowed |= numbers_in(str(source))
    return allowed


@dataclass
class Verdict:
    """The guard's decision on one draft."""

    ok: bool
    risk: dict
    problems: list[str] = field(default_factory=list)


def check_draft(
    draft: str,
    *,
    score: Callable[[str], dict],
    allowed: set[str],
    borrower_message: str,
    lang: str,
    required: set[str] = frozenset(),
) -> Verdict:
    """Score a draft and apply the number, offer, injection and language checks.

    `required`, when not empty, holds numbers of which the draft must state at least one (the
    amounts of the options the policy engine computed for a plan request).
    """
    risk = score(draft)
    problems = [f"{f['category']}: “{f.get('evidence', '')}”" for f in risk.get("flags", [])]
    stray = sorted(n for n in numbers_in(draft) if n not in allowed)
    if stray:
        problems.append(
            ("出现了政策引擎未给出的数字：" if lang == "zh" else "numbers the policy engine did not produce: ")
            + ", ".join(stray)
        )
    if required and not required & numbers_in(draft):
        problems.append("没有说明政策给出的方案" if lang == "zh" else "does not present the options the policy allows")
    promise = _unnegated_offer(unicodedata.normalize("NFKC", draft))
    if promise:
        problems.append(
            ("承诺了政策不允许的条件：" if lang == "zh" else "promised terms the policy does not allow: ") + promise
        )
    if injection_in(borrower_message):
        for quoted in QUOTED.findall(borrower_message):
            if quoted.strip() and quoted.strip() in draft:
                problems.append(
                    "照搬了借款人消息中的指令内容"
                    if lang == "zh"
                    else "repeated text the borrower instructed it to say"
                )
                break
    if not _reads_as(draft, lang):
        problems.append("草稿不是通顺的中文" if lang == "zh" else "the draft is not plain English prose")
    return Verdict(ok=not problems, risk=risk, problems=problems)


ARTEFACTS = re.compile(r"<\||\|>|\{\{|\}\}|\ufffd|\[/?INST\]|###")


def _reads_as(draft: str, lang: str) -> bool:
    """Reject empty drafts, model artefacts and text mostly not in the conversation's language."""
    visible = [c for c in draft if not c.isspace()]
    if len(visible) < 4 or ARTEFACTS.search(draft):
        return False
    if lang == "zh":
        return sum(is_han(c) for c in visible) / len(visible) >= 0.3
    return sum(c.isascii() and c.isalpha() for c in visible) / len(visible) >= 0.6


NEGATION = re.compile(
    r"(?:不|无法|不能|没有|不会|并非|别|cannot|can't|can not|not|never|no)\W{0,3}\w{0,6}\W?$", re.IGNORECASE
)


def _unnegated_offer(text: str) -> str | None:
    """The first out-of-policy promise that is not negated or quoted, if any."""
    for match in OFFER_LANGUAGE.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        if NEGATION.search(before) or before.rstrip().endswith(("“", '"', "「", "'")):
            continue
        return match.group(0)
    return None
