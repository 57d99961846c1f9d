"""Compliant phrasing per category, and the pieces of a deterministic rewrite: drop flagged clauses, then add the
compliant sentences."""

from __future__ import annotations

import re

SUGGESTIONS: dict[str, dict[str, str]] = {
    "threat": {
        "zh": "我们希望与您协商解决，您可以告诉我们目前能接受的还款安排。",
        "en": "We would like to work this out with you; please tell us what repayment arrangement you can manage.",
    },
    "false_legal": {
        "zh": "逾期信息会按规定如实报送征信，结清后保留5年；如协商不成，我司可能依法处理，以法院判决为准。",
        "en": "Missed payments are reported accurately to credit bureaus; if we cannot agree, we may consider lawful options, and only a court can decide.",
    },
    "impersonation": {
        "zh": "我是受贷款机构委托的催收工作人员，不代表任何行政或司法机关。",
        "en": "I am calling on behalf of the lender about your account; we are not a court, police or government body.",
    },
    "abuse": {
        "zh": "理解您目前的困难，我们一起看看有什么可行的方案。",
        "en": "I understand things may be difficult right now; let's look at what options could work for you.",
    },
    "third_party": {
        "zh": "我们只会与您本人沟通此事，不会向您的家人、同事或其他人透露任何借款信息。",
        "en": "We will discuss this only with you and will not share any details with your family, employer or anyone else.",
    },
    "privacy": {
        "zh": "您的个人信息仅用于本次沟通，我们不会公开或向他人提供。",
        "en": "Your personal information is used only for this account and will not be published or shared.",
    },
    "unauthorized_offer": {
        "zh": "减免、分期等方案需按公司政策审批，结果以书面确认为准，还款请只通过官方渠道。",
        "en": "Any reduction or plan has to be approved under our policy and confirmed in writing; please pay only through official channels.",
    },
    "debt_pressure": {
        "zh": "请根据您的实际能力还款，我们不建议您通过借新还旧的方式还款，可以申请分期或延期。",
        "en": "Please pay only what you can afford; we do not want you to borrow to pay us, and we can discuss a plan.",
    },
    "harassment": {
        "zh": "我们会在合适的时间、以合理的频率与您联系，您也可以告诉我们方便的时间。",
        "en": "We will contact you at reasonable times and not too often; let us know when suits you.",
    },
    "dismissal": {
        "zh": "您的意见我们已记录，会按规定受理和核实，并在规定时限内答复您。",
        "en": "We have noted your concern and will look into it properly and reply within the required time.",
    },
    "contact_time": {
        "zh": "请在允许的时间段内（08:00-22:00，或借款人同意的时间）再联系。",
        "en": "Please contact the customer within permitted hours (08:00-21:00 local time) or at a time they agreed.",
    },
    "contact_frequency": {
        "zh": "今日联系次数已达上限，请改日再联系或改用书面方式。",
        "en": "The contact limit has been reached; please wait before trying again or write instead.",
    },
}
GENERIC = {
    "zh": "您好，关于您的账户，我们希望与您协商一个合适的还款安排。如有困难或疑问，请告诉我们，我们会按规定为您处理。",
    "en": "Hello, we are contacting you about your account and would like to agree a repayment arrangement that works "
    "for you. If you have any difficulty or question, please let us know.",
}
_CLAUSE_END = re.compile(r"[。！？；!?;\n]|[.,，、](?=\s|$)|，|,")


def suggestion(category: str, lang: str) -> str:
    """The compliant phrasing for a category, in the text's language."""
    return SUGGESTIONS.get(category, {}).get("en" if lang == "en" else "zh", GENERIC["en" if lang == "en" else "zh"])


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the clause around it (between punctuation marks)."""
    left = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        left = m.end()
    m = _CLAUSE_END.search(text, end)
    right = m.end() if m else len(text)
    return left, right


def drop_clauses(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without the clauses holding `spans` ("" when under four characters are left); an empty span keeps
    the whole text."""
    if any(s == e for s, e in spans) or not spans:
        kept = text.strip()
    else:
        cut = sorted(clause_bounds(text, s, e) for s, e in spans)
        pieces, pos = [], 0
        for s, e in cut:
            if s > pos:
                pieces.append(text[pos:s])
            pos = max(pos, e)
        pieces.append(text[pos:])
        kept = "".join(pieces).strip(" ，,、;；")
    return kept if len(kept.strip(" .。!！?？")) >= 4 else ""


def compose(kept: str, categories: list[str], lang: str) -> str:
    """What was kept of a message, then one compliant sentence per category (GENERIC when both are empty)."""
    lang = "en" if lang == "en" else "zh"
    additions = [
        suggestion(c, lang)
        for c in dict.fromkeys(categories)
        if c in SUGGESTIONS and c not in ("contact_time", "contact_frequency")
    ]
    if kept and not re.search(r"[。！？.!?]$", kept):
        kept += "." if lang == "en" else "。"
    out = (" " if lang == "en" else "").join(p for p in [kept, *additions] if p)
    return out or GENERIC[lang]
