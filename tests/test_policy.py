"""The deterministic policy engine: exact amounts, authority limits, escalation, validation."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediation.config import PROJECT_ROOT
from mediation.errors import ValidationFailed
from mediation.policy import Escalation, Ineligible, PlanOption, PolicyEngine, UnsupportedCurrency

ENGINE = PolicyEngine.from_yaml(PROJECT_ROOT / "knowledge" / "policy.yaml")
D = Decimal


def account(**overrides):
    base = {"principal": 2500, "outstanding": 3000, "overdue_days": 2, "currency": "CNY", "product": "cash_loan"}
    base.update(overrides)
    return base


def ids(options):
    return [o.id for o in options]


def test_worked_example_from_the_instalment_policy():
    options = ENGINE.options(account())
    instalments = [o for o in options if o.kind == "instalments"]
    assert ids(instalments) == ["inst-3m", "inst-6m", "inst-9m", "inst-12m"]
    twelve = instalments[-1]
    assert twelve.terms["instalment"] == D("250.00") and twelve.terms["schedule"] == [D("250.00")] * 12
    assert twelve.terms["fee"] == D("0.00") and twelve.terms["first_payment_within_days"] == 30
    assert twelve.terms["penalty_interest_stops"] is True
    assert "250.00" in twelve.summary("zh") and "CNY 250.00" in twelve.summary("en")
    assert twelve.as_dict("en")["terms"]["instalment"] == "250.00"


def test_rounding_remainder_goes_on_the_last_instalment():
    nine = next(o for o in ENGINE.options(account()) if o.id == "inst-9m")
    assert nine.terms["schedule"] == [D("333.33")] * 8 + [D("333.36")]
    assert sum(nine.terms["schedule"]) == D("3000.00")
    assert ENGINE.schedule(D("100.01"), 3, "USD") == [D("33.34"), D("33.34"), D("33.33")]
    assert ENGINE.schedule(D("1000.05"), 6, "GBP")[-1] == D("1000.05") - 5 * D("166.68")


def test_terms_below_the_minimum_instalment_are_not_offered():
    # CNY 800: 9 months = 88.89 and 12 months = 66.67 fall below CNY 100
    assert ids(ENGINE.options(account(outstanding=800, principal=800))) == ["inst-3m", "inst-6m"]
    # USD 100 minimum balance, USD 25 minimum instalment: only 3 months (33.33)
    usd = ENGINE.options(account(outstanding=100, principal=100, currency="USD"))
    assert ids(usd) == ["inst-3m"]
    gbp = ENGINE.options(account(outstanding=240, principal=240, currency="GBP"))
    assert ids(gbp) == ["inst-3m", "inst-6m", "inst-9m", "inst-12m"]  # 12 x 20.00
    assert ENGINE.evaluate_request("instalments", {"months": 12}, account(outstanding=800, principal=800)).reason == (
        "below_minimum_instalment"
    )


@pytest.mark.parametrize(
    ("overrides", "eligible"),
    [
        ({"overdue_days": 0}, False),
        ({"overdue_days": 1}, True),
        ({"outstanding": "499.99", "principal": 400}, False),
        ({"outstanding": 500, "principal": 500}, True),
        ({"outstanding": "99.99", "principal": 50, "currency": "USD"}, False),
        ({"outstanding": 100, "principal": 100, "currency": "GBP"}, True),
    ],
)
def test_instalment_eligibility(overrides, eligible):
    has_plan = any(o.kind == "instalments" for o in ENGINE.options(account(**overrides)))
    assert has_plan is eligible


def test_longer_terms_escalate_to_the_level_that_may_grant_them():
    acc = account(outstanding=10000, principal=9000)
    assert ENGINE.evaluate_request("instalments", {"months": 24}, acc) == Escalation(
        "beyond_authority", "agent", "inst-24m"
    )
    assert ENGINE.evaluate_request("instalments", {"months": 18}, acc).required_authority == "agent"
    assert ENGINE.evaluate_request("instalments", {"months": 36}, acc, "agent").required_authority == "supervisor"
    granted = ENGINE.evaluate_request("instalments", {"months": 24}, acc, "agent")
    assert isinstance(granted, PlanOption) and granted.terms["instalment"] == D("416.67")
    assert sum(granted.terms["schedule"]) == D("10000.00")
    assert isinstance(ENGINE.evaluate_request("instalments", {"months": 36}, acc, "supervisor"), PlanOption)
    assert ENGINE.evaluate_request("instalments", {"months": 48}, acc, "supervisor").reason == "term_not_available"
    assert ids(ENGINE.options(acc, authority="agent"))[:6] == [
        "inst-3m", "inst-6m", "inst-9m", "inst-12m", "inst-18m", "inst-24m",
    ]  # fmt: skip
    assert "inst-36m" in ids(ENGINE.options(acc, authority="supervisor"))


def test_deferral_limits_reason_evidence_and_frequency():
    acc = account()
    assert not [o for o in ENGINE.options(acc) if o.kind == "deferral"]  # no stated hardship
    offered = [o for o in ENGINE.options(acc, hardship_stated=True) if o.kind == "deferral"]
    assert ids(offered) == ["defer-30d"] and offered[0].terms["amount"] == D("3000.00")
    agent_no_evidence = ENGINE.options(acc, authority="agent", hardship_stated=True)
    assert [o.id for o in agent_no_evidence if o.kind == "deferral"] == ["defer-30d"]
    agent = ENGINE.options(acc, authority="agent", hardship_stated=True, evidence=True)
    assert [o.id for o in agent if o.kind == "deferral"] == ["defer-30d", "defer-90d"]
    sup = ENGINE.options(acc, authority="supervisor", hardship_stated=True, evidence=True)
    assert [o.id for o in sup if o.kind == "deferral"] == ["defer-30d", "defer-90d", "defer-180d"]
    used = ENGINE.options(acc, authority="supervisor", hardship_stated=True, evidence=True, deferrals_last_12m=1)
    assert not [o for o in used if o.kind == "deferral"]

    ask = ENGINE.evaluate_request
    assert ask("deferral", {"days": 60}, acc, hardship_stated=True) == Escalation(
        "beyond_authority", "agent", "defer-60d"
    )
    assert ask("deferral", {"days": 120}, acc, "agent", hardship_stated=True).required_authority == "supervisor"
    assert ask("deferral", {"days": 60}, acc, "agent", hardship_stated=True).reason == "evidence_required"
    assert isinstance(ask("deferral", {"days": 60}, acc, "agent", hardship_stated=True, evidence=True), PlanOption)
    assert ask("deferral", {"days": 14}, acc, hardship_stated=True).id == "defer-14d"
    assert ask("deferral", {"days": 14}, acc).reason == "hardship_reason_required"
    assert ask("deferral", {"days": 14}, acc, hardship_stated=True, deferrals_last_12m=1).reason == "deferral_frequency"
    assert ask("deferral", {"days": 200}, acc, "supervisor", hardship_stated=True, evidence=True).reason == (
        "term_not_available"
    )


def test_reduction_worked_example_and_caps():
    acc = account(principal=4000, outstanding=5000, penalty_interest=700, fees=300)
    assistant = [o for o in ENGINE.options(acc) if o.kind == "reduction"]
    assert ids(assistant) == ["waive-30pct"]
    assert assistant[0].terms["waived"] == D("300.00") and assistant[0].terms["remaining"] == D("4700.00")
    assert assistant[0].terms["condition"] == "remaining_repaid_in_full_or_by_accepted_plan"
    agent = [o for o in ENGINE.options(acc, authority="agent", evidence=True) if o.kind == "reduction"]
    assert [o.terms["waived"] for o in agent] == [D("300.00"), D("500.00")]
    sup = [o for o in ENGINE.options(acc, authority="supervisor", evidence=True) if o.kind == "reduction"]
    assert sup[-1].terms["waived"] == D("1000.00") and sup[-1].terms["remaining"] == D("4000.00")
    no_evidence = [o for o in ENGINE.options(acc, authority="supervisor") if o.kind == "reduction"]
    assert ids(no_evidence) == ["waive-30pct"]  # above 30 % needs evidence

    ask = ENGINE.evaluate_request
    assert ask("reduction", {"share": 0.5}, acc) == Escalation("beyond_authority", "agent", "waive-50pct")
    assert ask("reduction", {"share": 1}, acc, "agent").required_authority == "supervisor"
    assert ask("reduction", {"share": 0.5}, acc, "agent").reason == "evidence_required"
    assert ask("reduction", {"amount": 250}, acc).terms["waived"] == D("250.00")
    assert ask("reduction", {"amount": 1500}, acc, "supervisor", evidence=True).reason == "not_waivable"
    principal = ask("reduction", {"principal": True}, acc, "supervisor", evidence=True)
    assert principal == Escalation("principal_reduction", "hardship_committee", principal.detail)


def test_penalty_and_fees_default_to_outstanding_minus_principal_and_interest():
    acc = ENGINE.account(account(principal=2500, outstanding=3000, interest=100))
    assert acc.waivable == D("400.00")
    assert ENGINE.account(account(principal=3000, outstanding=2000)).waivable == 0
    assert not [o for o in ENGINE.options(account(principal=3000, outstanding=2000)) if o.kind == "reduction"]


def test_check_offer_and_allowed_amounts():
    acc = account()
    option = next(o for o in ENGINE.options(acc) if o.id == "inst-12m")
    assert ENGINE.check_offer(option, acc, "assistant")
    assert ENGINE.check_offer({"months": 12, "instalment": "250.00"}, acc, "assistant")
    assert ENGINE.check_offer({"months": 12, "instalment": 250}, acc, "assistant")
    assert not ENGINE.check_offer({"months": 12, "instalment": "200.00"}, acc, "assistant")
    assert not ENGINE.check_offer({"months": 24}, acc, "assistant")
    assert ENGINE.check_offer({"months": 24}, account(outstanding=10000), "agent")
    assert not ENGINE.check_offer({}, acc, "assistant")
    amounts = ENGINE.allowed_amounts(acc, "assistant", hardship_stated=True)
    assert {D("250.00"), D("333.36"), D("3000.00"), D("150.00")} <= amounts
    assert D("200.00") not in amounts


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"outstanding": -1}, "must not be negative"),
        ({"principal": "abc"}, "must be a number"),
        ({"principal": True}, "must be a number"),
        ({"outstanding": "NaN"}, "must be finite"),
        ({"overdue_days": -3}, "not negative"),
        ({"overdue_days": 2.5}, "whole number"),
        ({"penalty_interest": 5000}, "exceed the outstanding"),
    ],
)
def test_bad_accounts_are_rejected(bad, message):
    with pytest.raises(ValidationFailed, match=message):
        ENGINE.options(account(**bad))


def test_missing_field_unknown_currency_authority_and_kind():
    raw = account()
    del raw["overdue_days"]
    with pytest.raises(ValidationFailed, match="overdue_days is required"):
        ENGINE.options(raw)
    with pytest.raises(UnsupportedCurrency) as caught:
        ENGINE.options(account(currency="JPY"))
    assert caught.value.code == "unsupported_currency" and caught.value.status == 422
    with pytest.raises(ValidationFailed, match="unknown authority"):
        ENGINE.options(account(), authority="manager")
    with pytest.raises(ValidationFailed, match="unknown option kind"):
        ENGINE.evaluate_request("holiday", {}, account())
    with pytest.raises(ValidationFailed, match="whole number"):
        ENGINE.evaluate_request("instalments", {"months": "twelve"}, account())
    assert ENGINE.options(account(currency="usd"))[0].terms["currency"] == "USD"
    assert isinstance(ENGINE.evaluate_request("instalments", {"months": 6}, account(overdue_days=0)), Ineligible)


# ---------------------------------------------------------------- property: always within policy
LEVELS = ["assistant", "agent", "supervisor"]
MAX_TERM = {"assistant": 12, "agent": 24, "supervisor": 36}
MAX_DAYS = {"assistant": 30, "agent": 90, "supervisor": 180}
MAX_SHARE = {"assistant": D("0.30"), "agent": D("0.50"), "supervisor": D("1.00")}
MIN_INSTALMENT = {"CNY": D(100), "USD": D(25), "GBP": D(20)}
MIN_BALANCE = {"CNY": D(500), "USD": D(100), "GBP": D(100)}
cents = st.integers(min_value=0, max_value=5_000_000).map(lambda c: D(c) / 100)


@st.composite
def accounts(draw):
    principal = draw(cents)
    extra = draw(cents)
    acc = {
        "principal": str(principal),
        "outstanding": str(principal + extra),
        "overdue_days": draw(st.integers(min_value=0, max_value=400)),
        "currency": draw(st.sampled_from(["CNY", "USD", "GBP"])),
        "product": "cash_loan",
    }
    if draw(st.booleans()):
        penalty = draw(st.integers(min_value=0, max_value=int(extra * 100))) / D(100)
        acc["penalty_interest"] = str(penalty)
        acc["fees"] = str(extra - penalty)
    return acc


@settings(max_examples=300, deadline=None)
@given(
    acc=accounts(),
    authority=st.sampled_from(LEVELS),
    hardship=st.booleans(),
    evidence=st.booleans(),
    deferrals=st.integers(min_value=0, max_value=2),
)
def test_every_option_is_within_policy(acc, authority, hardship, evidence, deferrals):
    context = {"hardship_stated": hardship, "evidence": evidence, "deferrals_last_12m": deferrals}
    options = ENGINE.options(acc, authority=authority, **context)
    outstanding, principal = D(acc["outstanding"]), D(acc["principal"])
    waivable = D(acc["penalty_interest"]) + D(acc["fees"]) if "fees" in acc else outstanding - principal
    assert len({o.id for o in options}) == len(options)
    for option in options:
        assert LEVELS.index(option.authority) <= LEVELS.index(authority)
        assert ENGINE.check_offer(option, acc, authority, **context)
        t = option.terms
        if option.kind == "instalments":
            assert D(acc["outstanding"]) >= MIN_BALANCE[acc["currency"]] and acc["overdue_days"] >= 1
            assert t["months"] <= MAX_TERM[authority] and len(t["schedule"]) == t["months"]
            assert sum(t["schedule"]) == t["financed"] == outstanding  # exact, no principal reduced
            assert min(t["schedule"]) >= MIN_INSTALMENT[acc["currency"]]
            assert all(p.as_tuple().exponent == -2 for p in t["schedule"]) and t["fee"] == 0
        elif option.kind == "deferral":
            assert hardship and deferrals == 0 and acc["overdue_days"] >= 1
            assert t["days"] <= MAX_DAYS[authority] and (evidence or t["days"] <= 30)
            assert t["amount"] == outstanding
        else:
            assert option.kind == "reduction"
            assert t["share"] <= MAX_SHARE[authority] and (evidence or t["share"] <= D("0.30"))
            assert 0 <= t["waived"] <= waivable * t["share"]
            assert t["remaining"] == outstanding - t["waived"]
            assert t["remaining"] >= principal  # principal is never waived
            assert t["remaining"] >= outstanding - waivable


@settings(max_examples=200, deadline=None)
@given(
    acc=accounts(),
    authority=st.sampled_from(LEVELS),
    kind=st.sampled_from(["instalments", "deferral", "reduction"]),
    size=st.integers(min_value=1, max_value=200),
)
def test_requests_never_exceed_authority(acc, authority, kind, size):
    key = {"instalments": "months", "deferral": "days", "reduction": "share"}[kind]
    value = D(size) / 100 if kind == "reduction" else size
    decision = ENGINE.evaluate_request(
        kind, {key: value}, acc, authority, hardship_stated=True, evidence=True, deferrals_last_12m=0
    )
    if isinstance(decision, PlanOption):
        assert LEVELS.index(decision.authority) <= LEVELS.index(authority)
        limit = {"instalments": MAX_TERM, "deferral": MAX_DAYS, "reduction": MAX_SHARE}[kind][authority]
        assert D(str(decision.terms[key])) <= limit
    elif isinstance(decision, Escalation):
        assert LEVELS.index(decision.required_authority) > LEVELS.index(authority)
    else:
        assert isinstance(decision, Ineligible)
