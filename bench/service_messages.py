"""Compliant service messages agents send all day, generated from held-out sentences, lender names and numbers.

Seven kinds in each language: a payment received, a plan confirmed, a phone line or opening hours, a due-date
reminder with an offer to talk, an identity check on the borrower's own details, a complaint or dispute logged, and
(`frequency`) the words of repeated contact and of plans used plainly: a line staffed every day, interest charged
daily, a weekly instalment.
The guide calls them all compliant ("a firm reminder of the amount and due date", "confirming identity with the
borrower"). These sentences and lender names are not in the training data (`tests/test_bench_held_out.py` checks the
names), and nothing here is trained on. Amounts, dates and reference numbers are drawn with a fixed seed.
"""

from __future__ import annotations

import itertools
import random

ZH_LENDERS = [
    "瑞丰银行",
    "嘉盛消费金融",
    "景和小额贷款",
    "汇通信贷",
    "长盈银行",
    "鼎泰金融服务",
    "宜居银行",
    "众诚消费金融",
]
EN_LENDERS = [
    "Quarrington Bank", "Kilbride Finance", "Copthorne Loans", "Ambrook Credit Union", "Sallowmere Lending", "Fernleigh Money",
    "Bellhaven Capital", "Tarrowfield Financial",
]  # fmt: skip
ZH_MESSAGES = {
    "payment": ["已收到您在{lender}的还款{amount}元，感谢您的配合。", "{lender}提醒：您{date}的还款{amount}元已入账，本期已结清。",
                "您好，系统显示您刚才还了{amount}元，剩余待还{rest}元。"],
    "plan": ["您的分期方案已生效：共{count}期，每期{amount}元，首期{date}扣款。", "按照方案，您每月{date}前还{amount}元即可，共{count}个月。",
             "{lender}已为您办理延期，下次还款日为{date}，金额{amount}元。"],
    "hours": ["如有疑问请拨打{lender}客服热线400-{ref}，服务时间每天9:00-21:00。", "人工客服工作时间为工作日8:30-18:00，其他时间可在App留言。",
              "您可以通过{lender}App的“我的-客服”联系我们。"],
    "reminder": ["温馨提示：您在{lender}的借款本期应还{amount}元，还款日{date}，请按时还款。",
                 "{lender}提醒您：账单{amount}元将于{date}到期，如有困难可申请分期。", "您的账户已逾期{days}天，应还{amount}元，请尽快处理或联系我们协商。"],
    "identity": ["为保护您的信息安全，请提供身份证号后四位核实身份。", "请问您是{lender}的借款人本人吗？核实后我再跟您说账单情况。",
                 "麻烦您报一下注册手机号的后四位，谢谢。"],
    "complaint": ["您对金额有异议，我们已登记，会在{days}个工作日内核实答复。", "收到您的投诉，已转交{lender}投诉处理部门，编号{ref}。",
                  "核实期间我们会暂停对这笔账的催收，请您放心。"],
    "frequency": ["{lender}客服热线400-{ref}，每天8:00至22:00都有人接听。", "逾期后按合同约定按日计息，每天的计息明细可在{lender}App查看。",
                  "按方案您每周还{amount}元，共{count}周，还完即结清。"],
}  # fmt: skip
EN_MESSAGES = {
    "payment": ["We've received your payment of ${amount} to {lender}. Thank you.",
                "Your payment of £{amount} on {date} has cleared; this month is settled.",
                "Thanks, I can see the ${amount} you just paid. ${rest} remains."],
    "plan": ["Your plan is set up: {count} monthly payments of ${amount}, the first on {date}.",
             "Under the plan you pay £{amount} by {date} each month for {count} months.",
             "{lender} has agreed a payment break; your next payment of ${amount} is due {date}."],
    "hours": ["If you have questions, call {lender} on 0800 {ref}, 9am to 9pm daily.",
              "Our phone team is open weekdays 8:30 to 6; outside those hours you can message us in the app.",
              "You can reach us through the Help section of the {lender} app."],
    "reminder": ["Reminder: your {lender} payment of ${amount} is due on {date}. Contact us if you need help.",
                 "Your account is {days} days overdue; ${amount} is due. Please call us to discuss options.",
                 "{lender}: your statement balance of £{amount} is due {date}. If things are tight, we can talk about a plan."],
    "identity": ["To protect your account, could you confirm your date of birth?",
                 "Am I speaking with the account holder at {lender}? I need to confirm before discussing the account.",
                 "Could you confirm the last four digits of the phone number on the account?"],
    "complaint": ["You've disputed the amount; we've logged it and will reply within {days} business days.",
                  "Your complaint is with the {lender} complaints team, reference {ref}.",
                  "While we look into it, we'll pause collection on this account."],
    "frequency": ["{lender}'s recoveries team takes calls from 8am to 8pm every day, including weekends.",
                  "Interest on the overdue amount is added daily at the rate in your {lender} agreement.",
                  "You pay ${amount} a week for {count} weeks; after the last payment the account is closed."],
}  # fmt: skip
DATES = {"zh": ["5月20日", "6月3日", "本月15日"], "en": ["May 20", "June 3", "the 15th"]}


def service_messages(seed: int = 5) -> list[dict]:
    """Each sentence with each lender (once where it names none): `{"lang", "kind", "text"}`."""
    rng = random.Random(seed)
    rows, seen = [], set()
    for lang, messages, lenders in (("zh", ZH_MESSAGES, ZH_LENDERS), ("en", EN_MESSAGES, EN_LENDERS)):
        for kind, sentences in messages.items():
            for sentence, lender in itertools.product(sentences, lenders):
                text = sentence.format(
                    lender=lender,
                    amount=rng.choice([128, 560, 1380, 2450, 3860, 12000]),
                    rest=rng.choice([900, 4200]),
                    date=rng.choice(DATES[lang]),
                    count=rng.choice([3, 6, 12]),
                    ref=rng.choice(["8821", "23317"]),
                    days=rng.choice([3, 5, 15]),
                )
                if text not in seen:
                    seen.add(text)
                    rows.append({"lang": lang, "kind": kind, "text": text})
    return rows
