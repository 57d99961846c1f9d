"""Chinese rule patterns, written from the CBA 2026 prohibitions, the 消保办法, PIPL and collectors' idiom.

Patterns run on `mediation.textnorm.normalise` output: simplified, lower-case, no spaces between Han
characters, sentence punctuation folded to ASCII. `<Y>` is "you", `<WE>` the collector's side,
`<FAM>` relatives and acquaintances, `<WORK>` the workplace. Each row: (category, pattern, doc_id or
None for the category default, tags). Tag `lawful` lets a lawful-process qualifier ("依法", "以法院判决
为准", "只有法院") clear the hit.
"""

from __future__ import annotations

MACROS = {
    "<Y>": "(?:你|您|妳|尼玛)",
    "<WE>": "(?:我们|我司|我|公司|咱们|本公司|平台)",
    "<FAM>": "(?:家人|家里人|家属|父母|爸妈|爸爸|妈妈|老爸|老妈|老婆|老公|媳妇|配偶|丈夫|妻子|孩子|子女|儿子|女儿|亲戚|亲友"
    "|亲属|朋友|好友|同学|邻居|紧急联系人|联系人|担保人|女朋友|男朋友|对象|兄弟|姐妹|哥哥|姐姐|弟弟|妹妹|岳父|岳母|公婆|家里)",
    "<WORK>": "(?:单位|公司|领导|同事|老板|上司|人事|hr|财务|工作单位|单位领导|学校|老师|村委|村里|居委会|物业|小区|业主群|家族群"
    "|朋友圈|微信群|老家)",
    "<TELL>": "(?:通知|联系|告诉|告知|打给|打电话给|打到|发给|发到|发送给|转告|说明|通报|同步给|拜访|找到?|问问|问一下|call)",
    "<IF>": "(?:不还|再不|否则|不然|要是|如果|若|若您|拖着|拖下去|继续逾期|再拖|今天不|明天不|不处理|不配合|不接)",
}

