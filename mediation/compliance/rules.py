"""The explainable layer: zh/en patterns with negation, quotation and lawful-process handling."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediation.compliance import patterns_en, patterns_zh
from mediation.textnorm import has_han, pinyin_stream

_BOUNDARY = re.compile(r"[.!?;\n]")
_LATIN_WORD = re.compile(r"[a-z]{2}")
NEG_ZH = re.compile(
    r"不会|不得|不能|绝不|决不|从不|从来不|从未|不曾|并不|并非|不是|没有|无权|不可|严禁|禁止|不允许|不再|无需|不必|不需要|避免|防止|谨防"
    r"|警惕|不要|请勿|切勿|不存在|不属于|不涉及|不用|不建议|拒绝|杜绝|不应|不该|不准|未曾|未经|别信|不推荐|不代表|不意味|不收|免收|不另收|不额外收"
)
BLOCK_ZH = re.compile(r"[,:]|就|那么|则|否则|不然|要不|我们将|我将|我会|我们会|便|但|可是|只要|如果|要是|的话|除非")
NEG_EN = re.compile(
    r"\b(not|never|no longer|won'?t|cannot|can'?t|don'?t|do not|does not|doesn'?t|didn'?t|did not|isn'?t|aren'?t|wasn'?t"
    r"|nobody|no one|none|nothing|without|neither|nor|avoid|prohibited|forbidden|no|refrain from|instead of)\b"
)
BLOCK_EN = re.compile(
    r"[,:]|\b(we|i|we'll|i'll|they|or|otherwise|then|but|so|until|unless|make me|force me|make us|force us)\b"
)
REPORT_STRONG_ZH = re.compile(
    r"冒充|冒用|骗局|诈骗|谣言|谣传|不实|不属实|假的|并非|不是真的|误解|请勿相信|不要相信|别相信|不可信|如有人|如果有人|若有人|有人(说|称|告诉|威胁)|所谓"
    r"|不是我(们|司)|非我司|这种说法|这类说法|不合法|违法的|违规的|禁止的|是违规|属于违规|严禁"
    r"|向您道歉|向你道歉|人身攻击|侮辱性|这是不对的|这样是不对的|非常不妥|绝不允许"  # someone else's words, condemned
)
REPORT_WEAK_ZH = re.compile(
    r"您说|你说|您提到|你提到|您问|你问|您担心|你担心|收到的|他说|她说|对方说|听说|网上说|说过|称|问"
)
REPORT_STRONG_EN = re.compile(
    r"\b(scam\w*|fraud(ster|ulent)s?|myth|misconception|untrue|not true|isn'?t true|false claim|rumou?rs?|impersonat\w+|pretend\w*"
    r"|fake|bogus|if (anyone|someone|somebody)|(someone|anyone|somebody) (who )?(claims?|says|tells?|threaten\w*)|so-called"
    r"|not allowed|illegal for|prohibited|against the (law|rules)|apologi[sz]e|unacceptable|abusive|out of line)"
)
REPORT_WEAK_EN = re.compile(
    r"\b(you (said|mentioned|asked|heard|were told|may have heard|got)|(he|she|they) (said|told)|claim\w*|said|says|told)\b"
)
LAWFUL_ZH = re.compile(
    r"依法|可能|或将|有可能|以法院|由法院|判决为准|只有|经法院|司法程序|诉讼程序|正式文书|协商不成|有权|法律程序|合法|根据法律|按照法律|生效判决|法院判决后"
)
LAWFUL_EN = re.compile(
    r"\b(may|might|could|if necessary|in accordance with|subject to|only (a|the) court|only if|unless|lawful|legal process|reserve the right"
    r"|a court (may|can|would|could|decides)|the court decides|after a court|court order)\b"
)


@dataclass(frozen=True)
class RuleHit:
    """One pattern match, in normalised-text coordinates; `suppressed` says why it does not count."""

    category: str
    start: int
    end: int
    rule: str
    doc_id: str | None
    suppressed: str | None = None


@dataclass(frozen=True)
class _Rule:
    category: str
    pattern: re.Pattern[str]
    doc_id: str | None
    lawful: bool
    name: str
    negatable: bool = False


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for key, value in macros.items():
        pattern = pattern.replace(key, value)
    return pattern


def _compile(rows: list[tuple[str, str, str | None, str]], macros: dict[str, str], prefix: str) -> list[_Rule]:
    return [
        _Rule(cat, re.compile(_expand(pat, macros)), doc, "lawful" in tags, f"{prefix}-{cat}-{i}", "neg" in tags)
        for i, (cat, pat, doc, tags) in enumerate(rows)
    ]


def _sentence(norm: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from the previous boundary to the next one."""
    left = max((m.end() for m in _BOUNDARY.finditer(norm, 0, start)), default=0)
    m = _BOUNDARY.search(norm, end)
    return left, m.start() if m else len(norm)


