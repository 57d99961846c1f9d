"""The LLM seam: an OpenAI-compatible chat client. The only module that imports `openai`."""

from __future__ import annotations

from typing import Protocol

import openai


class LLMError(Exception):
    """The endpoint failed, timed out or answered nothing usable."""


class LLMClient(Protocol):
    """Something that turns chat messages into one reply text."""

    model: str

    def complete(self, messages: list[dict[str, str]]) -> str: ...


class OpenAICompatibleClient:
    """Chat completions against OpenAI, vLLM, Ollama, llama.cpp, DeepSeek, Qwen or any compatible server."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None,
        timeout: float,
        max_tokens: int = 400,
        max_retries: int = 1,
    ):
        self.model = model
        self.max_tokens = max_tokens
        self._client = openai.OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=max_retries
        )

    def complete(self, messages: list[dict[str, str]]) -> str:
        """Return the assistant text, or raise `LLMError`."""
        try:
            response = self._client.chat.completions.create(
                model=self.model, messages=messages, max_tokens=self.max_tokens, temperature=0.3
            )
        except openai.OpenAIError as exc:
            raise LLMError(f"{type(exc).__name__}: {exc}") from exc
        choices = getattr(response, "choices", None) or []
        text = (choices[0].message.content or "").strip() if choices else ""
        if not text:
            raise LLMError("the model returned an empty reply")
        return text
