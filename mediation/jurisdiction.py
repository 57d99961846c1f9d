"""Which jurisdiction a question names, if any ("在美国…", "UK: my catalogue debt…", "£40 fee")."""

from __future__ import annotations

import re

#: Explicit mentions only: country names, their regulators and laws, currencies, well-known places.
#: "US" is matched in capitals only, so the pronoun "us" is not a hint.
HINTS: dict[str, re.Pattern[str]] = {
    "US": re.compile(
        r"美国|美利坚|(?-i:\bU\.?S\.?A?\b)|\busa\b|\bamerica|\bunited states|\bfdcpa\b|"
        r"\breg(?:ulation)? f\b|\bcfpb\b|\bfcra\b|\bftc\b|\bdollars?\b|\$\s?\d|"
        r"\b(?:texas|california|florida|ohio|new york|illinois|georgia|arizona|nevada|michigan|washington state)\b|"
        r"公平债务催收|消费者金融保护局|加州|纽约|得州|德州",
        re.IGNORECASE,
    ),
    "UK": re.compile(
        r"英国|英格兰|苏格兰|威尔士|北爱尔兰|伦敦|\bu\.?k\.?\b|\bbritain\b|\bbritish\b|\bengland\b|\bscotland\b|\bwales\b|"
        r"\blondon\b|\bfca\b|\bconc\b|\bombudsman\b|£|\bpounds?\b|\bquid\b|\bccj\b|\bcounty court\b|"
        r"\bhmrc\b|\bstepchange\b|\bnational debtline\b|英国金融行为监管局|金融申诉专员",
        re.IGNORECASE,
    ),
    "CN": re.compile(
        r"中国|国内|大陆|内地|\bchina\b|\bchinese\b|\bprc\b|\bpboc\b|人民银行|央行|银保监|金融监管总局|\bnfra\b|"
        r"\byuan\b|\brmb\b|¥\s?\d|人民币|\bwechat\b|\balipay\b|\bshanghai\b|\bbeijing\b|\bshenzhen\b|\bguangzhou\b",
        re.IGNORECASE,
    ),
}


def named_jurisdictions(text: str) -> list[str]:
    """The jurisdictions `text` names explicitly, in a fixed order (empty when it names none)."""
    return [code for code, pattern in HINTS.items() if pattern.search(text)]
