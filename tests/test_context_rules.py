"""Context rules: CN/US/UK quiet hours and call frequency, consent and validation."""

import pytest

from mediation.compliance.context_rules import check_context, parse_context
from mediation.errors import ValidationFailed


def cats(ctx, jurisdiction):
    return {f.category for f in check_context(parse_context(ctx), jurisdiction)}


@pytest.mark.parametrize(
    ("jurisdiction", "time", "flagged"),
    [
        ("CN", "07:59", True), ("CN", "08:00", False), ("CN", "21:59", False),
        ("CN", "22:00", True), ("CN", "23:30", True),
        ("US", "07:59", True), ("US", "08:00", False), ("US", "20:59", False), ("US", "21:00", True),
        ("UK", "07:30", True), ("UK", "12:00", False), ("UK", "21:15", True),
    ],
)  # fmt: skip
def test_quiet_hours(jurisdiction, time, flagged):
    assert ("contact_time" in cats({"local_time": time}, jurisdiction)) is flagged


def test_consent_lifts_the_time_rule():
    assert cats({"local_time": "23:00", "consented_time": True}, "CN") == set()


@pytest.mark.parametrize(("attempts", "flagged"), [(0, False), (5, False), (6, True), (9, True)])
def test_cn_seventh_attempt_is_flagged(attempts, flagged):
    assert ("contact_frequency" in cats({"attempts_today": attempts}, "CN")) is flagged


@pytest.mark.parametrize(("contacts", "flagged"), [(6, False), (7, True), (12, True)])
def test_us_seven_in_seven(contacts, flagged):
    assert ("contact_frequency" in cats({"contacts_last_7d": contacts}, "US")) is flagged


def test_us_ignores_the_cn_daily_count_and_uk_uses_both():
    assert cats({"attempts_today": 8}, "US") == set()
    assert cats({"attempts_today": 6}, "UK") == {"contact_frequency"}
    assert cats({"contacts_last_7d": 7}, "UK") == {"contact_frequency"}


@pytest.mark.parametrize(
    "ctx",
    [
        "23:00",
        {"local_time": "25:00"},
        {"local_time": "late"},
        {"jurisdiction": "FR"},
        {"attempts_today": -1},
        {"attempts_today": "3"},
        {"recipient": "boss"},
        {"consented_time": "yes"},
    ],
)
def test_bad_context_is_rejected(ctx):
    with pytest.raises(ValidationFailed):
        parse_context(ctx)
