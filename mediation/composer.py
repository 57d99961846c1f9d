"""The deterministic reply composer: warm, accurate replies in zh and en, with no model involved.

It is the embedded default and the guard's fallback. Every amount it mentions comes from the
policy engine's options or the verified account; every other number is a fixed policy fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LENDER = {"zh": "示例消费金融", "en": "Example Consumer Finance"}


@dataclass(frozen=True)
class Situation:
    """What the composer needs to know to answer one borrower message."""

    lang: str
    intent: str
    verified: bool = True
    escalate: bool = False
    escalation_reason: str | None = None
    options: list[str] = field(default_factory=list)
    account_summary: str = ""
    human_requested: bool = False


ZH = {
    "vulnerability": (
        "听到您现在这么难受，我很担心您。钱的事情可以先放一放，您的安全最重要。"
        "如果您有伤害自己的念头，请马上拨打心理援助热线12356，或北京心理危机干预热线010-82951332；情况紧急请拨打120或110。"
        "我已经把您的情况转给专门的同事，他们会尽快联系您，这段时间我们会暂停催收。您现在身边有可以陪您的人吗？"
    ),
    "deceased": (
        "非常抱歉听到这个消息，请您节哀。我们会立即停止与此相关的催收联系，"
        "后续由专门的团队以尊重的方式与您沟通，不会要求家属个人代为还款。我已把情况转交给同事，他们会在1个工作日内联系您。"
    ),
    "identity_theft": (
        "谢谢您告诉我们，给您带来困扰很抱歉。为了保护各方的信息，我不能在这里讨论任何账户情况。"
        "我们会在1个工作日内停止对这个号码的联系，并把您的情况转给专人核查；如果您认为是身份被冒用，"
        "可以在核查表里说明，有报警回执更好但不是必需的。书面核查结果一般在15日内给出。"
    ),
    "third_party_agent": (
        "您好，我们尊重借款人委托他人处理的权利。经借款人书面授权（附授权书和代理人身份证件复印件）的律师或家属，我们会正常沟通。"
        "也提醒一句：监管部门曾联合提示，一些收费的“代理维权”“征信修复”“停息挂账”机构并不能带来额外结果，还可能泄露个人信息；"
        "协商还款不需要向任何第三方付费，借款人也可以直接和我们沟通。我已把这个情况转给专人跟进。"
    ),
    "complaint": (
        "非常抱歉让您有这样的感受，您的投诉我们会认真处理。我已经把情况登记并转给投诉处理专员，"
        "他们会在1个工作日内与您联系，一般在15日内给出处理结果，情况复杂的会提前告知并最长不超过60日。"
        "您也可以拨打客服热线400-000-0000或在APP“投诉与建议”入口补充材料；对结果不满意的，还可以向金融监管部门反映（12378）。"
    ),
    "dispute": (
        "谢谢您提出来，您有权对账目提出异议。在核查期间，有争议的部分我们会暂停催收。"
        "请在APP里提交异议说明和相关凭证（例如还款记录截图），我们会核实后在15日内书面答复；"
        "如果涉及征信记录，您也可以依据《征信业管理条例》第二十五条提出异议，相关机构应在20日内答复。"
    ),
    "hardship": "听起来您最近真的很不容易，谢谢您愿意主动来沟通。我们一起看看怎样安排更可行。",
    "plan_request": "可以的，我们来看看适合您的安排。",
    "payment_promise": (
        "谢谢您告诉我还款的安排，我已经记下了。到时您可以在APP“我的借款”里还款，到账后会自动更新。"
        "如果中间有变化，提前和我们说一声就好，我们一起想办法。"
    ),
    "abusive_borrower": (
        "我理解您现在很生气，也很抱歉让您有不好的体验。我在这里是想帮您把事情理清楚。"
        "如果您愿意，可以告诉我具体的情况或者您希望怎么安排，我们一起看看。"
    ),
    "general": "您好，很高兴为您服务。关于还款，您可以在APP“我的借款”里查看账单和还款方式。有什么具体问题，尽管问我。",
}

EN = {
    "vulnerability": (
        "I'm really sorry you're feeling this way, and I'm concerned for you. The money can wait; your safety matters most. "
        "If you are thinking about harming yourself, please call 988 (US) or Samaritans on 116 123 (UK), or your local "
        "emergency number now. I've passed your case to a specialist colleague who will contact you soon, and we are "
        "pausing collection in the meantime. Is there someone with you right now?"
    ),
    "deceased": (
        "I'm so sorry for your loss. We will stop collection contact about this straight away. A specialist team will "
        "handle the account respectfully, and family members are never asked to pay personally. I've passed this to a "
        "colleague who will contact you within 1 business day."
    ),
    "identity_theft": (
        "Thank you for letting us know, and I'm sorry for the trouble. To protect everyone's information I can't discuss "
        "any account here. We will stop contacting this number within 1 business day and a specialist will look into it; "
        "if you think your identity was misused, you can say so on the investigation form (a police report number helps "
        "but isn't required). You'll get a written result, normally within 15 days."
    ),
    "third_party_agent": (
        "We respect a borrower's right to be represented. We will deal with a lawyer or family member who has the "
        "borrower's written authorisation and a copy of their ID. Please be aware that paid 'debt relief' or 'credit "
        "repair' firms can't get results the borrower couldn't get directly, and no fee is needed to agree a plan with us. "
        "I've passed this to a specialist colleague."
    ),
    "complaint": (
        "I'm sorry about your experience; we take complaints seriously. I've logged yours and passed it to our complaints "
        "team, who will contact you within 1 business day. You can also call 400-000-0000 or use the in-app complaints "
        "page. If you are not satisfied with our final response, you can refer it to the Financial Ombudsman (UK) or the "
        "CFPB (US)."
    ),
    "dispute": (
        "Thank you for raising this; you have every right to dispute the account. While we review it, we pause collection "
        "of the disputed part. Please send your explanation and any evidence (for example payment receipts) through the "
        "app, and we'll reply in writing, normally within 15 days."
    ),
    "hardship": "That sounds really hard, and thank you for getting in touch. Let's look at what could work for you.",
    "plan_request": "Of course, let's look at what could suit you.",
    "payment_promise": (
        "Thank you for letting me know your plan; I've noted it. You can pay in the app under 'My loan' and it updates "
        "once received. If anything changes, just tell us beforehand and we'll work something out together."
    ),
    "abusive_borrower": (
        "I can hear that you're upset, and I'm sorry you've had a bad experience. I'm here to help sort things out. "
        "If you tell me what happened or what you'd like to arrange, we'll look at it together."
    ),
    "general": (
        "Hello, happy to help. You can see your statement and ways to pay in the app under 'My loan'. "
        "Ask me anything specific."
    ),
}

TEXTS = {"zh": ZH, "en": EN}

OPTIONS_LEAD = {
    "zh": "根据公司政策，您目前可以申请以下安排（提交后经审核生效，不收取任何手续费）：",
    "en": "Under our policy you can apply for the following (effective once approved; there is no fee):",
}
OPTIONS_CLOSE = {
    "zh": "您可以直接选择其中一个，或者告诉我每月大概能还多少，我帮您看看哪个更合适。",
    "en": "You can pick one directly, or tell me roughly how much you could pay each month and I'll help you choose.",
}
NO_OPTIONS = {
    "zh": "您可以告诉我现在每月大概能承受多少，我帮您转给同事一起评估更合适的方案。",
    "en": "Tell me roughly what you could manage each month and I'll ask a colleague to look at a suitable plan with you.",
}
HANDOVER = {
    "zh": "您的请求需要人工同事处理，我已经转交，他们会在1个工作日内联系您。",
    "en": "This needs one of my colleagues; I've passed it on and they will contact you within 1 business day.",
}
WITHDRAWN = {
    "zh": "为保护账户信息，在确认您的身份之前，我不能提供任何借款相关的信息。",
    "en": "To protect account information, I can't share anything about a loan until your identity is confirmed.",
}


def compose(situation: Situation) -> str:
    """Write the reply for a situation."""
    lang = "zh" if situation.lang == "zh" else "en"
    texts = TEXTS[lang]
    key = situation.escalation_reason if situation.escalation_reason == "deceased" else situation.intent
    if key not in texts:
        key = "general"
    parts = [texts[key]]
    if not situation.verified and key not in ("identity_theft", "third_party_agent", "vulnerability", "deceased"):
        parts.append(WITHDRAWN[lang])
    elif key in ("hardship", "plan_request") and not situation.escalate:
        if situation.account_summary:
            parts.append(situation.account_summary)
        if situation.options:
            bullet = "\n".join(f"{i}. {o}" for i, o in enumerate(situation.options, start=1))
            parts.append(f"{OPTIONS_LEAD[lang]}\n{bullet}\n{OPTIONS_CLOSE[lang]}")
        else:
            parts.append(NO_OPTIONS[lang])
    if situation.escalate and key in (
        "hardship",
        "plan_request",
        "general",
        "payment_promise",
        "abusive_borrower",
        "dispute",
    ):
        parts.append(HANDOVER[lang])
    separator = "" if lang == "zh" else " "
    return separator.join(parts)
