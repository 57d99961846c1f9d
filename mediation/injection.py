"""Detect borrower messages that try to instruct the assistant (prompt injection and jailbreaks).

The cues follow the usual taxonomy of such attempts, in zh and en: overriding the instructions,
switching to an unrestricted "mode", role-play addressed to the assistant, notes that pose as the
system or as an authority speaking to the AI, forcing a verbatim answer, and asking for the prompt.
A message that carries one is still answered; it is just not trusted for what it claims.
"""

from __future__ import annotations

import re
import unicodedata

_ADDRESSEE = r"(?:ai|a\.i\.|assistant|bot|chatbot|model|llm|gpt|language model)"

CUES: dict[str, str] = {
    "override": (
        r"(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:your\s+|the\s+|my\s+)?"
        r"(?:previous\s+|prior\s+|above\s+|earlier\s+|original\s+|existing\s+)?(?:instructions|rules|guidelines|prompts?|policies|restrictions|programming)"
        r"|(?:忽略|无视|忘掉|忘记|抛开|跳过|绕过)(?:掉)?(?:你的?|您的?|之前|以上|上面|前面|所有|全部|一切|的){0,4}(?:指令|规则|设定|提示词?|限制|要求|规定|政策)"
    ),
    "mode": (
        r"developer mode|\bdan mode|\bjailbreak|god mode|unrestricted mode|no (?:rules|restrictions|limits|filters) mode"
        r"|without (?:any )?(?:rules|restrictions|limits|filters|compliance)|(?:no|free of) (?:compliance )?(?:restrictions|filters|guardrails)"
        r"|开发者模式|越狱|上帝模式|无限制模式|(?:没有|不受|解除|取消|关闭)(?:任何|所有)?的?(?:合规)?(?:限制|约束|规则|过滤)"
    ),
    "roleplay": (
        r"(?:^|[.!?\n]\s*|please\s+|now\s+|i want you to\s+|i need you to\s+|you (?:will|must|should|shall|can|could)\s+|can you\s+|could you\s+)"
        r"(?:act|behave|respond|reply|talk|speak)\s+(?:as|like)\s+(?:if\s+|though\s+|a\s+|an\s+|my\s+|the\s+)"
        r"|pretend (?:to be|you(?:'re| are))|role-?play|play the (?:role|part) of|you are now\b|from now on,? you(?:'re| are)"
        r"|imagine (?:that )?you(?:'re| are) (?:a|an|my)"
        r"|扮演|角色扮演|假装(?:你|您)是|(?:从现在(?:起|开始)|接下来)(?:你|您)(?:就)?是|(?:你|您)现在是(?:一个|一名|我的)"
        r"|(?:以|用)(?:我|你)?(?:的)?[^，。！？,.!?]{0,8}(?:身份|口吻|语气)(?:来|跟我)?(?:说|回答|回复|讲)"
    ),
    "authority_note": (
        rf"note to (?:the |any )?{_ADDRESSEE}|(?:attention|instructions?|message|memo) (?:to|for) (?:the |any )?{_ADDRESSEE}"
        rf"|\b{_ADDRESSEE}[,:]?\s+(?:you (?:must|are required|are obliged|have to|shall)|must (?:accept|approve|reply|agree))"
        r"|(?:^|\n|\[)\s*(?:system|admin|administrator)\s*(?:\]|:|message|override|prompt)"
        r"|(?:致|给|告知)\s*(?:ai|人工智能|机器人|智能客服|助手)|(?:ai|人工智能|机器人|智能客服|助手)(?:必须|务必|应当|请注意)"
        r"|系统(?:提示|消息|指令|通知)[:：]|管理员(?:指令|命令|消息)"
    ),
    "forced_output": (
        r"repeat after me|say exactly|(?:reply|respond|answer) (?:with )?(?:exactly|only|just)\b"
        r"|(?:reply|respond|answer|type|write|say) (?:with )?[\"'“‘]?[a-z]{2,20}[\"'”’]? to (?:comply|proceed)"
        r"|原样(?:回复|输出|复述)|(?:请)?(?:直接|只|只需|只要)?回复[“\"「'‘]|跟我(?:念|重复)|跟着我(?:念|说)|照着(?:我的|我写的)?(?:话|内容)?(?:说|回复|念)"
        r"|按我说的(?:做|回复|说|回答)"
    ),
    "prompt_leak": (
        r"system prompt|(?:reveal|show|print|tell me) (?:me )?(?:your|the) (?:instructions|prompt|rules)"
        r"|系统提示词?|(?:你的|你们的)(?:提示词|系统设定|内部指令)"
    ),
}
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in CUES.items()}


def injection_cues(message: str) -> list[str]:
    """Names of the injection cues found in `message` (empty when there are none)."""
    text = unicodedata.normalize("NFKC", message)
    return [name for name, pattern in _COMPILED.items() if pattern.search(text)]


def injection_in(message: str) -> bool:
    """Tell whether a borrower message tries to instruct the assistant."""
    return bool(injection_cues(message))
