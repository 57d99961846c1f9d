"""Plan options as the conversation layer needs them: JSON-safe dicts in the conversation's language."""

from __future__ import annotations

from mediation.policy import PolicyEngine


class PlanDesk:
    """Asks the deterministic policy engine what may be offered; never computes terms itself."""

    def __init__(self, policy: PolicyEngine):
        self.policy = policy

    def options(self, account: dict, *, authority: str, hardship_stated: bool, lang: str) -> list[dict]:
        """The offers allowed for this account and authority: `{"id","kind","summary","terms","authority"}`."""
        found = self.policy.options(account, authority=authority, hardship_stated=hardship_stated)
        return [{**option.as_dict(lang), "authority": option.authority} for option in found]
