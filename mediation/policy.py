"""The deterministic policy engine: which repayment options a speaker may offer on an account.

Every number comes from `knowledge/policy.yaml`; nothing here is negotiable by text. Amounts are
`Decimal`, rounded to the currency's minor units with ROUND_HALF_UP, except waiver caps, which are
rounded down so a waiver never exceeds its share. An instalment schedule sums exactly to the financed
amount: the rounding remainder goes on the last instalment.

Accounts are dicts as in CONTRACT.md: `principal`, `outstanding`, `overdue_days`, `currency`,
`product`, optionally `penalty_interest`, `fees`, `interest`. When penalty interest and fees are
absent, `outstanding - principal - interest` (never below zero) is taken as penalty plus fees.
`outstanding` below `principal` is allowed (part of the principal has been repaid); negative or
non-numeric values, and explicit components that add up to more than `outstanding`, are rejected.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from mediation.errors import ConfigurationError, ValidationFailed


class UnsupportedCurrency(ValidationFailed):
    code = "unsupported_currency"


@dataclass(frozen=True)
class Account:
    """A validated account with its amounts as Decimals."""

    principal: Decimal
    outstanding: Decimal
    overdue_days: int
    currency: str
    product: str
    waivable: Decimal  # penalty interest + late fees


@dataclass(frozen=True)
class PlanOption:
    """One offer the engine computed; `authority` is the lowest level that may make it."""

    id: str
    kind: str
    terms: dict[str, Any]
    authority: str
    summary_zh: str
    summary_en: str
    needs_evidence: bool = False

    def summary(self, lang: str = "zh") -> str:
        return self.summary_en if lang == "en" else self.summary_zh

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The contract's `plan_options` item, Decimals as strings."""
        return {"id": self.id, "kind": self.kind, "summary": self.summary(lang), "terms": _jsonable(self.terms)}


@dataclass(frozen=True)
class Escalation:
    """A request beyond the speaker's authority: pass it on, never promise it."""

    reason: str
    required_authority: str
    detail: str = ""


@dataclass(frozen=True)
class Ineligible:
    """A request no conversation level may grant on this account as it stands."""

    reason: str
    detail: str = ""