RULES: list[tuple[str, str, str | None, str]] = [
    # threat: menace, intimidation, veiled consequences (CBA 2026 prohibitions; 刑法 293-1)
    (
        "threat",
        r"后果自负|后果很严重|后果不堪设想|好自为之|你就等着|等着瞧|走着瞧|有<Y>好看|有<Y>好受|让<Y>好看|给<Y>点颜色",
        None,
        "",
    ),
    (
        "threat",
        r"吃不了兜着走|别怪<WE>(不客气|没提醒)|不会(再)?(对<Y>)?客气|出门(最好)?(小心|注意)|路上(小心|出什么事)",
        None,
        "",
    ),
    (
        "threat",
        r"最后通牒|特殊手段|非常手段|其他手段|别的手段|特别手段|强硬手段|采取(一些)?措施让<Y>|让<Y>(付出代价|后悔)",
        None,
        "",
    ),
    (
        "threat",
        r"(<Y>|你们)(就)?完了|死定了|弄死|打断(<Y>的?)?腿|废了<Y>|收拾<Y>|好好招呼|见一次打一次|不得安宁|鸡犬不宁",
        None,
        "",
    ),
    ("threat", r"知道<Y>(住|家|在)(在)?哪|<Y>(住|家)在哪.{0,8}(清楚|知道)|一清二楚|找不到<Y>\?|跑得了和尚", None, ""),
    (
        "threat",
        r"(派|安排|叫)(人|几个人|兄弟|同事|外访(人员|小组)?|专人).{0,6}(去|到|上|来)|(上|去)<Y>(家|公司|单位|老家)(门口)?(找|堵|蹲|坐)",
        None,
        "",
    ),
    (
        "threat",
        r"外访(小组|人员|团队).{0,10}(抵达|上门|到<Y>)|上门(拜访|催收|找<Y>|核实).{0,6}(明天|今天|后天|马上|立刻)",
        None,
        "",
    ),
    (
        "threat",
        r"也不想.{0,16}(知道|看到|丢人|丢脸|难堪)|让<Y>(在|的)?.{0,8}(抬不起头|身败名裂|社死|丢人|出名|没脸)",
        None,
        "",
    ),
    ("threat", r"<IF>[^,.!?;]{0,10}报警|<WE>(就|会|要|将|马上|直接|立即|立刻|已经|已)*报警|报警(抓|处理<Y>)", None, ""),
    ("threat", r"<IF>.{0,20}(<TELL>|上门|去|到).{0,6}(<FAM>|<WORK>)", None, ""),
    ("threat", r"(爆|炸)(<Y>的?)?(通讯录|tongxunlu)|通讯录.{0,6}(全部)?(打一遍|打个遍|群发|挨个打)", None, ""),
    # false_legal: invented or exaggerated legal consequences (CBA 2026; 征信条例 第十六条)
    (
        "false_legal",
        r"坐牢|蹲监狱|进监狱|坐监|牢饭|吃牢|班房|判刑|判(<Y>)?(几|三|五|十)年|刑拘|刑事拘留|拘留<Y>|行政拘留",
        None,
        "",
    ),
    (
        "false_legal",
        r"(公安|警方|派出所|警察|经侦|公安机关)(已经|已|将|会|马上|正在|即将)?(于.{0,8})?(介入|立案|备案|受理|调查<Y>)"
        r"|(够|足够|达到|构成|够得上)(了)?.{0,3}(拘留|判刑|坐牢|刑事立案|立案标准)",
        None,
        "lawful",
    ),
    (
        "false_legal",
        r"逮捕|抓(<Y>|人|起来|进去)|被抓|上门抓|通缉|刑事责任|刑事案件|追究刑事|刑事立案|涉嫌(诈骗|犯罪|恶意)",
        None,
        "",
    ),
    (
        "false_legal",
        r"诈骗罪|恶意透支罪|信用卡诈骗|(已经)?构成(犯罪|诈骗)|属于(诈骗|犯罪)|按诈骗|就是诈骗|是犯罪",
        None,
        "",
    ),
    (
        "false_legal",
        r"(终身|终生|永久|一辈子|永远|这辈子).{0,12}(征信|黑名单|记录|贷不了|借不了|贷款|失信|污点)"
        r"|(征信|黑名单|记录|污点).{0,10}(终身|终生|永久|一辈子|永远|这辈子|消不掉|洗不掉)",
        "cn-crr-a16",
        "",
    ),
    ("false_legal", r"黑名单", "cn-cba-2026-prohibitions", ""),
    (
        "false_legal",
        r"(影响|连累|牵连|拖累)(到)?(<Y>的?)?(<FAM>).{0,10}(征信|上学|考公|政审|入学|参军|考编|工作|贷款)",
        None,
        "",
    ),
    (
        "false_legal",
        r"(<FAM>|子女|孩子).{0,8}(征信|上学|考公|政审|入学|参军|考编).{0,6}(受影响|有影响|受牵连|上不了|考不了|过不了)",
        None,
        "",
    ),
    (
        "false_legal",
        r"(<FAM>).{0,6}(也|都)?(要|得|必须|应该|应当|需要|有义务)(替|帮|代)?(<Y>|他|她|为)?(还钱|还款|还债|偿还|还|承担|负责)"
        r"|(<FAM>).{0,6}(承担)?连带(责任)?|父债子还",
        None,
        "",
    ),
    ("false_legal", r"(坐不了|不能坐|禁止(乘坐)?)(高铁|飞机)|限制出境|出不了国|限制高消费|限高", None, "lawful"),
    (
        "false_legal",
        r"冻结(<Y>的?)?(所有|全部|名下)?的?(银行卡|账户|资产|财产|微信|支付宝|工资卡|存款)",
        None,
        "lawful",
    ),
    ("false_legal", r"(查封|扣押|没收|拍卖|强制执行|收走)(<Y>的?)?(名下)?的?(房|车|财产|工资|家)", None, "lawful"),
    (
        "false_legal",
        r"(已经|已)(被)?(正式)?(起诉|立案|报案)|(已经|已)(被)?(正式)?(提交|移交|移送)(到|给|至)?(公安|法院|司法|警方|检察院|律师|法务)"
        r"|等着收传票|传票",
        None,
        "lawful",
    ),
    (
        "false_legal",
        r"(法院|公安|警方|派出所|检察院).{0,6}(传票|上门|抓|通缉|立案|判决|开庭)|(明天|后天|下周|三天内)(就)?(开庭|判)",
        None,
        "lawful",
    ),
    (
        "false_legal",
        r"(征信|信用).{0,6}(全完|完了|毁了|彻底|清零)|银行.{0,4}(都|全)(不|没).{0,4}(开户|贷款|借)",
        None,
        "",
    ),
    # impersonation: posing as courts, police, regulators or the state (消保办法; 小贷办法 2025)
    (
        "impersonation",
        r"((我|我们|本人)(是|系|来自|代表|就是)|这里|这边|本处).{0,6}(法院|公安|派出所|警察|警方|检察院|司法所|司法局|执行局|仲裁委|金融办"
        r"|金融监管|银保监|监管局|人民银行|政府|国家|网信办|经侦)",
        None,
        "neg",
    ),
    (
        "impersonation",
        r"[\[【\"]?(法院|公安|执行局|司法|检察院|监管局|警方|政府)(的)?(通知|传唤|公告|文书)|司法催收|司法部门委托",
        None,
        "",
    ),
    (
        "impersonation",
        r"受(法院|公安|政府|国家|司法机关|监管)(委托|指定|授权)|(法院|政府|国家)(指定|委托|授权)的|官方机构|政府(扶持|批准)的?",
        None,
        "",
    ),
    (
        "impersonation",
        r"国家.{0,8}(办公室|委员会|调解中心)|(金融|债务)(风险)?(处置|调解)(办公室|委员会)|(法务部|法务)的?.{0,4}律师",
        None,
        "",
    ),
    ("impersonation", r"(我|我们)是.{0,4}(律师|律所|律师事务所)(的)?", None, "neg"),
    (
        "impersonation",
        r"(和|跟|与)(公安|派出所|警方|经侦|法院|检察院)(那边)?(已经|已)?(对接|打过招呼|联系好|联动)",
        None,
        "neg",
    ),
    # abuse: insults, contempt, degrading labels (CBA 2026 辱骂; 消保办法 受尊重权)
    (
        "abuse",
        r"老赖|赖皮|赖账|废物|垃圾|人渣|败类|穷鬼|穷逼|傻逼|傻b|sb|煞笔|脑残|不要脸|没脸|脸都不要|死皮赖脸|王八|狗东西",
        None,
        "",
    ),
    (
        "abuse",
        r"畜生|去死|滚(蛋|开|吧)|贱(人|货|骨头)?|婊|混蛋|丢人现眼|白眼狼|没良心|没出息|不得好死|窝囊|孬种|下三滥|猪脑子",
        None,
        "",
    ),
    (
        "abuse",
        r"(<Y>|你们)(就是|这种|这号|这样的|这个|个)(人|东西)?.{0,4}(骗子|无赖|流氓|小人|失信|无耻|人渣|废物)",
        None,
        "",
    ),
    (
        "abuse",
        r"最不讲诚信|不讲诚信|诚信意识淡薄|装死|装孙子|装可怜|人间蒸发|真倒霉|爹妈.{0,4}(倒霉|丢人)",
        None,
        "",
    ),
    ("abuse", r"(<Y>|你们)(真|太|可真)(恶心|无耻|下贱|丢人|可笑|不要脸)|还学人家|也配|算什么东西|什么玩意", None, ""),
    # third_party: contacting or telling anyone but the borrower (CBA 2026 third-party rule)
    (
        "third_party",
        r"<TELL>.{0,4}(<Y>的?)?(<FAM>|<WORK>)(?!.{0,2}(借|要钱|要啊|凑|筹))",
        "cn-cba-2026-third-party",
        "",
    ),
    ("third_party", r"(<FAM>|<WORK>).{0,8}(都|也|全)?(会|就)?(知道|晓得|了解相关|看到)", "cn-cba-2026-third-party", ""),
    (
        "third_party",
        r"(欠款|逾期|欠钱|欠了|借款).{0,12}(发到|发给|告诉|通知|同步给|告知|说明|传开)",
        "cn-cba-2026-third-party",
        "",
    ),
    (
        "third_party",
        r"(他|她)(欠(钱|款|了|我们)|逾期|不还)|替(他|她)还|让(他|她)(赶紧|马上|尽快)?还",
        "cn-cba-2026-third-party",
        "",
    ),
    # privacy: exposing or harvesting personal data (PIPL 第二十五条; 软暴力意见)
    ("privacy", r"(爆|炸)(<Y>的?)?(通讯录|tongxunlu)|通讯录.{0,8}(打|群发|曝光|公开|发)", "cn-pipl-a25", ""),
    (
        "privacy",
        r"(曝光|公开|公布|挂到?|发到?|贴到?|传到?).{0,10}(朋友圈|微博|抖音|网上|群|小区|村|公告栏|单位|快手|贴吧)",
        "cn-pipl-a25",
        "",
    ),
    (
        "privacy",
        r"寻人启事|欠款海报|悬赏|老赖名单|曝光台|(照片|身份证|信息|资料|欠款).{0,8}(发到|公开|曝光|挂到|贴到|传开)",
        "cn-pipl-a25",
        "",
    ),
    (
        "privacy",
        r"(上传|提供|授权|获取|读取|交出).{0,10}(通讯录|通话记录|位置|定位|好友列表|聊天记录|相册)",
        "cn-pipl-a25",
        "",
    ),
    ("privacy", r"(<FAM>).{0,6}(的)?(身份证|照片|工作单位|住址|收入)|至少\d+位(亲友|联系人)", "cn-pipl-a25", ""),
    # privacy: asking for credentials no lender needs, and tracking the borrower's life (PIPL 第五、六条 最小必要)
    (
        "privacy",
        r"(回复|提供|告诉|告知|发(给|来)?|报(给)?|说(一下|出)?|输入|交出)(我|我们|客服)?[^,.;!?]{0,10}"
        r"(密码|验证码|校验码|动态码|cvv|安全码|pin码)",
        "cn-pipl-a5-a6",
        "",
    ),
    (
        "privacy",
        r"<WE>.{0,6}(查到|看到|掌握|调取|调查|定位到|注意到|发现)(了)?<Y>?(的|在)?[^,.;!?]{0,12}"
        r"(行程|机票|航班|酒店|入住|开房|停车|车牌|消费记录|购物记录|出行记录|实时位置|定位|通话记录|聊天记录|社交账号|存款|医保记录|快递)",
        "cn-pipl-a5-a6",
        "",
    ),
    # unauthorized_offer: promises beyond authority, credit "repair", extra fees, private accounts
    (
        "unauthorized_offer",
        r"(保证|承诺|包|肯定|绝对|一定).{0,12}(不上征信|不报(送)?征信|不影响征信|征信.{0,6}(恢复|消除|删除|修复|洗白|正常)|删除.{0,6}(记录|逾期))",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"(永不|不会|不再)(上报|报送)征信|删除(历史|所有)?(的)?(逾期)?记录|征信修复|洗白征信|修复征信",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"内部价|内部渠道|特殊通道|绿色通道|零元结清|(剩(下|余)|其余).{0,12}(全部|都)?(免除|减免|豁免|不用还|不再追|免了)",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"(转|打|汇|还)(款|钱|账)(到|给|进)(我|我的|个人|指定|私人)|(转|打|汇|还)(到|给|进)(我(?!们)|个人|私人|指定).{0,4}"
        r"(账户|帐户|卡|微信|支付宝|账号)|(转|打)给我(?!们)[,.!?]|红包",
        "cn-cba-2026-prohibitions",
        "",
    ),
    (
        "unauthorized_offer",
        r"(私人|个人|对私|专用)(账户|帐户|账号|银行卡|卡|微信)|(手续费|服务费|催收费|上门费|外访费|加急费|办理费|通道费)",
        "cn-cba-2026-prohibitions",
        "",
    ),
    (
        "unauthorized_offer",
        r"(我|我个人)(可以|能)?(给<Y>)?(担保|做主|说了算|拍板)|我(帮|给)<Y>(申请到|批)?.{0,4}(免|减)",
        None,
        "",
    ),
    # debt_pressure: pushing new borrowing, asset sales or one-shot repayment (CBA 2026 借新还旧)
    (
        "debt_pressure",
        r"以贷养贷|借新还旧|拆东墙|高利贷|无视黑白户|过桥(贷|资金)?|套现|周转一下|下款(快|很快)|日息",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"(去|找|申请|办|下载|试试|推荐|用|撸)(个|一个|点|几个|一下)?(网贷|借呗|花呗|微粒贷|口子|高利贷|小贷|平台)",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"(去|找|向|跟|问)(<Y>的?)?(<FAM>|别人|其他平台|别的平台|网上|同事|平台).{0,6}(借|凑|要|贷)",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"(卖|当|抵押)(掉)?(<Y>的?)?(房|车|血|肾|首饰|手机|家当)|砸锅卖铁|想办法凑|不管<Y>怎么(弄|凑|搞|借)|借不到是",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"一分(钱)?都不能少|不接受分期|不给分期|没钱就(去)?借|(今天|马上|立刻|立即|今晚).{0,8}(全部|一次性|全额).{0,4}(还清|结清|还完)",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"(申请|办|刷|用).{0,4}(信用卡|贷款|网贷).{0,6}(还|还上|还我们)|借(钱|点)?(来)?还(我们|这笔|上)",
        None,
        "",
    ),
    # harassment: repeated, relentless contact (CBA 2026 call frequency; 治安管理处罚法)
    (
        "harassment",
        r"(每天|天天|一直|不停|反复|轮番|连环|每小时|一小时|每隔.{0,3}(分钟|小时)|24小时|二十四小时).{0,8}(打|电话|短信|上门|敲门|堵|蹲|等<Y>|找<Y>)",
        None,
        "",
    ),
    (
        "harassment",
        r"打到<Y>(接|还)|打爆|电话轰炸|短信轰炸|轰炸<Y>|换.{0,4}号.{0,4}(继续|接着)?打|(十|五|过)分钟后?再打|再打再打",
        None,
        "",
    ),
    ("harassment", r"(直到|不还).{0,10}(不停|一直打|天天打|为止)|一天(打)?(几十|上百|\d{2,})(个|次|通)", None, ""),
    # dismissal: refusing complaints, disputes, representatives or hardship (投诉办法; CONC 7.3.4)
    (
        "dismissal",
        r"投诉.{0,8}(没用|无效|不予(受理|处理)|随便|随<Y>|不受理|不管用|也没用|白投|没人理)|随便(<Y>)?(去)?投诉|爱(去)?投诉|去投诉吧",
        None,
        "",
    ),
    (
        "dismissal",
        r"(代理人|律师|代理|家属).{0,10}(不认可|不接受|不予|不沟通|无权|请勿|不理)|不接受.{0,10}代理",
        None,
        "",
    ),
    (
        "dismissal",
        r"(困难|失业|生病|住院|疾病|去世|离婚|病|丧).{0,16}(没关系|无关|不是理由|不能作为|不予采纳|不关我|关我什么事|不管|跟我说这些)",
        None,
        "",
    ),
    (
        "dismissal",
        r"(跟|和)我(们)?(有|有什么)?(什么)?关系|不予采纳|少(跟我)?来这套|别(跟我)?找借口|不是我(们)?的问题|借口",
        None,
        "",
    ),
    (
        "dismissal",
        r"(异议|争议|申诉|核实|证据).{0,8}(无效|不予|不受理|没用|不看|不认)|不是(我们|本公司)的责任|这(是|都是)<Y>(自己)?的事",
        None,
        "",
    ),
]

