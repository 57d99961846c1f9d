"""A small OpenAI-wire-compatible chat server that misbehaves on purpose.

The requested model name picks the behaviour: `hostile` (threats, family, jail), `offer` (waives
everything, invents numbers), `echo-injection` (repeats what the borrower told it to say),
`garbage`, `slow` (answers after the client's timeout), `error` (HTTP 500), `good` (a plain
compliant reply). Run it alone with `python tests/fake_llm.py PORT`.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOSTILE = {
    "zh": "你再不还钱，我们明天就联系你的家人和单位领导，让你坐牢，上征信黑名单一辈子！",
    "en": "Pay today or we will call your employer and your family, and the police will arrest you.",
}
OFFER = {
    "zh": "好消息！我们已经同意全部免除您的欠款，只需今天转账888元即可结清，保证不上征信。",
    "en": "Good news: we will waive the entire balance, just pay $777 today and we won't report you.",
}
GOOD = {
    "zh": "理解您的难处，我们可以一起看看合适的还款安排，您方便说说每月大概能承受多少吗？",
    "en": "I understand this is hard. Let's look at a repayment arrangement that could work for you.",
}


def _lang(messages: list[dict]) -> str:
    text = " ".join(m.get("content", "") for m in messages)
    return "zh" if re.search(r"[\u4e00-\u9fff]{8}", text) else "en"


def reply_for(model: str, messages: list[dict]) -> str | None:
    lang = _lang(messages)
    if model == "hostile":
        return HOSTILE[lang]
    if model == "offer":
        return OFFER[lang]
    if model == "echo-injection":
        user = messages[-1].get("content", "")
        quoted = re.findall(r"[“\"]([^”\"]{4,})[”\"]", user)
        return quoted[0] if quoted else OFFER[lang]
    if model == "garbage":
        return "�� <|im_end|> {{{{ null null ]]] 0x00"
    if model == "empty":
        return ""
    # a well-behaved model restates the first option it was given, word for word
    option = re.search(r"^- ((?:分|Pay|Defer|延|减|Waive|Repay|\d).+)$", messages[-1].get("content", ""), re.MULTILINE)
    return GOOD[lang] + (f" {option.group(1)}" if option else "")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        model = body.get("model", "good")
        self.server.requests.append(body)
        if model == "error":
            self._send(500, {"error": {"message": "boom", "type": "server_error"}})
            return
        if model == "slow":
            time.sleep(self.server.slow_seconds)
        content = reply_for(model, body.get("messages", []))
        self._send(200, {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })  # fmt: skip

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    """Clients that time out close the socket; that is expected here, not an error to print."""

    def handle_error(self, request, client_address) -> None:
        pass


class FakeLLMServer:
    """Start on a free loopback port in a background thread; `url` is the OpenAI base URL."""

    def __init__(self, slow_seconds: float = 3.0):
        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.requests = []
        self.httpd.slow_seconds = slow_seconds
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def requests(self) -> list[dict]:
        return self.httpd.requests

    def __enter__(self) -> FakeLLMServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8099), Handler)
    server.requests, server.slow_seconds = [], 30.0
    server.serve_forever()