Decision = PlanOption | Escalation | Ineligible


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValidationFailed(f"account.{name} must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationFailed(f"account.{name} must be a number") from exc
    if not number.is_finite():
        raise ValidationFailed(f"account.{name} must be finite")
    if number < 0:
        raise ValidationFailed(f"account.{name} must not be negative")
    return number


@dataclass
class PolicyEngine:
    """Offers, checks and escalations computed from the policy data."""

    data: dict[str, Any]
    levels: list[str] = field(init=False)

    def __post_init__(self) -> None:
        try:
            self.levels = list(self.data["authority_levels"])
            self._currencies = dict(self.data["currencies"])
            self._inst = self.data["instalments"]
            self._defer = self.data["deferral"]
            self._reduce = self.data["reduction"]
        except (KeyError, TypeError) as exc:
            raise ConfigurationError(f"policy data is missing {exc}") from exc

    @classmethod
    def from_yaml(cls, path: Path | str) -> PolicyEngine:
        """Load the policy file (`MEDIATION_POLICY`)."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigurationError(f"cannot read policy file {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise ConfigurationError(f"policy file {path} is not a mapping")
        return cls(data)

    # ----------------------------------------------------------------- accounts and money
    def account(self, raw: Mapping[str, Any] | Account) -> Account:
        """Validate an account dict (raises `ValidationFailed` / `UnsupportedCurrency`)."""
        if isinstance(raw, Account):
            return raw
        if not isinstance(raw, Mapping):
            raise ValidationFailed("account must be an object")
        for key in ("principal", "outstanding", "overdue_days", "currency"):
            if key not in raw:
                raise ValidationFailed(f"account.{key} is required")
        currency = str(raw["currency"]).upper()
        if currency not in self._currencies:
            known = ", ".join(sorted(self._currencies))
            raise UnsupportedCurrency(f"currency {raw['currency']!r} is not supported (known: {known})")
        principal = self.money(_decimal(raw["principal"], "principal"), currency)
        outstanding = self.money(_decimal(raw["outstanding"], "outstanding"), currency)
        overdue = raw["overdue_days"]
        if isinstance(overdue, bool) or not isinstance(overdue, int | float) or not math.isfinite(overdue):
            raise ValidationFailed("account.overdue_days must be a whole number of days")
        if overdue < 0 or int(overdue) != overdue:
            raise ValidationFailed("account.overdue_days must be a whole number of days, not negative")
        interest = self.money(_decimal(raw.get("interest", 0), "interest"), currency)
        if "penalty_interest" in raw or "fees" in raw:
            penalty = _decimal(raw.get("penalty_interest", 0), "penalty_interest")
            fees = _decimal(raw.get("fees", 0), "fees")
            waivable = self.money(penalty + fees, currency)
            if waivable + interest > outstanding:
                raise ValidationFailed("penalty interest, fees and interest exceed the outstanding balance")
        else:
            waivable = max(outstanding - principal - interest, Decimal(0))
        return Account(principal, outstanding, int(overdue), currency, str(raw.get("product", "")), waivable)

    def quantum(self, currency: str) -> Decimal:
        return Decimal(1).scaleb(-int(self._currencies[currency]["minor_units"]))

    def money(self, amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
        """Round to the currency's minor units."""
        return amount.quantize(self.quantum(currency), rounding=rounding)

    def _level(self, authority: str) -> int:
        if authority not in self.levels:
            raise ValidationFailed(f"unknown authority {authority!r} (known: {', '.join(self.levels)})")
        return self.levels.index(authority)

    def _gate(self, option: PlanOption, rank: int, evidence: bool, evidence_note: str) -> Decision:
        """The option itself, or an escalation beyond `rank`, or a refusal when evidence is missing."""
        if self._level(option.authority) > rank:
            return Escalation("beyond_authority", option.authority, option.id)
        if option.needs_evidence and not evidence:
            return Ineligible("evidence_required", evidence_note)
        return option

    # ------------------------------------------------------------------------ schedules
    def schedule(self, amount: Decimal, months: int, currency: str) -> list[Decimal]:
        """Equal monthly instalments; the rounding remainder goes on the last one."""
        if months < 1:
            raise ValidationFailed("a schedule needs at least one instalment")
        regular = self.money(amount / months, currency)
        return [regular] * (months - 1) + [amount - regular * (months - 1)]

    def instalment_eligible(self, acc: Account) -> bool:
        minimum = Decimal(self._inst["min_outstanding"][acc.currency])
        return acc.overdue_days >= int(self._inst["min_overdue_days"]) and acc.outstanding >= minimum

    def _term_authority(self, months: int) -> str | None:
        """The lowest level allowed to grant `months`, or None when no level may."""
        if months < int(self._inst["min_months"]):
            return None
        for name in self.levels:
            rule = self._inst["levels"][name]
            if months in rule["terms"] or (rule["any_term"] and months <= int(rule["max_months"])):
                return name
        return None

    def _instalment_option(self, acc: Account, months: int) -> PlanOption | None:
        payments = self.schedule(acc.outstanding, months, acc.currency)
        if min(payments) < Decimal(self._inst["min_instalment"][acc.currency]):
            return None
        authority = self._term_authority(months)
        if authority is None:
            return None
        terms = {
            "months": months,
            "currency": acc.currency,
            "financed": acc.outstanding,
            "instalment": payments[0],
            "last_instalment": payments[-1],
            "schedule": payments,
            "fee": self.money(Decimal(self._inst["plan_fee"]), acc.currency),
            "first_payment_within_days": int(self._inst["first_payment_within_days"]),
            "penalty_interest_stops": bool(self._inst["penalty_interest_stops_on_acceptance"]),
        }
        return PlanOption(f"inst-{months}m", "instalments", terms, authority, *self._texts("instalments", terms))

    def _deferral_option(self, acc: Account, days: int) -> PlanOption:
        authority = next(n for n in self.levels if days <= int(self._defer["max_days"][n]))
        terms = {"days": days, "currency": acc.currency, "amount": acc.outstanding}
        needs = days > int(self._defer["evidence_above_days"])
        return PlanOption(f"defer-{days}d", "deferral", terms, authority, *self._texts("deferral", terms), needs)

    def _reduction_option(self, acc: Account, share: Decimal) -> PlanOption:
        authority = next(n for n in self.levels if share <= Decimal(self._reduce["max_share"][n]))
        waived = self.money(acc.waivable * share, acc.currency, ROUND_DOWN)
        terms = {
            "share": share,
            "currency": acc.currency,
            "waivable": acc.waivable,
            "waived": waived,
            "remaining": acc.outstanding - waived,
            "condition": self._reduce["condition"],
        }
        needs = share > Decimal(self._reduce["evidence_above_share"])
        pct = f"{(share * 100).normalize():f}".replace(".", "p")
        return PlanOption(f"waive-{pct}pct", "reduction", terms, authority, *self._texts("reduction", terms), needs)

    # -------------------------------------------------------------------------- offers
    def options(
        self,
        account: Mapping[str, Any] | Account,
        *,
        authority: str = "assistant",
        hardship_stated: bool = False,
        evidence: bool = False,
        deferrals_last_12m: int = 0,
    ) -> list[PlanOption]:
        """Every option the speaker may offer on this account now, in a stable order."""
        acc = self.account(account)
        rank = self._level(authority)
        offers: list[PlanOption] = []
        if self.instalment_eligible(acc):
            for months in self._inst["levels"][authority]["terms"]:
                option = self._instalment_option(acc, int(months))
                if option is not None:
                    offers.append(option)
        if self._deferral_allowed(acc, hardship_stated, deferrals_last_12m) is None:
            for days in self._defer["offered_days"]:
                option = self._deferral_option(acc, int(days))
                if self._level(option.authority) <= rank and (evidence or not option.needs_evidence):
                    offers.append(option)
        if acc.waivable > 0:
            for share in self._reduce["offered_shares"]:
                option = self._reduction_option(acc, Decimal(share))
                if self._level(option.authority) <= rank and (evidence or not option.needs_evidence):
                    offers.append(option)
        return offers

    def _deferral_allowed(self, acc: Account, hardship_stated: bool, deferrals: int) -> Ineligible | None:
        if acc.overdue_days < int(self._defer["min_overdue_days"]) or acc.outstanding <= 0:
            return Ineligible("not_overdue", "a deferral moves the due date of an overdue amount")
        if deferrals >= int(self._defer["max_per_rolling_12_months"]):
            return Ineligible("deferral_frequency", "at most one deferral per rolling 12 months")
        if self._defer["requires_stated_hardship"] and not hardship_stated:
            return Ineligible("hardship_reason_required", "the borrower must state a hardship reason")
        return None

    def evaluate_request(
        self,
        kind: str,
        requested: Mapping[str, Any],
        account: Mapping[str, Any] | Account,
        authority: str = "assistant",
        *,
        hardship_stated: bool = False,
        evidence: bool = False,
        deferrals_last_12m: int = 0,
    ) -> Decision:
        """Decide a borrower's specific request: an offer, an escalation, or why it cannot be granted.

        `requested` is `{"months": n}` for instalments, `{"days": n}` for a deferral, and
        `{"share": 0.5}`, `{"amount": x}` or `{"principal": true}` for a reduction.
        """
        acc = self.account(account)
        rank = self._level(authority)
        if kind == "instalments":
            months = _whole(requested.get("months"), "months")
            if not self.instalment_eligible(acc):
                return Ineligible("not_eligible", "instalments need 1+ days overdue and the minimum balance")
            needed = self._term_authority(months)
            if needed is None:
                return Ineligible("term_not_available", f"{months} months is outside every level's terms")
            option = self._instalment_option(acc, months)
            if option is None:
                return Ineligible("below_minimum_instalment", "a shorter term keeps instalments above the minimum")
            return option if self._level(needed) <= rank else Escalation("beyond_authority", needed, option.id)
        if kind == "deferral":
            days = _whole(requested.get("days"), "days")
            refusal = self._deferral_allowed(acc, hardship_stated, deferrals_last_12m)
            if refusal is not None:
                return refusal
            if days < 1 or days > max(int(v) for v in self._defer["max_days"].values()):
                return Ineligible("term_not_available", f"a deferral of {days} days is outside policy")
            option = self._deferral_option(acc, days)
            return self._gate(option, rank, evidence, "deferrals over 30 days need hardship evidence")
        if kind == "reduction":
            if requested.get("principal") or requested.get("interest"):
                body = str(self.data.get("principal_reduction_body", "hardship_committee"))
                return Escalation("principal_reduction", body, "only a written application can reduce principal")
            if acc.waivable <= 0:
                return Ineligible("nothing_to_waive", "only penalty interest and late fees may be waived")
            share = self._requested_share(acc, requested)
            if share <= 0 or share > 1:
                return Ineligible("not_waivable", "a waiver is limited to penalty interest and late fees")
            option = self._reduction_option(acc, share)
            return self._gate(option, rank, evidence, "a waiver above 30 % needs hardship evidence")
        raise ValidationFailed(f"unknown option kind {kind!r}")

    def _requested_share(self, acc: Account, requested: Mapping[str, Any]) -> Decimal:
        if "amount" in requested:
            amount = _decimal(requested["amount"], "amount")
            if amount > acc.waivable:
                return Decimal(2)  # more than penalty + fees: would touch principal or interest
            return (amount / acc.waivable).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        return _decimal(requested.get("share"), "share")

    # ------------------------------------------------------------------- verification
    def check_offer(
        self, offer: PlanOption | Mapping[str, Any], account: Mapping[str, Any] | Account, authority: str, **context
    ) -> bool:
        """True when `offer` (an option or its terms) is exactly one the engine offers this speaker."""
        terms = offer.terms if isinstance(offer, PlanOption) else offer
        wanted = _jsonable(dict(terms))
        for option in self.options(account, authority=authority, **context):
            have = _jsonable(option.terms)
            if wanted and all(k in have and _same(have[k], v) for k, v in wanted.items()):
                return True
        return False

    def allowed_amounts(self, account: Mapping[str, Any] | Account, authority: str, **context) -> set[Decimal]:
        """Every money amount the speaker's offers contain, plus the account's own figures."""
        acc = self.account(account)
        amounts = {acc.outstanding, acc.principal, acc.waivable}
        for option in self.options(acc, authority=authority, **context):
            for key in ("financed", "instalment", "last_instalment", "amount", "waived", "remaining", "waivable"):
                if key in option.terms:
                    amounts.add(option.terms[key])
        return amounts

    # -------------------------------------------------------------------------- texts
    def _texts(self, kind: str, t: dict[str, Any]) -> tuple[str, str]:
        cur = t["currency"]
        zh_unit = self._currencies[cur].get("symbol_zh", cur)
        if kind == "instalments":
            last = "" if t["last_instalment"] == t["instalment"] else f"，末期 {t['last_instalment']} {zh_unit}"
            last_en = "" if t["last_instalment"] == t["instalment"] else f", last one {cur} {t['last_instalment']}"
            return (
                f"分{t['months']}期按月还款，每期 {t['instalment']} {zh_unit}{last}，"
                f"合计 {t['financed']} {zh_unit}；"
                f"首期在接受后{t['first_payment_within_days']}天内，不收手续费，接受之日起停止计收罚息。",
                f"{t['months']} monthly instalments of {cur} {t['instalment']}{last_en}, "
                f"{cur} {t['financed']} in total; "
                f"first payment within {t['first_payment_within_days']} days of acceptance, no fee, "
                "penalty interest stops from acceptance.",
            )
        if kind == "deferral":
            return (
                f"延期{t['days']}天还款：到期应还 {t['amount']} {zh_unit}（每12个月限一次）。",
                f"Defer payment by {t['days']} days: {cur} {t['amount']} due on the new date (once per 12 months).",
            )
        pct = f"{(t['share'] * 100).normalize():f}"
        return (
            f"减免罚息和违约金的{pct}%，即 {t['waived']} {zh_unit}；本金和正常利息不减免。"
            f"条件：剩余 {t['remaining']} {zh_unit} 一次性还清或通过已接受的分期方案还清。",
            f"Waive {pct}% of penalty interest and late fees ({cur} {t['waived']}); principal and ordinary "
            f"interest stay payable. Condition: the remaining {cur} {t['remaining']} is repaid in full or "
            "through an accepted instalment plan.",
        )


def _same(a: Any, b: Any) -> bool:
    """Equal, comparing numbers by value ("0.3" equals "0.30")."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str | int) and isinstance(b, str | int | float) and not isinstance(b, bool):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except InvalidOperation:
            pass
    return a == b


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationFailed(f"requested {name} must be a whole number")
    if int(value) != value:
        raise ValidationFailed(f"requested {name} must be a whole number")
    return int(value)