#: Pinyin patterns over `pinyin_stream` output: catch homophones and romanised evasions.
PINYIN_RULES: list[tuple[str, str, str | None]] = [
    (
        "threat",
        r"(women|wo|gongsi)(jiu|hui|yao|jiang|mashang|zhijie|liji)*baojing|(buhuan|zaibu|fouze|buran|yaoshi|ruguo)[a-z]{0,24}baojing"
        r"|baojing(zhua|chulini)|houguozifu|dengzheqiao|zouzheqiao|nidengzhe|haozaiweizhi",
        None,
    ),
    ("threat", r"(bao|zha)(nide)?tongxunlu", None),
    ("privacy", r"(bao|zha)(nide)?tongxunlu", "cn-pipl-a25"),
    (
        "false_legal",
        r"zuolao|dunjianyu|jinjianyu|panxing|xingju|xingshijuliu|zhuaren|shanghengzhua|xingshizeren|laofan",
        None,
    ),
    ("false_legal", r"heimingdan|(zhongshen|yongjiu|yibeizi)(de)?(zhengxin|heimingdan)", None),
    (
        "impersonation",
        r"(woshi|womenshi|zhelishi|zhebianshi|laizi)(.{0,12})(fayuan|gonganju|paichusuo|jianchayuan|jingcha)",
        None,
    ),
    ("abuse", r"laolai|renzha|shabi|naocan|buyaolian|qionggui|goudongxi|feiwu", None),
    (
        "third_party",
        r"(danwei|tongshi|lingdao|laoban|jiaren|fumu|laopo|laogong).{0,8}zhidao",
        "cn-cba-2026-third-party",
    ),
    ("harassment", r"tiantianda|yizhida|dianhuahongzha|dabaonide", None),
]
