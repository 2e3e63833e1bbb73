"""Prover scaling benchmark (not a test): tasks/s with 1, 2 and 3 prover processes, as JSON.

    python3 Benchmarks/p2p/bench_provers.py [--tasks 300] [--provers 1,2,3] [--cluster-db URL]

Each run starts fresh `sprout serve` processes on loopback with sprout's wasm project 10003
(one message per task) and posts `--tasks` messages to the first node from 4 threads:

- `p2p`: a sequencer (`--provers 0`) and N prover processes (`--provers 1` each, their own
  SQLite), all on libp2p; done when the sequencer has logged every task `outputted by` a prover.
- `cluster` (with `--cluster-db`, a PostgreSQL admin URL): N `sprout serve --provers 1` on one
  fresh database; done when the nodes together logged every task outputted.

tasks/s counts from the first POST to the last task outputted, so it includes the time the
node takes to accept the messages. The 1-minute load average is printed with every run, since
the machine is shared.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "E2E"))
from conftest import Node, free_port  # noqa: E402
from test_p2p_nodes import BODY, log_text, p2p_env, peer_line  # noqa: E402


def p2p_nodes(root, provers):
    """A sequencer and `provers` provers; the sequencer first. Waits until every prover announced."""
    nodes = []
    workdir = root / "sequencer"
    workdir.mkdir()
    sequencer = Node(workdir, ["10003"])
    # A long assignment timeout: a queued task is acknowledged at import, but a prover under
    # a 100% CPU load may announce late, and a reassignment would prove the task twice.
    env = dict(timeout="60")
    sequencer.start("--provers", "0", "--flush-timeout", "0",
                    env=p2p_env(listen_port=free_port(), workdir=workdir, **env))
    nodes.append(sequencer)
    _, address = peer_line(sequencer, "sequencer")
    peers = []
    for i in range(provers):
        workdir = root / f"prover-{i}"
        workdir.mkdir()
        prover = Node(workdir, ["10003"])
        prover.start("--provers", "1",
                     env=p2p_env(listen_port=free_port(), bootstrap=address, workdir=workdir, **env))
        nodes.append(prover)
        peers.append(peer_line(prover, "prover")[0])
    deadline = time.monotonic() + 30
    while not all(p in log_text(sequencer) for p in peers):
        if time.monotonic() > deadline:
            raise RuntimeError("provers did not announce within 30 s")
        time.sleep(0.1)
    return nodes


def cluster_nodes(root, provers, admin_url):
    """`provers` nodes on a fresh database, dropped when the run ends (see `run`)."""
    name = f"sprout_bench_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
    subprocess.run(["psql", admin_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    db = admin_url.rsplit("/", 1)[0] + "/" + name
    nodes = []
    for i in range(provers):
        workdir = root / f"node-{i}"
        workdir.mkdir()
        node = Node(workdir, ["10003"], db=db)
        node.start("--provers", "1", "--flush-timeout", "0")
        nodes.append(node)
    return nodes


def finished(mode, nodes):
    if mode == "p2p":
        return re.findall(r"p2p: task \d+ outputted by (\S+)", log_text(nodes[0]))
    return [str(i) for i, n in enumerate(nodes) for _ in re.findall(r"\[SproutNode\] outputted", log_text(n))]


def run(mode, provers, tasks, admin_url, timeout):
    with TemporaryDirectory(prefix="sprout-bench-") as tmp:
        root = Path(tmp)
        nodes = p2p_nodes(root, provers) if mode == "p2p" else cluster_nodes(root, provers, admin_url)
        try:
            # One task first, so engines are loaded and connections warm before timing.
            nodes[0].post(BODY)
            deadline = time.monotonic() + 60
            while len(finished(mode, nodes)) < 1:
                if time.monotonic() > deadline:
                    raise RuntimeError("the warm-up task did not finish within 60 s")
                time.sleep(0.05)
            load_before = os.getloadavg()[0]
            start = time.monotonic()
            # Posted from 4 threads, so that accepting messages does not bound the rate.
            with ThreadPoolExecutor(4) as pool:
                for reply in pool.map(lambda _: nodes[0].post(BODY), range(tasks)):
                    reply.raise_for_status()
            posted = time.monotonic() - start
            deadline = start + timeout
            while len(done := finished(mode, nodes)) < tasks + 1:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{len(done) - 1} of {tasks} tasks finished within {timeout} s")
                time.sleep(0.02)
            elapsed = time.monotonic() - start
            shares = sorted((done[1:].count(p) for p in set(done[1:])), reverse=True)
            return {"mode": mode, "provers": provers, "tasks": tasks, "seconds": round(elapsed, 2),
                    "tasks_per_s": round(tasks / elapsed, 2), "post_seconds": round(posted, 2),
                    "tasks_per_prover": shares, "load1_before": round(load_before, 2),
                    "load1_after": round(os.getloadavg()[0], 2)}
        finally:
            for node in nodes:
                node.stop()
            if mode == "cluster":
                database = nodes[0].db.rsplit("/", 1)[1]
                subprocess.run(["psql", admin_url, "-q", "-c", f"DROP DATABASE IF EXISTS {database}"], check=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=300)
    ap.add_argument("--provers", default="1,2,3")
    ap.add_argument("--cluster-db", help="PostgreSQL admin URL; also measures the cluster mode")
    ap.add_argument("--timeout", type=float, default=300, help="seconds one run may take")
    args = ap.parse_args()
    counts = [int(n) for n in args.provers.split(",")]
    modes = ["p2p"] + (["cluster"] if args.cluster_db else [])
    runs = [run(mode, n, args.tasks, args.cluster_db, args.timeout) for mode in modes for n in counts]
    for mode in modes:
        base = next(r for r in runs if r["mode"] == mode)
        for r in runs:
            if r["mode"] == mode:
                r["speedup"] = round(r["tasks_per_s"] / base["tasks_per_s"] * base["provers"], 2)
    print(json.dumps({"machine": {"cpus": os.cpu_count()}, "project": 10003, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
