"""Context rules: when and how often a collector may make contact, by jurisdiction.

- CN (CBA 2026): no collection 22:00-08:00 without consent; at most 6 unanswered attempts a day to
  one number, so the 7th attempt (`attempts_today` >= 6 before this one) is flagged.
- US (Reg F 1006.6(b), 1006.14(b)(2)): 08:00-21:00 local is convenient; more than 7 calls in 7 days
  is presumed harassment, so a call with `contacts_last_7d` >= 7 already placed is flagged.
- UK (CONC 7.9.4, MCOB 13.5.4G benchmark): 08:00-21:00; excessive contact is flagged from the same
  daily count as CN (7th attempt) or the US weekly count, whichever trips first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mediation.errors import ValidationFailed

#: jurisdiction -> (earliest allowed minute of day, latest allowed minute of day, exclusive end)
WINDOWS = {"CN": (8 * 60, 22 * 60), "US": (8 * 60, 21 * 60), "UK": (8 * 60, 21 * 60)}
DAILY_LIMIT = {"CN": 6, "UK": 6}
WEEKLY_LIMIT = {"US": 7, "UK": 7}
RECIPIENTS = {"borrower", "third_party", "unknown"}


@dataclass(frozen=True)
class ContextFinding:
    """A context rule that the planned contact breaks, with the reason in words."""

    category: str
    reason: str


def parse_context(raw: Any) -> dict[str, Any]:
    """Validate a `context` mapping (raising `ValidationFailed` naming the bad field)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationFailed("'context' must be an object")
    ctx = dict(raw)
    if "local_time" in ctx and ctx["local_time"] is not None:
        minutes_of(ctx["local_time"])
    if ctx.get("jurisdiction") is not None:
        if not isinstance(ctx["jurisdiction"], str) or ctx["jurisdiction"].upper() not in WINDOWS:
            raise ValidationFailed("'context.jurisdiction' must be one of CN, US, UK")
        ctx["jurisdiction"] = ctx["jurisdiction"].upper()
    for name in ("attempts_today", "contacts_last_7d"):
        value = ctx.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValidationFailed(f"'context.{name}' must be a non-negative integer")
    if ctx.get("recipient") is not None and ctx["recipient"] not in RECIPIENTS:
        raise ValidationFailed("'context.recipient' must be one of borrower, third_party, unknown")
    if ctx.get("consented_time") is not None and not isinstance(ctx["consented_time"], bool):
        raise ValidationFailed("'context.consented_time' must be true or false")
    return ctx


def minutes_of(value: Any) -> int:
    """Minutes after midnight of an "HH:MM" string."""
    if not isinstance(value, str):
        raise ValidationFailed("'context.local_time' must be \"HH:MM\"")
    parts = value.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValidationFailed("'context.local_time' must be \"HH:MM\"")
    hours, minutes = int(parts[0]), int(parts[1])
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValidationFailed("'context.local_time' must be a valid time of day")
    return hours * 60 + minutes


def check_context(ctx: dict[str, Any], jurisdiction: str) -> list[ContextFinding]:
    """The context rules broken by contacting now, in this jurisdiction."""
    findings: list[ContextFinding] = []
    if ctx.get("local_time") is not None and not ctx.get("consented_time"):
        now = minutes_of(ctx["local_time"])
        start, end = WINDOWS[jurisdiction]
        if not start <= now < end:
            findings.append(
                ContextFinding(
                    "contact_time", f"{ctx['local_time']} is outside {start // 60:02d}:00-{end // 60:02d}:00"
                )
            )
    attempts = ctx.get("attempts_today")
    contacts = ctx.get("contacts_last_7d")
    if jurisdiction in DAILY_LIMIT and attempts is not None and attempts >= DAILY_LIMIT[jurisdiction]:
        findings.append(
            ContextFinding(
                "contact_frequency", f"attempt {attempts + 1} today exceeds {DAILY_LIMIT[jurisdiction]} per number"
            )
        )
    elif jurisdiction in WEEKLY_LIMIT and contacts is not None and contacts >= WEEKLY_LIMIT[jurisdiction]:
        findings.append(
            ContextFinding(
                "contact_frequency", f"{contacts} calls already in 7 days (limit {WEEKLY_LIMIT[jurisdiction]})"
            )
        )
    return findings
