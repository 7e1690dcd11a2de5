"""Check latency of `hoaxcheck serve` under load: 200 checks from 8 concurrent clients on 127.0.0.1.

    python bench/web_latency.py [--requests 200] [--clients 8] [--model PATH] [--timeout 120]

Starts `hoaxcheck serve` on a free port (a child process, stopped at the end), waits for /api/health, then
each client posts drafts to POST /api/score over its own keep-alive connection until the total is reached.
Prints the median and p95 latency, the errors, the latency of one client alone (20 checks), and the ratio against one `hoaxcheck score` process checking
the same draft (start-up and model load included: what an officer waits for without the server).
Bounded: every request has a 15 s timeout and the whole run stops after --timeout seconds.
Nothing is written under models/ or data/.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, proc: subprocess.Popen, deadline: float) -> dict:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"hoaxcheck serve exited with {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/health")
            r = conn.getresponse()
            body = r.read()
            conn.close()
            if r.status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("hoaxcheck serve did not answer /api/health in time")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def load(port: int, drafts: list[str], total: int, clients: int, deadline: float):
    """Post `total` drafts from `clients` threads; return (latencies in s, errors, wall seconds)."""
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(total))
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            body = json.dumps({"text": drafts[i % len(drafts)]}).encode()
            start = time.perf_counter()
            try:
                conn.request("POST", "/api/score", body=body, headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                payload = r.read()
                elapsed = time.perf_counter() - start
                if r.status != 200 or not json.loads(payload).get("files"):
                    with lock:
                        errors.append(f"HTTP {r.status}")
                    continue
                with lock:
                    latencies.append(elapsed)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                with lock:
                    errors.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 1)
    return latencies, errors, time.perf_counter() - start


def score_process(model: Path, draft: Path, repeat: int = 3) -> float:
    """Median wall time of one `hoaxcheck score` process on the draft."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-m", "hoaxcheck", "score", "--no-fail", "--format", "json", "--model", str(model), str(draft)],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if r.returncode != 0:
            raise SystemExit(f"hoaxcheck score failed ({r.returncode}): {r.stderr.decode()[-300:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--model", default=str(ROOT / "models" / "hoaxcheck.model"))
    parser.add_argument("--timeout", type=float, default=120.0, help="Stop the whole run after this many seconds.")
    opts = parser.parse_args()
    model = Path(opts.model).resolve()
    deadline = time.monotonic() + opts.timeout
    base = (ROOT / "examples" / "draf-rilis.md").read_text(encoding="utf-8")
    drafts = [f"Rilis nomor {i + 1}.\n\n{base}" for i in range(20)]  # distinct texts, the same size
    with tempfile.TemporaryDirectory(prefix="hoaxcheck-bench-") as tmp:
        draft = Path(tmp) / "draf.md"
        draft.write_text(drafts[0], encoding="utf-8")
        data = Path(tmp) / "data"  # the server reads no corpus to score; an empty folder keeps data/ untouched
        data.mkdir()
        port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "hoaxcheck", "serve", "--port", str(port), "--model", str(model), "--data", str(data)],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            t0 = time.monotonic()
            card = wait_healthy(port, proc, min(deadline, t0 + 60))
            ready = time.monotonic() - t0
            load(port, drafts[:2], 2 * opts.clients, opts.clients, deadline)  # warm up every connection
            latencies, errors, wall = load(port, drafts, opts.requests, opts.clients, deadline)
            alone, alone_errors, _ = load(port, drafts, 20, 1, deadline)  # one client: no queueing
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        one = score_process(model, draft)
    if not latencies:
        raise SystemExit(f"no successful request; errors: {errors[:5]}")
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    claims = base.count(".")  # rough size of a draft, for the reader
    print(f"model: {model.name} (trained {card.get('trained_at', '?')}); server ready in {ready:.1f} s")
    print(f"draft: examples/draf-rilis.md with a numbered first line (~{claims} sentences)")
    print(
        f"{len(latencies)} checks from {opts.clients} clients in {wall:.1f} s "
        f"({len(latencies) / wall:.1f} checks/s); errors {len(errors)}{' ' + str(errors[:3]) if errors else ''}"
    )
    print(f"latency: median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    if alone:
        print(
            f"one client alone: median {statistics.median(alone) * 1000:.0f} ms over {len(alone)} checks"
            f"{f'; errors {len(alone_errors)}' if alone_errors else ''}"
        )
    print(f"one `hoaxcheck score` process on the same draft: {one * 1000:.0f} ms wall (median of 3)")
    print(
        f"ratio: the score process takes {one / median:.1f}x the served median "
        f"({one / p95:.1f}x the p95) under {opts.clients}-client load"
    )


if __name__ == "__main__":
    main()
