"""Export benchmark: stream 10k and 100k logged exchanges as CSV, JSONL and XLSX through the API,
measuring time and peak resident-memory growth, to show the exports run in constant memory.

Usage: .venv/bin/python bench/export.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import table  # noqa: E402  (bench/retrieval.py)

from mediation import create_app  # noqa: E402
from mediation.audit import GENESIS, _filter_columns, canonical_json, link_hash  # noqa: E402
from mediation.auth import create_key  # noqa: E402
from mediation.models import AuditHead, Exchange  # noqa: E402

BATCH = 5000


def seed(engine, n: int) -> None:
    """Write `n` chained records the way `append_record` would, in bulk."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    prev, rows = GENESIS, []
    with Session(engine) as session:
        for seq in range(1, n + 1):
            flagged = seq % 7 == 0
            payload = {
                "seq": seq, "created_at": (start + timedelta(seconds=seq)).isoformat(timespec="microseconds"),
                "conversation_id": f"c{seq // 4}", "channel": "self_service", "kind": "message", "speaker": "borrower",
                "text": f"第{seq}条：我上个月失业了，这个月还不上，能不能分期或者延期？",
                "reply": {"text": "理解您的难处，您可以申请分6期，经审核后生效，不收手续费。", "source": "composer"},
                "risk": {"score": 70 if flagged else 3, "level": "high" if flagged else "none",
                         "flags": [{"category": "threat", "start": 0, "end": 2, "evidence": "坐牢"}] if flagged else []},
                "citations": [{"doc_id": "policy-zh-instalments", "citation": "示例消费金融《还款与调解政策》第2部分"}],
            }  # fmt: skip
            record = canonical_json(payload)
            digest = link_hash(prev, record)
            rows.append({"seq": seq, "record": record, "prev_hash": prev, "hash": digest, **_filter_columns(payload)})
            prev = digest
            if len(rows) == BATCH:
                session.execute(insert(Exchange), rows)
                rows = []
        if rows:
            session.execute(insert(Exchange), rows)
        session.merge(AuditHead(id=1, seq=n, hash=prev))
        session.commit()


def rss_mib(field: str) -> float:
    """A memory figure of this process from /proc (VmRSS now, VmHWM the peak since the last reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(client, headers: dict, fmt: str) -> tuple[float, float, int]:
    """Export once; return seconds, peak resident-memory growth in MiB, and output bytes."""
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak-RSS mark (Linux)
    before = rss_mib("VmRSS")
    started = time.perf_counter()
    response = client.get(f"/api/v1/audit/export?format={fmt}", headers=headers, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    elapsed = time.perf_counter() - started
    return elapsed, rss_mib("VmHWM") - before, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app(
                {"database_url": f"sqlite:///{tmp}/bench.db", "instance_dir": Path(tmp), "secret_key": "b"}
            )
            engine = app.extensions["mediation"].engine
            t0 = time.perf_counter()
            seed(engine, n)
            seeded = time.perf_counter() - t0
            with Session(engine) as session:
                headers = {"Authorization": f"Bearer {create_key(session=session, name='bench', role='auditor')}"}
            client = app.test_client()
            for fmt in ("csv", "jsonl", "xlsx"):
                elapsed, peak_mib, size = measure(client, headers, fmt)
                rows.append(
                    [
                        n,
                        fmt,
                        round(seeded, 1),
                        round(elapsed, 2),
                        round(n / elapsed),
                        round(size / 2**20, 1),
                        round(peak_mib, 1),
                    ]
                )
            engine.dispose()
    print(table(["exchanges", "format", "seed s", "export s", "rows/s", "output MiB", "peak RSS growth MiB"], rows))


if __name__ == "__main__":
    main()
