"""The explainable layer: zh + en cue patterns per intent, matched on normalised text.

Patterns run on the output of `mediation.textnorm.normalise`: lower case, simplified Chinese, no spaces
between Chinese characters, ASCII punctuation.
Cues for most intents are high-precision: a hit means the intent applies. Vulnerability cues are
the exception: they aim at recall (veiled suicidal phrasings, bereavement, severe illness, acute
distress), because missing one costs far more than a false alarm.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from functools import cache

from mediation import textnorm

#: Self-harm and suicide cues: the subset of vulnerability that nothing (not even a suspected
#: prompt injection) may set aside.
SELF_HARM = re.compile(
    r"不想活|活不下去|不活了|想死|寻死|轻生|自杀|自尽|了结自己|结束(?:自己|生命|这一切|这条命)|一了百了|生不如死"
    r"|跳楼|跳河|跳江|跳海|跳桥|卧轨|割腕|上吊|烧炭|安眠药|服毒|喝农药|遗书|遗言|自残|伤害自己|死给你们看|不想醒"
    r"|suicid|kill(?:ing)? myself|end(?:ing)? (?:it all|my life)|take my (?:own )?life|self[- ]?harm|hurt(?:ing)? myself"
    r"|(?:don'?t|do not) want to (?:live|be alive|wake up|exist)|overdose|no reason to live|better off dead"
)

CUES: dict[str, list[str]] = {
    "vulnerability": [
        r"不想活|活不下去|活不成|活不长|不活了",
        r"活着(?:真|太|好|也)?(?:没|没有|没啥|没什么|莫得|没得)(?:意思|意义|劲)|活起没得意思",
        r"活着(?:干嘛|干什么|有什么意义|受罪|太累|好累|好难|真难|就是受罪)|还活着干嘛|生不如死|没有活下去",
        r"活下去的(?:理由|意义)",
        r"一了百了|一了白了|想死|寻死|轻生|自杀|自尽|了结自己|结束(?:自己|生命|这一切|这条命)|想结束",
        r"不如死|死了(?:算了|比活着|是不是|就解脱|就不用|你们)",
        r"死给你们看|逼死|我死了|我要是死了|等我死|(?:如果|要是)我不在了|不在这个世界|离开这个世界",
        r"我走了以后|我马上就要走了|很快就不用还|就剩这条命",
        r"跳楼|跳河|跳江|跳海|跳桥|跳下去|卧轨|割腕|上吊|烧炭|安眠药|吞了?.{0,4}药|吃了?很多药|药都准备好",
        r"洗胃|服毒|农药|遗书|跟家里人告别|告别了",
        r"天台|楼顶|桥上|河边|江边|窗户边|阳台站|撞上去|把自己弄伤|伤害自己|自残|想消失|世界(?:上)?消失",
        r"消失了(?:就好|大家)|累赘|没有我.{0,8}(?:更好|轻松)",
        r"永远不醒|不用醒|睡过去|不想再挣扎|撑不下去|(?:快|真的|已经|我)撑不住|扛不住了|熬不下去",
        r"坚持不下去|到极限|受不了了|崩溃|绝望|走投无路|没有活路|给条活路",
        r"快疯了|要疯了|幻听|喘不上气|喘不过气|心慌|手(?:一直在)?抖|全身发抖|以泪洗面|一直哭",
        r"每天都(?:在)?哭|吃不下饭|几天没(?:合眼|吃)|麻木|想不开",
        r"活着.{0,8}意思|活下去|怎么活|活够了|不配活|活一天算一天|不想活|解脱|没(?:有)?希望|看不到希望",
        r"坚持不住|世界(?:都)?塌|快不行了|我不行了|想好了|不想醒|醒不过来",
        r"窗边|窗台|\d+楼.{0,6}(?:下|跳|站)|跳下|被救|救回来|割了|拖累|写了.{0,3}(?:信|遗言)|写好.{0,2}遗",
        r"交代好|安顿好|不想(?:再)?(?:活|撑|熬|挣扎)|人生.{0,6}(?:没有|没)意义|没(?:有)?意义",
        r"想(?:去)?死|醒过来|不痛苦|痛苦|地狱|没有力气|不要了|割过|情绪.{0,4}(?:不稳|崩)|撑多久|死活",
        r"无所谓了|(?:快|就|要|也)不在了|记不住|记忆力|脑部受伤|心脏病|急诊|xiang ?si|bu ?xiang ?huo",
        r"去世|过世|过身|病逝|病故|离世|逝世|身故|死亡证明|后事|丧事|殡仪馆|葬礼|遗产",
        r"(?:爸|妈|父亲|母亲|爹|娘|老公|老婆|丈夫|妻子|媳妇|爱人|儿子|女儿|孩子|哥|姐|弟|妹|爷爷|奶奶|外婆|姥姥|外公|老伴|老人|先生|太太|借款人|他|她)[^,.!?]{0,5}(?:(?<![卷拿带偷骗抢搬跑逃出赶])走了|(?<!工作)(?<!收入)(?<!钱)没了|死了|不在了)",
        r"人没了|人走了",
        r"癌|白血病|淋巴瘤|肿瘤|尿毒症|透析|化疗|放疗|晚期|病危|抢救|icu|重症监护|插着管|渐冻|帕金森|中风",
        r"脑梗|心梗|瘫痪|肾衰|换肾|移植|植物人|昏迷|绝症|临终|安宁病房|老年痴呆|阿尔茨海默|痴呆",
        r"智力(?:障碍|残疾)|精神(?:病|科|分裂|障碍|卫生)|双相|躁狂|自闭症|抑郁|焦虑症|惊恐|心理医生",
        r"心理危机|创伤后|残疾证|截肢|脑瘤|艾滋|重症|病房|病床|糊涂|耳背|不识字",
        r"家暴|家庭暴力|赌瘾|戒毒|流产|难产|病重|重病|癫痫|失明|无家可归|流落街头|露宿街头|吃不上饭",
        r"suicid|kill(?:ing)? myself|end(?:ing)? (?:it all|my life|it\b|things)|take my (?:own )?life",
        r"took (?:his|her|their) own life|killed (?:him|her)self",
        r"(?:don'?t|do not) want to (?:live|be alive|be here|wake up|exist)|not want to be alive",
        r"(?:can'?t|cannot) go on|can'?t keep going|(?:can'?t|cannot) (?:do|take) (?:this|it) any ?more",
        r"no point (?:in )?(?:living|anymore|carrying on|going on|any more)",
        r"(?:don'?t|do not) see the point|is there any point|better off without me|without me around",
        r"not worth being alive",
        r"(?:won'?t|wouldn'?t|will not) be (?:around|here)|when i'?m gone",
        r"if i (?:die|was gone|were gone|'?m gone|disappeared)|not waking up|sleep and not wake",
        r"not wake up|disappear",
        r"jump(?:ing)? (?:off|from|in front)|thinking about jumping|on (?:a|the) (?:bridge|roof|ledge)",
        r"overdose|pills in front|took (?:all )?(?:my |the )?(?:tablets|pills)|self.?harm",
        r"(?:hurt|harm|cut)(?:ing)? myself",
        r"dark thoughts|run out of reasons|written (?:letters|a note)|push me over the edge",
        r"at breaking point|breaking point|no way out|drowning|losing my mind|not coping|in pieces",
        r"life is over",
        r"can'?t stop (?:crying|shaking)|panic attack|can'?t breathe|shaking|breakdown|crisis team",
        r"sectioned|psychiatric|mental health|mentally|hysterical|distressed|frightened|terrified",
        r"no way out|see a way out|if i wasn'?t (?:here|around)|(?:still|not) be (?:here|around)|stockpil",
        r"in front of a (?:train|bus|car)|will to live",
        r"(?:rather|better off|wish i was|wish i were)(?: be)? dead|hopeless",
        r"(?:can'?t|cannot|not) cop(?:e|ing)|falling apart",
        r"(?:all|it) to (?:be|end|stop) (?:over|permanently)|if anything happens to me|dies with me",
        r"no point|goodbye|give up on (?:life|everything)",
        r"(?:driv|crash)(?:e|ing) (?:into|off)|tell my (?:family|kids|wife|husband|mum|mom) i'?m sorry",
        r"pass out|c(?:a)?n'?t do (?:this|it) any ?m(?:o)?re|i'?m (?:8|9)\d\b|can'?t (?:sleep|eat)",
        r"domestic abuse|abusive (?:partner|husband|wife|ex)|violent (?:partner|husband)|\brefuge\b",
        r"gambling (?:addiction|problem)|addict|miscarri|homeless|food bank",
        r"passed away|passed on",
        r"(?:mum|mom|dad|father|mother|husband|wife|son|daughter|partner|brother|sister) passed|has died",
        r"\bdied\b|\bdeath\b|funeral|bereave|widow",
        r"\blate (?:husband|wife|father|mother|partner|son|daughter)|stillborn",
        r"lost my (?:mum|mom|dad|husband|wife|son|daughter|baby|partner)",
        r"cancer|chemo|tumou?r|dialysis|palliative|hospice|terminal|intensive care|\bicu\b|coma|stroke",
        r"leuka?emia|transplant|kidney failure|diagnosed|dementia|alzheimer|parkinson|multiple sclerosis",
        r"with ms\b|motor neurone|\bmnd\b",
        r"depress|anxiety|ptsd|bipolar|schizophren|learning disability|autis|capacity|hospital|burns unit",
        r"housebound|carer",
    ],
    "identity_theft": [
        r"不是我借的|不是我本人|非本人|本人从未|从未在|从来没(?:有)?(?:借|申请|注册|办)",
        r"没(?:有)?(?:借|申请|注册)过|根本没借|冒用|冒名|盗用|被人(?:冒|盗|拿|用)",
        r"身份证.{0,10}(?:丢|被|借给|拍)",
        r"打错了|找错人|没有这个人|不认识(?:这个人|他|她|借款人|你们说的|什么)",
        r"不认识[\u4e00-\u9fff]{2,3}(?:$|[,.!?，])|不知道(?:这个人|他是谁)",
        r"新(?:办|买|换|注册|装|激活)的?(?:号|卡|手机|微信|座机)|刚(?:办|买|换|激活)的?(?:号|卡)",
        r"二手(?:号|手机号)|前机主|之前的?机主|机主.{0,4}(?:换|不是)|号主|没听过.{0,6}(?:公司|平台|名字)",
        r"wrong number|not my loan|isn'?t my loan|not mine",
        r"never (?:borrowed|applied|took out|signed|opened|had an account|heard of)",
        r"i'?m not (?:your customer|the person|him|her)|not the person",
        r"identity (?:theft|was stolen|has been stolen|fraud)|stole my identity|stolen identity|in my name",
        r"without my (?:knowledge|permission|consent)|forged my|impersonat",
        r"(?:don'?t|do not) know (?:who|this person|him|her|anyone)|no idea who|new (?:number|sim|phone)",
        r"number (?:was|is) (?:new|reissued|recycled)|never lived at",
    ],
    "third_party_agent": [
        r"停息挂账|停催|停息|全额减免|代理维权|维权(?:群|诉求|团队)|反催收|征信修复",
        r"债务(?:处理|规划|协商|重组|优化)|协商还款的|帮客户|我的客户|委托人|受托",
        r"委托(?:律师|代理|书|协议|了律师)|律师|律所|法务|代理人",
        r"我方|代表(?:借款人|债务人|本人)",
        r"专业(?:机构|团队|的人)|群主|话术|集体(?:投诉|起诉)|联合.{0,10}(?:投诉|借款人)",
        r"debt (?:relief|management|settlement|negotiation|advis[eo]r|coach|counsell?ing)",
        r"debt (?:charity|company|agency|program)",
        r"credit counsel|solicitor|attorney|lawyer",
        r"on behalf of|acting (?:for|on)|we represent|represent(?:ing)? (?:the|my|our)|my client",
        r"our client|instructed by|retained|my representative|financial advis[eo]r",
    ],
    "complaint": [
        r"投诉|举报|12378|12345|银保监|金融监管|监管(?:部门|局)|曝光|媒体|消协|道歉",
        r"态度(?:太|极其|非常)?(?:差|恶劣)|侵犯.{0,4}隐私",
        r"complain|ombudsman|regulator|\bfca\b|\bcfpb\b|\bico\b|\bbbb\b|report(?:ing)? (?:you|this|it)",
        r"formal complaint|escalate|data breach|rude|apology|shout(?:ed|ing) at",
    ],
    "dispute": [
        r"算错|多收|多扣|扣了两次|重复扣|没到账|没有到账|没显示|不认(?:这|账|这个)?",
        r"(?:金额|利息|天数|余额|数字|罚息|费用).{0,4}(?:不对|错了|有误|不一样)|对不上|账不对",
        r"没(?:有)?(?:同意|授权|开通)过|从来没授权|没人跟我说过|凭什么收|高利贷",
        r"超过.{0,6}(?:法律|规定|24%|36%)|怎么(?:还有|多了|变成)",
        r"已经(?:还|结清|还清|还完|还上)了?.{0,16}(?:为什么|怎么|还(?:打|催|显示|算)|逾期|没更新)",
        r"结清证明都有|有(?:还款)?记录",
        r"already paid|paid (?:this|it) off|(?:don'?t|do not) owe|never agreed|didn'?t agree|not showing",
        r"hasn'?t been credited|isn'?t showing|wrong amount",
        r"overcharg|charged (?:me )?twice|double charg|doesn'?t match|never signed up|incorrect",
        r"didn'?t (?:make|authori[sz]e)|not authori[sz]ed|reverse (?:them|it|the)",
    ],
    "abusive_borrower": [
        r"(?<!我)(?<!我真)(?<!我想)去死吧?|你们?去死|滚|傻[bx逼叉]|\bsb\b|操你|草你|妈的|\bmd\b|他妈",
        r"狗东西|狗腿子|垃圾|人渣|畜生|王八|孙子|不得好死|问候你全家|婊子|瓜娃子|呸",
        r"放(?:把)?火|砸了|弄死你|小心(?:点|走夜路)|道上的人|横着出去|有种你|有种.{0,4}来|你等着",
        r"我记住你了|恶心|闭嘴|神经病|脑子有病|要饭的|渣滓|良心被狗吃",
        r"f\*+|fuck|f off|piss off|go to hell|bastard|idiot|scum|parasite|leech|shut up|get stuffed|jog on",
        r"burn .{0,20}down|regret it|where .{0,20} lives",
        r"see what happens|put you through|bottom feeders|moron|wanker|dickhead|\bshove\b|loan sharks",
        r"come and get|thick as|you lot can|joke of a company|bully|bullies|pathetic|scumbag",
    ],
    "hardship": [
        r"失业|被裁|裁员|下岗|没(?:有)?(?:工作|收入)|收入(?:少|减|降|断|几乎|没了)",
        r"工资(?:停|降|少|没发|拖欠|发不出|晚发|被扣)|倒闭|破产|关门|跑路|生意(?:不好|差|失败)|亏(?:了|损)",
        r"降薪|被骗",
        r"没(?:有)?钱(?:了|还)|拿不出钱|周转不开|入不敷出|还不上|还不起|负担不起|养不起|存款|积蓄|病假",
        r"受伤|疫情|洪水|台风|冰雹|火灾|地震",
        r"lost (?:my|our) (?:job|jobs|income)|laid off|let go|made redundant|redundan|unemployed",
        r"out of work|no (?:income|work|pay)|went bust|bankrupt|administration|salary (?:cut|reduced)",
        r"pay cut|hours (?:cut|reduced)|universal credit|benefits|can'?t afford|struggling",
        r"short every month|overdraft|dried up|lost (?:its|the|my) (?:main )?(?:contract|client)|storm",
        r"flood",
    ],
    "plan_request": [
        r"分期|延期|展期|宽限|缓(?:一缓|几天|一下|缓)|减免|免(?:了|掉|息)|打(?:个)?[一二三四五六七八九]?折",
        r"折扣|优惠|结清.{0,4}(?:价|方案)|协商|方案|还款日.{0,6}(?:改|调)|晚几天",
        r"推迟|分(?:几|两|三|四|五|六|\d+)(?:次|个月|期|批)|少还|降低|停止计息|免息|只还本金",
        r"(?:能不能|可不可以|可以|能否|行不行).{0,12}(?:晚|推|延|缓|下个月|分|减|免|少)",
        r"instal?ments?|payment plan|repayment plan|spread|split|extension|extend|defer|delay",
        r"push (?:the )?payment|payment holiday|breathing space|freeze (?:the )?interest|waive",
        r"write off|writing off|discount|settle(?:ment)?\b|reduc|lower (?:monthly|payment|amount)",
        r"smaller monthly|arrangement|options|new schedule|(?:can|could) i (?:pay|change|switch|move)",
    ],
    "payment_promise": [
        r"(?:明天|明儿|今天|今晚|后天|下周|周[一二三四五六日末]|星期[一二三四五六日天]|月底|月初|月中|年底|\d+号|发工资|工资到账|马上|一会儿?|这两天|这周|下午|晚上|待会).{0,12}(?:还|结清|补上)",
        r"保证.{0,6}还|一定还|肯定还|会还|就还|还上|(?:我|会)(?:先)?还\d+|说到做到|不会再拖",
        r"i'?ll (?:pay|settle|clear|send)|i will (?:pay|settle|clear)",
        r"(?:paying|pay) (?:it )?(?:today|tonight|tomorrow|later)|promise (?:i'?ll|to) pay",
        r"payment going through|about to pay",
        r"(?:by|on|until|till) (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|the end of|the \d+)",
        r"payday|wages go in|pay (?:it )?(?:then|on)",
    ],
}

_COMPILED: dict[str, list[re.Pattern[str]]] = {
    intent: [re.compile(pattern) for pattern in patterns] for intent, patterns in CUES.items()
}


@cache
def _warm_normaliser() -> None:
    """Load the normaliser's tables once, quietly (zhconv leaves its dictionary file to the GC)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        textnorm.normalise("繁體")


def normalise(text: str) -> str:
    """Fold the text to the form the cues are written for (full-width, traditional, spacing evasion undone)."""
    _warm_normaliser()
    return textnorm.normalise(text)[0]


def match(normalised: str) -> dict[str, list[str]]:
    """Return, per intent, the cue texts found in an already normalised message."""
    hits: dict[str, list[str]] = {}
    for intent, patterns in _COMPILED.items():
        found = [m.group(0) for pattern in patterns for m in [pattern.search(normalised)] if m]
        if found:
            hits[intent] = found
    return hits


Matcher = Callable[[str], dict[str, list[str]]]
