"""The mediation pipeline for one message: understand -> retrieve -> decide -> draft -> guard -> record.

1. understand: intent (vulnerability first), identity status, a request for a human, injection (after
   one, the conversation's claims of representation or bereavement are not trusted; self-harm always is).
2. retrieve: the clauses the reply rests on (the intent's policy clause first, then search).
3. decide: escalation, and the plan options the policy engine allows for this speaker's authority.
4. draft: the LLM when configured, else the deterministic composer.
5. guard: score the draft, check numbers/offers/injection; one regeneration, then the composer.
6. record: the whole exchange in the hash-chained log, in the same transaction as the state change.
If the scorer fails or the record cannot be written, nothing is sent.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlmodel import Session

from mediation.audit import append_record
from mediation.composer import LENDER, Situation, compose
from mediation.conversations import offered_options, state_of
from mediation.errors import Conflict, ServiceUnavailable, ValidationFailed
from mediation.guard import Verdict, allowed_numbers, check_draft, numbers_in
from mediation.injection import injection_cues
from mediation.llm import LLMClient, LLMError
from mediation.models import Conversation
from mediation.plans import PlanDesk
from mediation.prompts import PromptLibrary
from mediation.retrieval import Retriever

log = logging.getLogger(__name__)

ESCALATING_INTENTS = {
    "vulnerability": "vulnerability",
    "identity_theft": "identity_theft",
    "third_party_agent": "representative",
    "complaint": "complaint",
}
IDENTITY_AFTER_INTENT = {"identity_theft": "wrong_party", "third_party_agent": "third_party"}
INTENT_POLICY_DOC = {
    "vulnerability": "vulnerable", "identity_theft": "identity-theft", "third_party_agent": "representatives",
    "complaint": "complaints", "dispute": "dispute", "hardship": "hardship-evidence", "plan_request": "instalments",
    "payment_promise": "contact-rules", "abusive_borrower": "escalation", "general": "overview",
}  # fmt: skip
HUMAN_REQUEST = re.compile(
    r"转人工|人工客服|找人工|真人|活人|找(?:你们)?(?:领导|主管|经理)|human|real person|speak to (?:a |an )?(?:agent|person|someone|manager)",
    re.IGNORECASE,
)
DECEASED = re.compile(
    r"(?:(?:我|他|她)的?(?:爸|妈|父亲|母亲|老公|丈夫|妻子|老婆|儿子|女儿|哥|姐|弟|妹)|借款人|本人).{0,12}(?:去世|过世|走了|身故|离世|死了)"
    r"|(?:my )?(?:father|mother|dad|mum|mom|husband|wife|son|daughter|brother|sister|the borrower).{0,30}(?:passed away|died|has died|is dead)",
    re.IGNORECASE,
)
#: Cases where a model's wording is never used: safety, identity and legal-rights replies are vetted text.
VETTED_ONLY = frozenset({"vulnerability", "identity_theft", "third_party_agent", "complaint", "dispute"})
SAFE_FALLBACK = {
    "zh": "谢谢您的消息。我已记录您的情况，会由同事尽快与您联系，请放心。",
    "en": "Thank you for your message. I've noted your situation and a colleague will be in touch soon.",
}


@dataclass
class Draft:
    text: str
    source: str
    verdict: Verdict


class MediationEngine:
    """Answers borrower messages and logs agent messages for one deployment."""

    def __init__(self, *, scorer: Any, intents: Any, plans: PlanDesk, retriever: Retriever | None,
                 llm: LLMClient | None, prompts: PromptLibrary):  # fmt: skip
        self.scorer = scorer
        self.intents = intents
        self.plans = plans
        self.retriever = retriever
        self.llm = llm
        self.prompts = prompts

    # -- scoring, fail closed --------------------------------------------------------------
    def score(self, text: str, *, speaker: str, lang: str, context: dict | None = None) -> dict:
        """The Risk dict for `text`; any scorer failure becomes a 503 and nothing is sent."""
        try:
            return self.scorer.score(text, speaker=speaker, lang=lang, context=context).as_dict()
        except Exception as exc:  # the scorer is a gate: whatever broke, fail closed
            log.error("compliance scorer failed: %s", exc)
            raise ServiceUnavailable(
                "the compliance scorer is unavailable; nothing was sent", code="scorer_unavailable"
            ) from exc

    # -- borrower messages -------------------------------------------------------------------
    def handle_borrower(self, *, session: Session, conversation: Conversation, text: str,
                        actor: str | None = None) -> dict:  # fmt: skip
        """Run the whole pipeline for one borrower message and return the API response.

        `actor` names the person who entered the message for the borrower (agent assist), if any.
        """
        started = time.perf_counter()
        lang, state = conversation.lang, state_of(conversation)
        vector = self._query_vector(text)
        injected = injection_cues(text)
        intent = self.intents.classify(text, lang=lang, vector=vector, distrust=state.get("injection_seen", False))
        label = intent.label
        if injected:
            state["injection_seen"] = True
        if HUMAN_REQUEST.search(text):
            state["human_requests"] = state.get("human_requests", 0) + 1
        if label in IDENTITY_AFTER_INTENT:
            conversation.identity_status = IDENTITY_AFTER_INTENT[label]
        if label == "dispute":
            state["dispute_open"] = True

        reason = self._escalation_reason(label, text, state, conversation)
        if reason and conversation.status != "escalated":
            conversation.status, conversation.escalation_reason = "escalated", reason
        escalate = conversation.status == "escalated"
        verified = conversation.identity_status == "token_holder" or (
            conversation.channel == "agent_assist"
            and conversation.identity_status not in IDENTITY_AFTER_INTENT.values()
        )
        account = json.loads(conversation.account_json or "{}")
        authority = "agent" if conversation.channel == "agent_assist" else "assistant"
        options = []
        if (
            verified
            and not escalate
            and not state.get("dispute_open")
            and label in ("hardship", "plan_request")
            and account
        ):
            hardship = label == "hardship" or state.get("hardship", False)
            options = self.plans.options(account, authority=authority, hardship_stated=hardship, lang=lang)
        if label == "hardship":
            state["hardship"] = True
        citations, passages = self._citations(text, label, lang, vector)

        situation = Situation(
            lang=lang, intent=label, verified=verified, escalate=escalate,
            escalation_reason=conversation.escalation_reason, options=[o["summary"] for o in options],
        )  # fmt: skip
        allowed = allowed_numbers([*(json.dumps(o, ensure_ascii=False) for o in options), *(p["text"] for p in passages),
                                   json.dumps(account) if verified else ""])  # fmt: skip

        # A draft that offers nothing the policy engine computed is not an answer to a plan request.
        amounts = {n for o in options for n in numbers_in(o["summary"]) if "." in n or int(n) >= 100}

        def verdict(draft: str, source: str) -> Verdict:
            return check_draft(draft, score=lambda t: self.score(t, speaker="assistant", lang=lang), allowed=allowed,
                               borrower_message=text, lang=lang, required=amounts if source == "llm" else set())  # fmt: skip

        drafts, final, source_reason = self._draft(situation, text, passages, verdict)
        if options:
            known = offered_options(conversation)
            known.update({o["id"]: o for o in options})
            conversation.offered_json = json.dumps(list(known.values()), ensure_ascii=False)
        conversation.state_json = json.dumps(state, ensure_ascii=False)
        reply = {"text": final.text, "citations": citations, "risk": final.verdict.risk, "source": final.source}
        payload = {
            "conversation_id": conversation.id, "channel": conversation.channel, "kind": "message",
            "speaker": "borrower", "text": text, "lang": lang, "intent": intent.as_dict(),
            "identity_status": conversation.identity_status, "escalate": escalate,
            "escalation_reason": conversation.escalation_reason, "citations": citations, "offers": options,
            "drafts": [{"source": d.source, "text": d.text, "risk": d.verdict.risk, "problems": d.verdict.problems} for d in drafts],
            "reply": {**reply, "source_reason": source_reason}, "risk": final.verdict.risk,
            "injection_suspected": bool(injected), "injection_cues": injected, "model": self.llm.model if self.llm else None,
            "prompt_versions": self.prompts.versions, "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        }  # fmt: skip
        if actor:
            payload["actor"] = actor
        exchange = self._record(session, conversation, payload)
        return {
            "message_id": exchange.seq,
            "intent": {"label": label, "confidence": round(float(intent.confidence), 4)},
            "escalate": escalate,
            "escalation_reason": conversation.escalation_reason,
            "reply": reply,
            "plan_options": [{k: o[k] for k in ("id", "kind", "summary", "terms")} for o in options],
        }

    def _escalation_reason(self, label: str, text: str, state: dict, conversation: Conversation) -> str | None:
        if label == "vulnerability" and DECEASED.search(text):
            return "deceased"
        if label in ESCALATING_INTENTS:
            return ESCALATING_INTENTS[label]
        if state.get("human_requests", 0) >= 2:
            return "human_requested"
        return None

    def _query_vector(self, text: str) -> np.ndarray | None:
        """The message's query embedding, computed once for the classifier and the retriever."""
        encoder = getattr(self.intents, "encoder", None)
        return encoder.encode_queries([text]) if encoder is not None and text.strip() else None

    def _citations(
        self, text: str, label: str, lang: str, vector: np.ndarray | None = None
    ) -> tuple[list[dict], list[dict]]:
        if self.retriever is None:
            return [], []
        doc_id = f"policy-{lang}-{INTENT_POLICY_DOC.get(label, 'overview')}"
        first = self.retriever.index.first_chunk(doc_id)
        passages = [first] if first else []
        # Reuse the classifier's vector when both use the same encoder (the search embeds only the gist).
        shared = vector is not None and self.retriever.encoder is getattr(self.intents, "encoder", None)
        query_vector = vector if shared else None
        found = [
            p.as_dict() for p in self.retriever.search(text, k=3, filters={"lang": lang}, query_vector=query_vector)
        ]
        rows = [{"doc_id": c.doc_id, "title": c.title, "citation": c.citation, "text": c.text} for c in passages]
        rows += [r for r in found if r["doc_id"] != doc_id][: 3 - len(rows)]
        return [{k: r[k] for k in ("doc_id", "title", "citation")} for r in rows], rows

    def _draft(
        self, situation: Situation, message: str, passages: list[dict], verdict
    ) -> tuple[list[Draft], Draft, str]:
        drafts: list[Draft] = []
        reason = "no LLM configured"
        if self.llm is not None and (situation.escalate or situation.intent in VETTED_ONLY):
            reason = "sensitive case: vetted composer wording only"
        elif self.llm is not None:
            problems: list[str] = []
            for _attempt in range(2):
                try:
                    text = self._llm_draft(situation, message, passages, problems)
                except LLMError as exc:
                    log.warning("LLM unavailable, the composer answers: %s", exc)
                    reason = f"llm error: {exc}"[:300]
                    break
                draft = Draft(text, "llm", verdict(text, "llm"))
                drafts.append(draft)
                if draft.verdict.ok:
                    return drafts, draft, "llm draft passed the guard"
                problems = draft.verdict.problems
                reason = "llm drafts failed the guard: " + "; ".join(problems)[:300]
        text = compose(situation)
        composed = Draft(text, "composer", verdict(text, "composer"))
        drafts.append(composed)
        if composed.verdict.ok:
            return drafts, composed, reason
        log.error("composer draft failed the guard: %s", composed.verdict.problems)
        fallback = SAFE_FALLBACK[situation.lang if situation.lang in SAFE_FALLBACK else "en"]
        safe = Draft(fallback, "composer", verdict(fallback, "composer"))
        drafts.append(safe)
        if not safe.verdict.ok:
            raise ServiceUnavailable("no reply passed the compliance guard; nothing was sent", code="guard_blocked")
        return drafts, safe, reason + "; composer fallback message"

    def _llm_draft(self, situation: Situation, message: str, passages: list[dict], problems: list[str]) -> str:
        lang = situation.lang
        system = self.prompts.render("system", lang=lang, lender=LENDER.get(lang, LENDER["en"]))
        user = self.prompts.render(
            "reply", lang=lang, message=message, intent=situation.intent, verified=situation.verified,
            escalate=situation.escalate, escalation_reason=situation.escalation_reason or "",
            options=situation.options, passages=passages, problems=problems,
        )  # fmt: skip
        return self.llm.complete([{"role": "system", "content": system}, {"role": "user", "content": user}])

    # -- agent messages and plan acceptance ---------------------------------------------------
    def handle_agent(self, *, session: Session, conversation: Conversation, text: str, context: dict | None,
                     actor: str | None = None) -> dict:  # fmt: skip
        """Score and log the agent's own message (`actor`: who sent it); a high-risk message is blocked, not sent."""
        risk = self.score(text, speaker="agent", lang=conversation.lang, context=context)
        blocked = risk["level"] in ("high", "critical")
        payload = {"conversation_id": conversation.id, "channel": conversation.channel, "kind": "agent_message",
                   "speaker": "agent", "text": text, "lang": conversation.lang, "context": context or {},
                   "risk": risk, "blocked": blocked}  # fmt: skip
        if actor:
            payload["actor"] = actor
        exchange = self._record(session, conversation, payload)
        if blocked:
            raise ValidationFailed(
                "the message was not sent: it breaches collection rules (see risk)",
                code="message_blocked", details={"risk": risk, "message_id": exchange.seq},
            )  # fmt: skip
        return {"message_id": exchange.seq, "intent": None, "escalate": conversation.status == "escalated",
                "escalation_reason": conversation.escalation_reason,
                "reply": {"text": text, "citations": [], "risk": risk, "source": "agent"}, "plan_options": []}  # fmt: skip

    def accept_plan(self, *, session: Session, conversation: Conversation, option_id: str, speaker: str,
                    actor: str | None = None) -> dict:  # fmt: skip
        """Record acceptance of an option this conversation offered; 409 otherwise."""
        option = offered_options(conversation).get(option_id)
        if option is None:
            raise Conflict("that option was not offered in this conversation")
        if conversation.accepted_option_id:
            raise Conflict("a plan was already accepted in this conversation")
        conversation.accepted_option_id = option_id
        text = {"zh": f"已记录您选择的方案：{option['summary']}。我们会尽快审核并通知您。",
                "en": f"Your choice is recorded: {option['summary']}. We'll review it and let you know shortly."}[conversation.lang if conversation.lang in ("zh", "en") else "en"]  # fmt: skip
        risk = self.score(text, speaker="assistant", lang=conversation.lang)
        payload = {"conversation_id": conversation.id, "channel": conversation.channel, "kind": "plan_accepted",
                   "speaker": speaker, "text": option_id, "lang": conversation.lang, "offers": [option],
                   "reply": {"text": text, "source": "composer", "risk": risk}, "risk": risk}  # fmt: skip
        if actor:
            payload["actor"] = actor
        exchange = self._record(session, conversation, payload)
        return {
            "message_id": exchange.seq,
            "accepted": option,
            "reply": {"text": text, "risk": risk, "source": "composer"},
        }

    def _record(self, session: Session, conversation: Conversation, payload: dict):
        """Write the state change and the log record in one transaction, or send nothing."""
        try:
            session.add(conversation)
            exchange = append_record(session=session, payload=payload)
            session.commit()
            return exchange
        except Exception as exc:
            session.rollback()
            log.error("could not record the exchange: %s", exc)
            raise ServiceUnavailable(
                "the exchange could not be recorded; nothing was sent", code="record_failed"
            ) from exc
