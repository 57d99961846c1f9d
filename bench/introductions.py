"""Compliant self-introductions by a lender's own staff, generated from held-out templates and lender names.

The guide calls these compliant ("the lender's own staff introducing themselves under their real role"), and they
open most calls and chats, so every one flagged is an agent annoyed. Neither these sentence shapes nor these lender
names are in the training data (`tests/test_bench_held_out.py` checks the names; eleven English and four Chinese ones
were named in older training rows until they were replaced on 2026-12-07).
The openers "这里是…" and "this is…" that two templates here share are common to every call script, and the v13b
files teach them on purpose; what stays unseen is each lender's name and each whole sentence. Nothing here is
trained on.
"""

from __future__ import annotations

import itertools
import random

EN_TEMPLATES = [
    "Hello, this is {person} from {lender}.",
    "Hi, my name is {person} and I'm calling from {lender} about your account.",
    "Good morning, {person} here from {lender}. Is now a good time to talk?",
    "This is {person} with {lender}'s customer support team.",
    "Hello, you're speaking with {person} at {lender}. How can I help?",
    "Thanks for contacting {lender}, I'm {person}.",
]
EN_NAMES = [
    "Quarrington", "Alder", "Kilbride", "Wrenfield", "Ambrook", "Copthorne", "Thornbury", "Sallowmere", "Quenby", "Calder",
    "Redbrook", "Stonebridge", "Ellerby", "Fernleigh", "Hurstwood", "Birchwood", "Bellhaven", "Corrie", "Fairhaven",
    "Tarrowfield", "Brookline", "Elmstead", "Silverton", "Moorcroft",
]  # fmt: skip
EN_KINDS = ["Financial", "Finance", "Bank", "Credit", "Lending", "Loans", "Capital", "Money", "Credit Union"]
EN_PEOPLE = ["Anna", "Tom", "Priya", "James", "Sofia", "Liam", "Grace", "Omar"]

ZH_TEMPLATES = [
    "您好，我是{lender}的客服{person}。",
    "您好，这里是{lender}，我是调解专员{person}，请问现在方便说话吗？",
    "{person}您好，我是{lender}贷后服务中心的工作人员。",
    "您好，我是{lender}客户服务部的{person}，来电是想和您沟通一下账户情况。",
]
ZH_NAMES = ["鼎泰", "瑞丰", "嘉盛", "华融", "泓远", "中银", "众诚", "民生", "景和", "汇通", "长盈", "宜居"]
ZH_KINDS = ["消费金融", "银行", "小额贷款", "信贷", "金融服务"]
ZH_PEOPLE = ["小王", "李经理", "张专员", "小陈"]


def introductions(seed: int = 3) -> list[dict]:
    """Every template with every lender name and kind: `{"lang", "kind", "text"}` (1,296 en + 240 zh)."""
    rng = random.Random(seed)
    rows = []
    for lang, templates, names, kinds, people, sep in (
        ("en", EN_TEMPLATES, EN_NAMES, EN_KINDS, EN_PEOPLE, " "),
        ("zh", ZH_TEMPLATES, ZH_NAMES, ZH_KINDS, ZH_PEOPLE, ""),
    ):
        for template, name, kind in itertools.product(templates, names, kinds):
            text = template.format(person=rng.choice(people), lender=f"{name}{sep}{kind}")
            rows.append({"lang": lang, "kind": kind, "text": text})
    return rows
