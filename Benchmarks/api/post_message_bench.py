"""POST /message throughput of `sprout serve` on SQLite or PostgreSQL, measured with wrk.

Starts the node from .build/release on a free port with sprout's project 10003, runs wrk with
Benchmarks/api/post_message.lua, and prints one JSON object: accepted messages/s, latency
percentiles, and whether every accepted message is in the database afterwards.

    python3 Benchmarks/api/post_message_bench.py --db sqlite                # a fresh SQLite file
    python3 Benchmarks/api/post_message_bench.py --db postgres://sprout:sprout@127.0.0.1:5432/postgres
"""
import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO.parent / "shared" / "fixtures" / "sprout"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite", help="sqlite, or a PostgreSQL admin URL (a fresh database is made)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--provers", type=int, default=2)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sprout-bench-"))
    (work / "projects").mkdir()
    (work / "plugins").mkdir()
    shutil.copy(FIXTURES / "10003", work / "projects" / "10003")
    shutil.copy(REPO / ".build" / "release" / "libsprout_wasm.so", work / "plugins")
    if args.db == "sqlite":
        db = f"sqlite:{work / 'db.sqlite'}"
    else:
        name = f"sprout_bench_{int(time.time())}"
        subprocess.run(["psql", args.db, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
        db = args.db.rsplit("/", 1)[0] + "/" + name
    port = free_port()
    node = subprocess.Popen(
        [str(REPO / ".build" / "release" / "sprout"), "serve", "--port", str(port), "--db", db, "--projects", str(work / "projects"),
         "--plugins", str(work / "plugins"), "--provers", str(args.provers), "--max-pending", "0", "--log-level", "error"],
        stdout=subprocess.DEVNULL, stderr=open(work / "node.log", "wb"))
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/live", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        wrk = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "-s", str(REPO / "Benchmarks/api/post_message.lua"), url],
            capture_output=True, text=True, check=True).stdout
        metrics = urllib.request.urlopen(url + "/metrics", timeout=10).read().decode()
        accepted = int(float(re.search(r"^sprout_messages_accepted_total (\S+)", metrics, re.M).group(1)))
        if args.db == "sqlite":
            stored = sqlite3.connect(str(work / "db.sqlite")).execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        else:
            stored = int(subprocess.run(["psql", db, "-qAtc", "SELECT COUNT(*) FROM messages"], capture_output=True, text=True, check=True).stdout)
        latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", wrk, re.M))
        requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
        non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", wrk) or [0, 0])[1])
        print(json.dumps({
            "benchmark": "post_message", "database": "sqlite" if args.db == "sqlite" else "postgresql", "provers": args.provers,
            "connections": args.connections, "seconds": args.seconds, "messages_per_second": round(requests_per_second),
            "p50_ms": milliseconds(latency["50"]), "p99_ms": milliseconds(latency["99"]), "non_2xx": non2xx,
            "accepted": accepted, "stored": stored, "every_accepted_message_stored": stored >= accepted,
            "load_average_before": os.getloadavg()[0],
        }))
    finally:
        node.terminate()
        node.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
