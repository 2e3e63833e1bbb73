"""Interop of our libp2p stack (the `sprout-p2p-peer` executable) with py-libp2p 0.8.1.

Both peers are driven over JSON lines (see support/p2p_py_peer.py). Checked both ways: dial,
Noise + Yamux upgrade, ping, identify, and a gossipsub message on `w3bstream-project-<id>`;
and that our node drops (and counts) messages whose signature does not verify.
Every wait is bounded in time.
"""
import importlib.util
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SWIFT_PEER = Path(os.environ.get("SPROUT_P2P_PEER", REPO / ".build" / "release" / "sprout-p2p-peer"))
PY_PEER = Path(__file__).parent / "support" / "p2p_py_peer.py"
PYTHON = os.environ.get("P2P_PYTHON", sys.executable)
TOPIC = "w3bstream-project-10003"


class Peer:
    """A peer process; its JSON-line events are collected by a reader thread."""

    def __init__(self, argv, name):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.events = queue.Queue()
        self.backlog = []
        threading.Thread(target=self._read, daemon=True).start()
        hello = self.expect("listening", timeout=30)
        self.addr = hello["addr"]
        self.peer = hello["peer"]
        self.dial_addr = f"{self.addr}/p2p/{self.peer}"

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.events.put(json.loads(line))
            except json.JSONDecodeError:
                pass
        self.events.put({"event": "exited"})

    def send(self, **cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def expect(self, event, timeout=15, where=lambda e: True):
        """The next event named `event` matching `where`; others are kept for later calls."""
        for i, e in enumerate(self.backlog):
            if e.get("event") == event and where(e):
                return self.backlog.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{self.name}: no {event} within {timeout} s; backlog {self.backlog[-5:]}")
            try:
                e = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if e.get("event") == "error":
                raise AssertionError(f"{self.name}: {e}")
            if e.get("event") == "exited":
                raise AssertionError(f"{self.name} exited: {self.proc.stderr.read()[-2000:]}")
            if e.get("event") == event and where(e):
                return e
            self.backlog.append(e)

    def call(self, event, timeout=15, **cmd):
        self.send(**cmd)
        return self.expect(event, timeout)

    def close(self):
        try:
            self.send(cmd="quit")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait(timeout=10)


def wait_until(predicate, timeout=15, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture
def peers():
    if not SWIFT_PEER.exists():
        pytest.fail(f"{SWIFT_PEER} is missing: run `make build` first")
    check = subprocess.run([PYTHON, "-c", "import libp2p, trio"], capture_output=True)
    if check.returncode != 0:
        pytest.fail(f"{PYTHON} lacks py-libp2p: run `make pydeps` (pip install libp2p==0.8.1)")
    swift = Peer([str(SWIFT_PEER)], "swift")
    py = Peer([PYTHON, str(PY_PEER)], "py")
    yield swift, py
    swift.close()
    py.close()


def in_mesh(p, topic, other):
    return other in p.call("mesh", cmd="mesh", topic=topic)["peers"]


@pytest.mark.parametrize("dialer", ["swift", "py"])
def test_p2p_dial_ping_identify(peers, dialer):
    swift, py = peers
    a, b = (swift, py) if dialer == "swift" else (py, swift)
    assert a.call("dialed", cmd="dial", addr=b.dial_addr)["peer"] == b.peer
    for x, y in ((swift, py), (py, swift)):
        ping = x.call("ping", cmd="ping", peer=y.peer)
        assert ping["ok"] and ping["rtt_us"] < 2_000_000
    seen_by_py = py.call("identify", cmd="identify", peer=swift.peer)
    assert seen_by_py["key_peer"] == swift.peer
    assert seen_by_py["agent"].startswith("sprout/")
    assert "/meshsub/1.1.0" in seen_by_py["protocols"] and "/ipfs/ping/1.0.0" in seen_by_py["protocols"]
    assert swift.addr in seen_by_py["listen_addrs"]
    seen_by_swift = swift.call("identify", cmd="identify", peer=py.peer)
    assert seen_by_swift["key_peer"] == py.peer
    assert "/meshsub/1.1.0" in seen_by_swift["protocols"]


@pytest.mark.parametrize("dialer", ["swift", "py"])
def test_p2p_gossipsub_both_ways(peers, dialer):
    swift, py = peers
    swift.call("subscribed", cmd="subscribe", topic=TOPIC)
    py.call("subscribed", cmd="subscribe", topic=TOPIC)
    a, b = (swift, py) if dialer == "swift" else (py, swift)
    a.call("dialed", cmd="dial", addr=b.dial_addr)
    assert wait_until(lambda: in_mesh(swift, TOPIC, py.peer) and in_mesh(py, TOPIC, swift.peer)), "mesh not formed"

    task = json.dumps({"task": {"id": 1, "projectID": 10003, "data": ["hello"]}})
    swift.call("published", cmd="publish", topic=TOPIC, data=task)
    got = py.expect("message", where=lambda e: e["from"] == swift.peer)
    assert got["data"] == task and got["topic"] == TOPIC

    state = json.dumps({"taskStateLog": {"taskID": 1, "state": "proved"}})
    py.call("published", cmd="publish", topic=TOPIC, data=state)
    got = swift.expect("message", where=lambda e: e["from"] == py.peer)
    assert got["data"] == state and got["topic"] == TOPIC


def test_p2p_swift_drops_bad_signatures_from_py(peers):
    swift, py = peers
    swift.call("subscribed", cmd="subscribe", topic=TOPIC)
    py.call("dialed", cmd="dial", addr=swift.dial_addr)
    assert wait_until(lambda: swift.call("stats", cmd="stats") is not None)
    py.call("published_raw", cmd="publish_raw", peer=swift.peer, topic=TOPIC, messages=[
        {"data": "forged", "tamper": True},
        {"data": "genuine"},
    ])
    got = swift.expect("message", where=lambda e: e["from"] == py.peer)
    assert got["data"] == "genuine"
    assert wait_until(lambda: swift.call("stats", cmd="stats")["invalid_signature"] == 1)
    stats = swift.call("stats", cmd="stats")
    assert stats["delivered"] == 1
    # Nothing else arrives: the forged message was not delivered late.
    time.sleep(0.5)
    assert not [e for e in swift.backlog if e.get("event") == "message"]


def test_p2p_signed_task_to_py_and_verified_state_back(peers):
    """Our node publishes a signed task assigned to the py peer; the py peer answers with
    taskStateLog messages signed over the canonical encoding (re-implemented in Python).
    The genuine one verifies; a tampered one and one for a task assigned elsewhere do not."""
    swift, py = peers
    swift.call("subscribed", cmd="subscribe", topic=TOPIC)
    py.call("subscribed", cmd="subscribe", topic=TOPIC)
    swift.call("dialed", cmd="dial", addr=py.dial_addr)
    assert wait_until(lambda: in_mesh(swift, TOPIC, py.peer) and in_mesh(py, TOPIC, swift.peer)), "mesh not formed"

    swift.call("task_published", cmd="publish_task", topic=TOPIC, task_id=1, project_id=10003,
               data=['{"n":1}', "two"], prover=py.peer)
    got = py.expect("message", where=lambda e: e["from"] == swift.peer)
    task = got["json"]["task"]
    assert task["taskID"] == 1 and task["assignedProver"] == py.peer and task["sequencer"] == swift.peer

    common = dict(cmd="publish_state", topic=TOPIC, task=task, result_hex="deadbeef", time="2026-11-26T06:00:00Z")
    py.call("published", state="proved", **common)
    ok = swift.expect("state", where=lambda e: e["from"] == py.peer)
    assert ok["verified"] is True, ok
    assert ok["state"] == "proved"

    py.call("published", state="proved", tamper=True, **common)
    bad = swift.expect("state", where=lambda e: e["from"] == py.peer)
    assert bad["verified"] is False and "badSignature" in bad["error"]

    # A task assigned to another prover: the py peer's state for it is refused.
    swift.call("task_published", cmd="publish_task", topic=TOPIC, task_id=2, project_id=10003,
               data=["x"], prover=swift.peer)
    task2 = py.expect("message", where=lambda e: e.get("json", {}).get("task", {}).get("taskID") == 2)["json"]["task"]
    py.call("published", cmd="publish_state", topic=TOPIC, task=task2, state="proved", result_hex="00",
            time="2026-11-26T06:00:01Z")
    refused = swift.expect("state", where=lambda e: e["task_id"] == 2)
    assert refused["verified"] is False and "notAssignedProver" in refused["error"]


def test_p2p_swift_relays_gossip_between_two_py_peers():
    """py1 — swift — py2 in a line: py2 gets py1's message only through our router, re-encoded
    by us, and py-libp2p still accepts its signature (and the other way)."""
    if not SWIFT_PEER.exists():
        pytest.fail(f"{SWIFT_PEER} is missing: run `make build` first")
    swift = Peer([str(SWIFT_PEER)], "swift")
    py1 = Peer([PYTHON, str(PY_PEER)], "py1")
    py2 = Peer([PYTHON, str(PY_PEER)], "py2")
    try:
        for p in (swift, py1, py2):
            p.call("subscribed", cmd="subscribe", topic=TOPIC)
        py1.call("dialed", cmd="dial", addr=swift.dial_addr)
        py2.call("dialed", cmd="dial", addr=swift.dial_addr)
        assert wait_until(lambda: set(swift.call("mesh", cmd="mesh", topic=TOPIC)["peers"]) == {py1.peer, py2.peer})
        assert wait_until(lambda: in_mesh(py1, TOPIC, swift.peer) and in_mesh(py2, TOPIC, swift.peer))
        py1.call("published", cmd="publish", topic=TOPIC, data="from py1")
        got = py2.expect("message", where=lambda e: e["data"] == "from py1")
        assert got["from"] == py1.peer
        py2.call("published", cmd="publish", topic=TOPIC, data="from py2")
        got = py1.expect("message", where=lambda e: e["data"] == "from py2")
        assert got["from"] == py2.peer
        stats = swift.call("stats", cmd="stats")
        assert stats["forwarded"] >= 2 and stats["invalid_signature"] == 0
    finally:
        for p in (swift, py1, py2):
            p.close()