def _negated(window: str, head: str, neg: re.Pattern[str], block: re.Pattern[str]) -> bool:
    """A negator that starts in the window before the hit (it may run into the hit: "我们不会报警", the hit starting at
    "会"), with no clause break or new subject in between."""
    matches = [m for m in neg.finditer(window + head) if m.start() < len(window)]
    last = matches[-1] if matches else None
    return last is not None and not block.search(window, last.end()) and not block.search(head)


def _inside_quotes(norm: str, start: int, left: int) -> bool:
    return norm.count('"', left, start) % 2 == 1 or norm.count('"', 0, start) % 2 == 1


class RuleEngine:
    """Match the zh or en pattern set (plus pinyin for Chinese) and judge each hit in its context."""

    def __init__(self) -> None:
        self.rules = {
            "zh": _compile(patterns_zh.RULES, patterns_zh.MACROS, "zh"),
            "en": _compile(patterns_en.RULES, patterns_en.MACROS, "en"),
        }
        self.pinyin_rules = [
            _Rule(cat, re.compile(pat), doc, False, f"py-{cat}-{i}")
            for i, (cat, pat, doc) in enumerate(patterns_zh.PINYIN_RULES)
        ]

    def match(self, norm: str, lang: str) -> list[RuleHit]:
        """All hits in `norm` for `lang`; text that also holds the other language's script runs its patterns too."""
        hits: list[RuleHit] = []
        langs = [lang]
        chinese = has_han(norm)
        if (lang == "zh" and _LATIN_WORD.search(norm)) or (lang == "en" and chinese):
            langs.append("en" if lang == "zh" else "zh")
        for code in langs:
            for rule in self.rules[code]:
                for m in rule.pattern.finditer(norm):
                    if m.end() > m.start():
                        hits.append(self._judge(norm, m.start(), m.end(), rule, code))
        if lang == "zh" or chinese:
            hits.extend(self._pinyin_hits(norm, {(h.category, h.start) for h in hits}))
        return hits

    def _pinyin_hits(self, norm: str, seen: set[tuple[str, int]]) -> list[RuleHit]:
        stream, offs = pinyin_stream(norm)
        found = []
        for rule in self.pinyin_rules:
            for m in rule.pattern.finditer(stream):
                start, end = offs[m.start()], offs[m.end() - 1] + 1
                if not _on_syllables(offs, m.start(), m.end()) or any(
                    c == rule.category and start <= s < end for c, s in seen
                ):
                    continue
                found.append(self._judge(norm, start, end, rule, "zh"))
        return found

    def _judge(self, norm: str, start: int, end: int, rule: _Rule, code: str) -> RuleHit:
        left, right = _sentence(norm, start, end)
        sentence = norm[left:right]
        if code == "zh":
            window, neg, block, strong, weak, lawful = (
                norm[max(left, start - 14) : start],
                NEG_ZH,
                BLOCK_ZH,
                REPORT_STRONG_ZH,
                REPORT_WEAK_ZH,
                LAWFUL_ZH,
            )
        else:
            window, neg, block, strong, weak, lawful = (
                _last_words(norm[left:start], 7),
                NEG_EN,
                BLOCK_EN,
                REPORT_STRONG_EN,
                REPORT_WEAK_EN,
                LAWFUL_EN,
            )
        reason = None
        quoted = _inside_quotes(norm, start, left)
        if _negated(window, norm[start : min(end, start + 6)], neg, block) or (
            rule.negatable and neg.search(norm, start, end)
        ):
            reason = "negation"
        elif (
            strong.search(sentence)
            or ((weak.search(sentence) or quoted) and strong.search(norm))
            or (quoted and weak.search(sentence))
        ):
            reason = "quotation"
        elif rule.lawful and lawful.search(sentence):
            reason = "lawful_process"
        return RuleHit(rule.category, start, end, rule.name, rule.doc_id, reason)


def _on_syllables(offs: list[int], start: int, end: int) -> bool:
    """A pinyin match that starts and ends on syllable boundaries ("renzha" is not inside "ren zhang")."""
    return (start == 0 or offs[start - 1] != offs[start]) and (end == len(offs) or offs[end] != offs[end - 1])


def _last_words(text: str, n: int) -> str:
    parts = text.rstrip().rsplit(" ", n)
    return " " + " ".join(parts[-n:]) + " " if parts else ""
