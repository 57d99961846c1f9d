"""Page strings in zh-CN and English, and the choice of language for a request."""

from __future__ import annotations

from flask import request, session

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # shared
    "app_name": ("合规协商助手", "Mediation assistant"),
    "skip": ("跳到主要内容", "Skip to main content"),
    "lang_switch": ("English", "中文"),
    "lang_switch_label": ("Switch to English", "切换到中文"),
    "nav": ("主导航", "Main navigation"),
    "nav_agent": ("坐席面板", "Agent panel"),
    "nav_audit": ("审计", "Audit"),
    "nav_users": ("用户管理", "Users"),
    "login": ("登录", "Sign in"),
    "logout": ("退出", "Sign out"),
    "signed_in_as": ("当前用户", "Signed in as"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "role": ("角色", "Role"),
    "role_agent": ("坐席", "Agent"),
    "role_supervisor": ("主管", "Supervisor"),
    "role_auditor": ("审计员", "Auditor"),
    "role_admin": ("管理员", "Administrator"),
    "login_failed": ("用户名或密码不正确。", "The username or password is not correct."),
    "login_throttled": ("尝试次数过多，请稍后再试。", "Too many attempts. Please try again later."),
    "logged_out": ("您已安全退出。", "You have signed out."),
    "error_title": ("出错了", "Something went wrong"),
    "error_400": (
        "请求无效，或页面已过期。请刷新后重试。",
        "The request was not valid or the page expired. Refresh and try again.",
    ),
    "error_401": ("请先登录。", "Please sign in first."),
    "error_403": ("您的账号无权访问此页面。", "Your account may not open this page."),
    "error_404": ("找不到这个页面。", "This page does not exist."),
    "error_429": ("请求过于频繁，请稍后再试。", "Too many requests. Please wait a moment."),
    "error_500": (
        "系统暂时出现问题，已记录。请稍后再试。",
        "Something broke on our side; it has been logged. Please try again.",
    ),
    "back_home": ("返回首页", "Back to the start"),
    "close": ("关闭", "Close"),
    "risk": ("风险", "Risk"),
    "level_none": ("无风险", "no risk"),
    "level_low": ("低", "low"),
    "level_medium": ("中", "medium"),
    "level_high": ("高", "high"),
    "level_critical": ("严重", "critical"),
    "sources": ("依据", "Sources"),
    "network_error": ("网络异常，消息未发送，请重试。", "Network problem: not sent. Please try again."),
    # chat
    "chat_title": ("在线协商", "Talk to us about your account"),
    "chat_intro": (
        "您好！您可以在这里说明情况、咨询还款方案。我们会如实回答，不会催逼您。",
        "Hello. Tell us about your situation or ask about repayment options. We will answer plainly and never pressure you.",
    ),
    "chat_start_title": ("请从贷款机构 App 中打开链接", "Open the link from your lender's app"),
    "chat_start_body": (
        "为保护您的信息，对话需要通过贷款机构发给您的专属链接开启。",
        "To protect your information, a conversation opens from the personal link your lender sends you.",
    ),
    "chat_try_demo": ("试用演示账户", "Try the demo account"),
    "demo_badge": ("演示账户：数据为虚构，仅供体验", "Demo account: made-up data, for trying the service"),
    "chat_log": ("对话记录", "Conversation"),
    "you": ("我", "You"),
    "assistant": ("助手", "Assistant"),
    "agent_person": ("客服专员", "Our colleague"),
    "message_label": ("输入消息", "Your message"),
    "send": ("发送", "Send"),
    "typing": ("正在输入…", "Typing…"),
    "plan_options": ("可选方案", "Options you can choose"),
    "accept_plan": ("选择此方案", "Choose this option"),
    "plan_accepted": ("已选择方案", "Option chosen"),
    "escalated_title": ("已转交人工处理", "A person is now handling this"),
    "escalated_body": (
        "您的情况已转交给我们的同事，他们会尽快与您联系。您仍可以在这里留言。",
        "A colleague has taken over and will contact you soon. You can still leave messages here.",
    ),
    "privacy_title": ("隐私说明", "Privacy notice"),
    "privacy_body": (
        "对话内容会被加密传输并存档，用于处理您的请求和满足监管要求；我们不会向您的亲友、同事透露欠款信息。"
        "您可以随时要求转人工或投诉。",
        "This conversation is sent securely and kept on record to handle your request and meet regulatory "
        "duties. We never discuss your account with family, friends or colleagues. You can ask for a person "
        "or make a complaint at any time.",
    ),
    "link_invalid": (
        "链接无效或已过期，请从贷款机构 App 重新打开。",
        "This link is not valid or has expired. Open it again from your lender's app.",
    ),
    "new_conversation": ("重新开始", "Start again"),
    "knowledge_title": ("条款原文", "Clause text"),
    "knowledge_back": ("返回", "Back"),
    "plain_note": (
        "以下为规定或政策的摘要原文，仅供参考，不构成法律意见。",
        "The text below is a summary of the rule or policy, for information only, not legal advice.",
    ),
    # agent
    "queue": ("待处理队列", "Queue"),
    "escalations": ("转人工", "Escalations"),
    "recent": ("最近会话", "Recent conversations"),
    "no_escalations": ("暂无待处理的转人工会话。", "No escalations waiting."),
    "open": ("打开", "Open"),
    "new_assist": ("新建坐席辅助会话", "New agent-assist conversation"),
    "outstanding": ("欠款余额", "Outstanding"),
    "principal": ("本金", "Principal"),
    "overdue_days": ("逾期天数", "Days overdue"),
    "currency": ("币种", "Currency"),
    "create": ("创建", "Create"),
    "wants": ("借款人诉求", "Borrower wants"),
    "reason": ("原因", "Reason"),
    "transcript": ("对话记录", "Transcript"),
    "suggested_reply": ("建议回复", "Suggested reply"),
    "use_reply": ("放入草稿", "Use as draft"),
    "borrower_said": ("借款人说", "Borrower said"),
    "borrower_said_hint": ("输入借款人的话，获取建议回复", "Type what the borrower said to get a suggested reply"),
    "suggest": ("获取建议", "Suggest"),
    "draft": ("我的草稿", "My draft"),
    "check_draft": ("检查草稿", "Check my draft"),
    "send_message": ("发送给借款人", "Send to borrower"),
    "apply_rewrite": ("采用合规改写", "Use the compliant rewrite"),
    "rewrite": ("合规改写", "Compliant rewrite"),
    "draft_clean": ("未发现风险。", "No risk found."),
    "blocked": (
        "已拦截：该消息违反催收规范，未发送。",
        "Blocked: this message breaches collection rules and was not sent.",
    ),
    "sent": ("已发送并记录。", "Sent and recorded."),
    "plans": ("方案计算器", "Plan calculator"),
    "authority": ("权限", "Authority"),
    "hardship_stated": ("借款人已说明困难", "Borrower stated hardship"),
    "calculate": ("计算", "Calculate"),
    "insert": ("插入草稿", "Insert in draft"),
    "no_options": ("当前条件下没有可提供的方案。", "No option can be offered on these facts."),
    "search": ("知识检索", "Knowledge search"),
    "search_label": ("检索法规与政策", "Search rules and policy"),
    "search_go": ("检索", "Search"),
    "no_results": ("没有找到相关条款。", "Nothing relevant found."),
    "taken_over": ("人工接管中", "Taken over by a person"),
    "status": ("状态", "Status"),
    "channel_self_service": ("自助", "self-service"),
    "channel_agent_assist": ("坐席辅助", "agent assist"),
    "reason_vulnerability": ("借款人处于脆弱状况", "borrower may be vulnerable"),
    "reason_deceased": ("借款人身故", "borrower deceased"),
    "reason_identity_theft": ("非本人/身份被冒用", "not the borrower / identity theft"),
    "reason_representative": ("第三方代理", "third-party representative"),
    "reason_complaint": ("投诉", "complaint"),
    "reason_human_requested": ("要求人工", "asked for a person"),
    # audit
    "audit_title": ("审计看板", "Audit dashboard"),
    "filters": ("筛选", "Filters"),
    "since": ("开始时间", "From"),
    "until": ("结束时间", "Until"),
    "level": ("风险等级", "Risk level"),
    "level_min": ("至少", "at least"),
    "any": ("全部", "Any"),
    "category": ("类别", "Category"),
    "channel": ("渠道", "Channel"),
    "actor": ("坐席", "Agent"),
    "escalated": ("转人工", "Escalated"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "apply": ("应用", "Apply"),
    "reset": ("重置", "Reset"),
    "exchanges": ("交互记录", "Exchanges"),
    "total": ("总数", "Total"),
    "chart_title": ("各类别风险随时间分布", "Risk by category over time"),
    "chart_empty": ("所选范围内没有被标记的风险。", "No flagged risk in this range."),
    "export": ("导出", "Export"),
    "chain_ok": ("日志完整：哈希链校验通过", "Log intact: hash chain verified"),
    "chain_broken": ("日志被篡改：哈希链在第 {seq} 条断开", "Log altered: the hash chain breaks at record {seq}"),
    "records": ("条记录", "records"),
    "time": ("时间", "Time"),
    "conversation": ("会话", "Conversation"),
    "kind": ("类型", "Kind"),
    "text": ("内容", "Text"),
    "reply": ("回复", "Reply"),
    "flags": ("风险标记", "Flags"),
    "citations": ("引用条款", "Citations"),
    "drafts": ("草稿", "Drafts"),
    "source": ("来源", "Source"),
    "intent": ("意图", "Intent"),
    "hash": ("哈希", "Hash"),
    "showing_first": ("仅显示前 {n} 条，完整数据请导出。", "Showing the first {n}; export for everything."),
    "none_found": ("没有符合条件的记录。", "No exchanges match."),
    # admin
    "users_title": ("用户管理", "Users"),
    "add_user": ("添加用户", "Add a user"),
    "password_hint": ("至少 10 个字符", "At least 10 characters"),
    "user_created": ("已创建用户 {name}。", "Created user {name}."),
}


INTENTS: dict[str, tuple[str, str]] = {
    "hardship": ("经济困难，希望减轻还款压力", "in financial hardship, wants lighter repayments"),
    "dispute": ("对欠款有异议", "disputes the debt"),
    "identity_theft": ("称不是本人/号码错误", "says it is not their loan or the wrong number"),
    "complaint": ("投诉", "wants to complain"),
    "vulnerability": ("可能处于脆弱状况，需要关怀", "may be vulnerable and needs care"),
    "third_party_agent": ("第三方代理或代理维权", "a representative or debt-relief agent"),
    "payment_promise": ("承诺还款", "promises to pay"),
    "plan_request": ("希望申请还款方案", "asks for a repayment plan"),
    "abusive_borrower": ("情绪激动、言语过激", "is angry or abusive"),
    "general": ("一般咨询", "a general question"),
}
CATEGORIES: dict[str, tuple[str, str]] = {
    "threat": ("威胁恐吓", "threat"),
    "false_legal": ("虚假法律后果", "false legal claim"),
    "impersonation": ("冒充公检法等", "impersonation"),
    "abuse": ("侮辱谩骂", "abusive language"),
    "third_party": ("向第三方透露债务", "third-party disclosure"),
    "privacy": ("泄露个人信息", "privacy breach"),
    "unauthorized_offer": ("越权承诺", "unauthorised offer"),
    "debt_pressure": ("不当施压", "undue pressure"),
    "harassment": ("骚扰", "harassment"),
    "dismissal": ("无视诉求", "dismissing the borrower"),
    "contact_time": ("联系时间不当", "contact at a barred time"),
    "contact_frequency": ("联系过于频繁", "contact too frequent"),
}


def label(table: dict[str, tuple[str, str]], key: str | None, lang: str) -> str:
    """A localised label from one of the tables above (the key itself when unknown)."""
    pair = table.get(key or "")
    if pair is None:
        return key or ""
    return pair[1] if lang == "en" else pair[0]


def current_lang() -> str:
    """The page language: `?lang=`, then the session's choice, then the browser's, zh by default."""
    chosen = request.args.get("lang")
    if chosen in LANGS:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in LANGS:
        return session["lang"]
    return request.accept_languages.best_match(LANGS, default="zh") or "zh"


def translate(key: str, lang: str | None = None, **values: object) -> str:
    """The string for `key` in `lang` (the key itself when unknown), formatted with `values`."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if (lang or current_lang()) == "en" else pair[0]
    return text.format(**values) if values else text


def strings_for(lang: str, keys: list[str]) -> dict[str, str]:
    """A subset of strings for a page's script."""
    return {key: translate(key, lang) for key in keys}
