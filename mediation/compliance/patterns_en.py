"""English rule patterns, written from FDCPA 1692c-f, Regulation F and FCA CONC 7 and collectors' idiom.

Patterns run on normalised text (lower-case, spaced-out and leetspeak words joined). `<X>` names
third parties, `<WE>` the collector speaking in the first person. Rows as in `patterns_zh`.
"""

from __future__ import annotations

MACROS = {
    "<X>": r"(?:boss|employer|manager|supervisor|hr|human resources|work|workplace|office|job|colleagues?|co-?workers?"
    r"|family|relatives|wife|husband|spouse|partner|girlfriend|boyfriend|parents?|mother|mum|mom|father|dad"
    r"|kids|children|son|daughter|brother|sister|neighbou?rs?|friends?|references?|landlord|church|pastor|in-?laws"
    r"|school|teachers?|contacts|everyone you know)",
    "<WE>": r"(?:we|i|we'll|i'll|we will|i will|we're going to|i'm going to|gonna|we may have to|we'd have to|we have to"
    r"|we've|we have|i've|i have|we had to|i had to|we'd|i'd|we'd be happy to|let me|our team will|our agents will)",
    "<TELLV>": r"(?:call|ring|phone|contact|tell|inform|notify|speak to|speak with|talk to|email|text|visit|write to|reach out to"
    r"|let|get in touch with|called|rang|phoned|contacted|told|informed|notified|spoke to|spoken to|emailed|texted|visited"
    r"|wrote to|reached out to|been in touch with|explained .{0,12} to|mention(ed)? .{0,12} to)",
}

RULES: list[tuple[str, str, str | None, str]] = [
    # threat (FDCPA 1692d(1), 1692e(4)-(5); CONC 7.3)
    (
        "threat",
        r"\b(you'?ll|you will|gonna make you|make sure you) regret|the hard way|\bor else\b|you'?ve been warned|watch your back",
        None,
        "",
    ),
    (
        "threat",
        r"\b(last|final) warning\b|be careful (out there|when you)|(i|we) know where you (live|work|park|sleep)|we know where",
        None,
        "",
    ),
    (
        "threat",
        r"(send|sending|sent) (someone|somebody|people|our (guys|boys|team|field team|agents|people|collectors))\b.{0,20}"
        r"(round|over|to your|to see you|out)|pay you a (little )?visit|knock(ing)? on your door|come (round|over) to your",
        None,
        "",
    ),
    (
        "threat",
        r"things (will |are going to |could )?(get|turn) (ugly|nasty|unpleasant|very unpleasant|messy)|you won'?t like (it|what)",
        None,
        "",
    ),
    (
        "threat",
        r"make your life (hell|difficult|miserable|a misery)|\bruin (you|your (life|reputation|career))|you'?ll be sorry",
        None,
        "",
    ),
    (
        "threat",
        r"(would(n'?t)?|don'?t) want (anything|something) (bad )?to happen|accidents happen|(hurt|break|smash) (you|your)\b",
        None,
        "",
    ),
    (
        "threat",
        r"(embarrass|humiliate|shame) you|everyone (will|is going to) (know|find out)|(we|i)('ll| will)? (call|get) the police",
        None,
        "",
    ),
    ("threat", r"\b(if you don'?t|unless you|or we'?ll|otherwise)\b.{0,40}<TELLV> (your )?<X>", None, ""),
    ("threat", r"(report|reporting) you to the (police|authorities|fbi|cops)|have you (arrested|locked up)", None, ""),
    # false_legal (1692e(2),(4),(5),(7); CONC 7.11; credit facts)
    (
        "false_legal",
        r"\b(jail|prison|arrest(ed)?|locked up|behind bars|handcuff\w*|criminal (charges?|offen[cs]e|case|record|matter))\b",
        None,
        "",
    ),
    (
        "false_legal",
        r"\b(warrant|prosecut\w+|fraud charges?|be charged with|charged with fraud|sheriff|deport\w*)\b",
        None,
        "",
    ),
    (
        "false_legal",
        r"\b(is|it'?s|that'?s|this is|counts as|considered) (a |an )?(crime|fraud|criminal|theft|illegal)\b|commit(ting|ted)? fraud",
        None,
        "",
    ),
    (
        "false_legal",
        r"\bpolice (will|are|have been|has been|would|can|is)\b|(notified|informed|contacted) the police",
        None,
        "",
    ),
    (
        "false_legal",
        r"blacklist\w*|(ruin\w*|destroy\w*|damag\w*) your credit.{0,20}(forever|for life|permanently)",
        None,
        "",
    ),
    (
        "false_legal",
        r"(forever|for life|permanently|for good)\b.{0,30}\b(credit|record|report|file|blacklist)|permanent (mark|record|stain)",
        None,
        "",
    ),
    (
        "false_legal",
        r"never (be able to )?(get|borrow|have|open)\b.{0,15}(loan|credit|mortgage|bank account|card) again",
        None,
        "",
    ),
    (
        "false_legal",
        r"<X>('s)? (credit|credit score|credit file)s? (will|would|is going to) (also )?(be|suffer|drop|go)",
        None,
        "",
    ),
    (
        "false_legal",
        r"<X> (will|would|are going to|is going to) (have to|be (made|forced) to|be liable|be responsible) (pay|for)",
        None,
        "",
    ),
    (
        "false_legal",
        r"garnish\w*|seize (your|all|the)|take (away )?your (house|home|car|kids|children|pension|wages)",
        None,
        "lawful",
    ),
    (
        "false_legal",
        r"freeze (all )?(of )?your (bank )?(accounts?|assets|cards?|wages)|repossess\w* (your|everything)",
        None,
        "lawful",
    ),
    (
        "false_legal",
        r"(already|has been|have been|was) (filed|sued|taken to court|issued)|lawsuit (has been|was|is being) filed",
        None,
        "lawful",
    ),
    (
        "false_legal",
        r"court (date|summons|hearing) (is|has been|was) (set|scheduled|issued)|judg(e)?ment against you (today|tomorrow|this week)",
        None,
        "lawful",
    ),
    (
        "false_legal",
        r"lose your (job|visa|license|licence|passport|house)|credit (score )?(drops|will drop) .{0,20}(every|each) day",
        None,
        "",
    ),
    # impersonation (1692e(1),(3),(9),(14); CONC 7.11; 7.9.2)
    (
        "impersonation",
        r"(this is|i am|i'm|we are|we're|calling from|on behalf of|officer|agent|detective|from the)\b.{0,25}"
        r"\b(police|sheriff'?s?|fbi|irs|department of justice|doj|court|bailiffs?|marshals?|government|federal agency|attorney general"
        r"|cfpb|fca|financial conduct authority|hmrc|regulator|law enforcement|enforcement (officers?|agents?)|financial crimes unit)\b",
        None,
        "neg",
    ),
    (
        "impersonation",
        r"court bailiff|high court enforcement|badge number|case officer|warrant officer|official (court|government) notice"
        r"|notice of (legal|court) proceedings|(court|government)-?(appointed|authori[sz]ed|approved) (agency|collector|agent)",
        None,
        "",
    ),
    (
        "impersonation",
        r"(i'?m|i am|this is) (a|your|an|the) (lawyer|attorney|solicitor|legal officer)|from (the|our) (legal|law) (firm|department)",
        None,
        "",
    ),
    (
        "impersonation",
        r"(we|i) (work|are working) (for|with) the (court|police|government)|federal (debt|collection) (agency|unit|office)",
        None,
        "",
    ),
    # abuse (1692d(2); CONC 7.3.4; Consumer Duty)
    (
        "abuse",
        r"\b(deadbeat|loser|scum\w*|idiot\w*|stupid|moron\w*|pathetic|worthless|lowlifes?|low-life|parasites?|liar|thief"
        r"|disgrace\w*|useless|trash|garbage|bitch|bastard|fuck\w*|shit\w*|assholes?|dumb|spongers?|scroungers?|freeloaders?|leech\w*)\b",
        None,
        "",
    ),
    (
        "abuse",
        r"shame on you|grow up|man up|how dare you|what kind of (a )?person|you people\b|ashamed of yourself|bad name"
        r"|irresponsible|no shame|go die|drop dead|nobody believes you|sob story|pull yourself together|get a (real )?job",
        None,
        "",
    ),
    # third_party (1692b, 1692c(b); Reg F 1006.6(d); CONC 7.9.6-7.9.11)
    (
        "third_party",
        r"\b<WE> ((never|not|no longer|n't|won't|don't|do not) )?(already |also |just |then |ever )?<TELLV> (to )?(your )?<X>\b",
        None,
        "neg",
    ),
    (
        "third_party",
        r"\b(your )?<X> (will|would|might|may|is going to|are going to|could) (soon )?(find out|know|hear|learn|see)",
        None,
        "",
    ),
    (
        "third_party",
        r"(want|like) (your )?<X> to (know|find out|hear|see)|(he|she) owes|owes us|about (his|her) (debt|account|loan|balance|arrears)",
        None,
        "",
    ),
    (
        "third_party",
        r"(at|to|through) your (work|office|employer|workplace)\b.{0,20}(debt|owe|balance|arrears|account)",
        None,
        "",
    ),
    # privacy (1692c(b), 1692f(8); CONC 7.9.7; UK GDPR)
    (
        "privacy",
        r"(post|share|publish|put|plaster|upload|spread)(ing|ed)?\b.{0,30}(facebook|instagram|twitter|social media|online|internet"
        r"|tiktok|linkedin|whatsapp|group chat|newspaper|notice board|noticeboard)",
        None,
        "",
    ),
    (
        "privacy",
        r"contact list|phone ?book|address book|call (logs?|history)|(upload|send|give|share)\b.{0,20}(contacts|location|photos of)",
        None,
        "",
    ),
    (
        "privacy",
        r"(share|send|pass|disclose|give|forward)(d|ing)? (on )?(your )?(details|information|data|debt|account details|file) "
        r"(on )?(to|with) (your )?(<X>|everyone|others|third part|other (lenders|companies))",
        None,
        "",
    ),
    (
        "privacy",
        r"(list|wall|name) of (shame|debtors)|wanted poster|your (photo|picture|name|face|debt) (on|all over|posted)",
        None,
        "",
    ),
    # privacy: credentials no lender needs, and tracking the borrower's life (Reg F 1006.6(d); CONC 7.3.4)
    (
        "privacy",
        r"\b(send|give|tell|text|read out|share|provide|confirm|reply with)\b[^,.;!?]{0,25}\b(passwords?|passcodes?|pin|one-time (pass)?code"
        r"|verification code|security code|cvv|login details)\b",
        None,
        "",
    ),
    (
        "privacy",
        r"\b(we|i)('ve| have)? (tracked|traced|followed|monitored|been watching|looked at|checked|saw|noticed|can see)\b[^,.;!?]{0,30}"
        r"\b(your (location|flights?|hotel|travel|holiday|vacation|purchases|spending|instagram|facebook|social media|posts"
        r"|phone records|call logs|car|parking|deliveries))",
        None,
        "",
    ),
    # unauthorized_offer (1692e(2)(A), 1692f(1); CONC 7.4)
    (
        "unauthorized_offer",
        r"(guarantee|promise|assure|swear|i'?ll make sure)\w*\b.{0,40}(won'?t (affect|show|appear|be reported|hurt)"
        r"|(remove|delete|clean|wipe|erase|fix|repair)\w*)",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"(remove|delete|wipe|erase|clean|scrub)\w* .{0,20}(credit (report|file|record|history)|negative (marks?|entries|records?))",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"(pay|send|transfer|wire|venmo|zelle|cash ?app|paypal)\w*\b.{0,25}(my personal|my own|personal account|to me directly"
        r"|directly to me|gift cards?)|gift cards?",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"(processing|convenience|collection|admin|administration|service|settlement|handling|call-?out) fee",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"(waive|forgive|write off|cancel|wipe out|drop|forget about)\w* (the )?(rest|remainder|remaining|everything|all of it)"
        r"|(special|secret|internal|insider|vip) (deal|discount|rate|price|offer)|off the books|between you and me|just between us",
        None,
        "",
    ),
    (
        "unauthorized_offer",
        r"(i can|i'?ll|let me) (personally )?(knock|take|shave)\b.{0,20}\boff|i('?ll| will| can) personally (approve|guarantee|authori[sz]e)",
        None,
        "",
    ),
    # debt_pressure (CONC 7.3.10; 1692d/f)
    (
        "debt_pressure",
        r"payday (loan|lender)|cash advance|title loan|pawn\w*|remortgage|max(ing)? out|another (loan|credit card)",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"(borrow|get|ask for|beg)\b.{0,20}from (your )?(friends|family|parents|relatives|boss|mum|mom|dad|brother|sister|anyone)",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"(ask|get) (your )?(friends|family|parents|relatives) (for|to lend|to help)|take out (a|another) (new )?loan|new loan",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"sell (your|some|the) (car|house|home|jewel\w*|stuff|belongings|possessions|things|phone|tv)|i don'?t care how|whatever it takes",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"use your (rent|food|grocery|benefit|benefits|pension|savings|kids'?) ?(money)?|skip (rent|meals|groceries|a meal)",
        None,
        "",
    ),
    (
        "debt_pressure",
        r"(full|entire|whole) (balance|amount|payment) (today|now|tonight|by (tonight|tomorrow|end of))|no (payment )?plans?\b"
        r"|(we|i) don'?t (do|offer|accept) (payment )?plans|find the money|(it'?s )?not (my|our) problem how",
        None,
        "",
    ),
    # harassment (1692d(5); Reg F 1006.14; CONC 7.9.4)
    (
        "harassment",
        r"(call|ring|text|message|email|visit|phone)(ing)? you (every|each) (hour|day|morning|night|\d+ (minutes|hours)|few (minutes|hours))",
        None,
        "",
    ),
    (
        "harassment",
        r"keep (on )?(calling|ringing|texting|phoning)|(call|ring|phone|text)(ing)? (you )?(non-?stop|all day|all night|over and over"
        r"|again and again|until you (pick up|answer|pay|respond))|blow(ing)? up your phone",
        None,
        "",
    ),
    (
        "harassment",
        r"(every|each) (hour|day|night),? .{0,15}until you pay|(new|different) numbers? (until|so)|wait(ing)? outside your"
        r"|follow(ing)? you\b|(turn|show)(ing)? up at your (work|office|job|house|door)|\d+ (calls|times) (a|per|an) (day|hour)",
        None,
        "",
    ),
    # dismissal (Reg F 1006.38; CONC 7.3.4, 7.14; DISP 1)
    (
        "dismissal",
        r"complain\w*\b.{0,30}(won'?t (help|work|change|matter|do anything|get you anywhere)|(is|are) (pointless|useless|going nowhere"
        r"|a waste)|all you want|waste of (time|paper)|be ignored|not be (accepted|considered|processed)|nobody (cares|reads))",
        None,
        "",
    ),
    (
        "dismissal",
        r"go ahead and (complain|dispute|report)|complain all you want|(don'?t|do not|won'?t|will not|can'?t) (deal|speak|talk|work)"
        r" (with|to) (your |a |any )?(lawyer|attorney|representative|debt adviser|advis[eo]r|third part\w*|stepchange|charity|solicitor)",
        None,
        "",
    ),
    (
        "dismissal",
        r"(disput|challeng)\w* .{0,25}(won'?t|doesn'?t|will not|does not) (stop|change|matter|help|pause)|(disputes?|complaints?) "
        r"(are|is) (not|never) (accepted|valid|considered)|ignore (your|the|this) (dispute|complaint|letter|request)",
        None,
        "",
    ),
    (
        "dismissal",
        r"(not|isn'?t) (my|our) (problem|concern|issue)|(illness|hardship|situation|job loss|divorce|bereavement|circumstances|health)"
        r" (is|are)(n'?t| not) (my|our)|(don'?t|do not) care (about|if|that|what)|excuses?\b|(we|i) (don'?t|do not|won'?t) (accept|consider)"
        r" (any )?(payment )?(plans|offers|proposals|arrangements)",
        None,
        "",
    ),
]

PINYIN_RULES: list[tuple[str, str, str | None]] = []
