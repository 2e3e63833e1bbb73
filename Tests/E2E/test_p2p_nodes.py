"""Nodes cooperating over libp2p (Host/NodeP2P): a sequencer (`pipeline.provers` 0) hands
each task, signed, to a prover chosen among those that announced the project's engine; the
prover proves and outputs it and publishes each state signed; the sequencer records only
states that verify against the task it signed. A py-libp2p peer plays a rogue prover that
sends forged and tampered states and then goes silent.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sqlite3
import time

import pytest
import requests

from conftest import BIN, Node
from test_p2p_interop import PY_PEER, PYTHON, Peer, wait_until

TOPIC = "w3bstream-project-10003"
BODY = {"projectID": 10003, "projectVersion": "0.1", "data": json.dumps({"private_input": [14], "public_input": [3, 34], "receipt_type": "Snark"})}


def p2p_env(*, listen_port, bootstrap=None, timeout="3", workdir, ip="127.0.0.1"):
    env = {"SPROUT_P2P_ENABLED": "true", "SPROUT_P2P_LISTEN": f"/ip4/{ip}/tcp/{listen_port}",
           "SPROUT_P2P_KEY_FILE": str(workdir / "p2p.key"), "SPROUT_P2P_ANNOUNCE_SECONDS": "0.5",
           "SPROUT_P2P_ASSIGN_TIMEOUT_SECONDS": timeout}
    if bootstrap:
        env["SPROUT_P2P_BOOTSTRAP"] = bootstrap
    return env


class Hosts:
    """Where a test's nodes run. As root with `ip netns`, each prover gets a network namespace
    of its own, joined to the test's bridge by a veth pair, so libp2p traffic crosses real
    interfaces and each prover has its own loopback and ports; the sequencer and the test stay
    in the root namespace, on the bridge's address. Otherwise (or with SPROUT_TEST_NETNS=0)
    every node is on 127.0.0.1."""
    made = 0

    def __init__(self):
        Hosts.made += 1
        # Interface names are at most 15 characters; the subnet differs per process and test.
        self.tag = f"sp{os.getpid() % 100000}n{Hosts.made}"
        self.prefix = f"10.231.{(os.getpid() * 7 + Hosts.made) % 250}"
        self.namespaces = []
        self.bridge = None
        if os.environ.get("SPROUT_TEST_NETNS") == "0" or os.geteuid() != 0 or not shutil.which("ip"):
            return
        try:
            self._ip("link", "add", f"{self.tag}b", "type", "bridge")
            self.bridge = f"{self.tag}b"
            self._ip("addr", "add", f"{self.prefix}.1/24", "dev", self.bridge)
            self._ip("link", "set", self.bridge, "up")
        except subprocess.CalledProcessError:
            self.close()  # no CAP_NET_ADMIN here: loopback it is

    @staticmethod
    def _ip(*args, netns=None):
        command = ["ip", *(["netns", "exec", netns, "ip"] if netns else []), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=10)

    @property
    def root_ip(self):
        return f"{self.prefix}.1" if self.bridge else "127.0.0.1"

    def place(self, node):
        """Puts `node` in a namespace of its own (when namespaces are in use); returns its IP."""
        if not self.bridge:
            return "127.0.0.1"
        n = len(self.namespaces) + 2
        namespace, outer, inner = f"{self.tag}s{n}", f"{self.tag}v{n}", f"{self.tag}i{n}"
        self._ip("netns", "add", namespace)
        self.namespaces.append(namespace)
        ip = f"{self.prefix}.{n}"
        self._ip("link", "add", outer, "type", "veth", "peer", "name", inner)
        self._ip("link", "set", inner, "netns", namespace)
        self._ip("link", "set", outer, "master", self.bridge, "up")
        self._ip("addr", "add", f"{ip}/24", "dev", inner, netns=namespace)
        self._ip("link", "set", inner, "up", netns=namespace)
        self._ip("link", "set", "lo", "up", netns=namespace)
        node.prefix = ["ip", "netns", "exec", namespace]
        node.url = f"http://{ip}:{node.port}"
        return ip

    def close(self):
        # The veth pairs go with their namespaces; nodes are stopped before this.
        for namespace in self.namespaces:
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True, timeout=10)
        if self.bridge:
            subprocess.run(["ip", "link", "del", self.bridge], capture_output=True, timeout=10)
        self.namespaces, self.bridge = [], None


def log_text(node):
    return (node.workdir / "node.log").read_text(errors="replace")


def peer_line(node, role):
    """The node's peer ID and dial address, from the line it logs once its host listens."""
    pattern = re.compile(rf"p2p {role} (\S+) listening on (\S+)")
    assert wait_until(lambda: pattern.search(log_text(node)) is not None, timeout=15), log_text(node)[-2000:]
    return pattern.search(log_text(node)).groups()


SLOW_PROJECT = json.dumps([{"vmType": "fixture", "code": "70726f67", "version": "0.1", "aggregation": {"amount": 10}}])


def start_node(nodes, tmp_path, name, provers, slow=False, **p2p):
    """A node with sprout's wasm project 10003, or (slow) with project 7 on the C fixture
    engine, where a task packs 10 messages and each "slow" message takes 200 ms to prove.
    A prover runs in a network namespace of its own when `nodes.hosts` makes them."""
    workdir = tmp_path / name
    workdir.mkdir()
    from conftest import free_port
    node = Node(workdir, [] if slow else ["10003"])
    if slow:
        shutil.copy(BIN / "libsprout_fixture_minimal.so", workdir / "plugins" / "fixture.so")
        (workdir / "projects" / "7").write_text(SLOW_PROJECT)
    ip = nodes.hosts.place(node) if provers else nodes.hosts.root_ip
    host = ["--host", "0.0.0.0"] if node.prefix else []
    nodes.append(node)
    node.start("--provers", str(provers), "--flush-timeout", "5" if slow else "0", *host,
               env=p2p_env(listen_port=free_port(), workdir=workdir, ip=ip, **p2p))
    return node


class Nodes(list):
    """The nodes a test started, stopped at its end, and the hosts they run on."""

    def __init__(self):
        super().__init__()
        self.hosts = Hosts()


@pytest.fixture
def nodes():
    started = Nodes()
    try:
        yield started
    finally:
        for node in started:
            node.stop()
        started.hosts.close()


def prover_of(sequencer):
    return re.findall(r"task \d+ of project \d+ assigned to (\S+)", log_text(sequencer))


def test_p2p_messages_proved_by_remote_provers(tmp_path, nodes):
    """Sequencer + two provers, each with its own SQLite: every message ends `outputted` in the
    sequencer's log, proved by a prover that announced the wasm engine, never by the sequencer."""
    sequencer = start_node(nodes, tmp_path, "sequencer", 0)
    _, seq_addr = peer_line(sequencer, "sequencer")
    provers = []
    for name in ("prover-a", "prover-b"):
        prover = start_node(nodes, tmp_path, name, 1, bootstrap=seq_addr)
        provers.append(peer_line(prover, "prover")[0])
    assert wait_until(lambda: all(p in log_text(sequencer) for p in provers), timeout=15), "provers not announced"

    started = time.monotonic()
    ids = [sequencer.post(BODY).json()["messageID"] for _ in range(4)]
    latencies = []
    for message_id in ids:
        states = sequencer.wait_final(message_id, seconds=60)
        latencies.append(time.monotonic() - started)
        assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"], states
        assert states[3]["result"], "the prover's result is recorded"
    # Each task is assigned once: no prover misses a publication (SproutP2P registers a
    # connection with pubsub before reading from it, so the first subscription list counts).
    assigned = prover_of(sequencer)
    assert len(assigned) == 4 and set(assigned) <= set(provers), assigned
    # The provers' own stores hold the tasks they proved (imported, then proved and outputted).
    imported = sum(log_text(n).count("p2p: imported task") for n in nodes[1:])
    assert imported >= 4
    print(json.dumps({"remote_proved_latency_s": [round(x, 3) for x in latencies], "assigned": assigned}))


def test_p2p_forged_states_refused_and_silent_prover_replaced(tmp_path, nodes):
    """A py-libp2p peer announces itself as a wasm prover and gets the task. Its tampered state
    (bad signature) and a state signed by a peer that is not the assigned prover are refused and
    leave the message untouched; it then goes silent, and after the assignment timeout the task
    goes to a real prover and ends `outputted` exactly once."""
    sequencer = start_node(nodes, tmp_path, "sequencer", 0, timeout="3")
    seq_peer, seq_addr = peer_line(sequencer, "sequencer")
    rogue = Peer([PYTHON, str(PY_PEER)], "rogue")
    try:
        rogue.call("subscribed", cmd="subscribe", topic=TOPIC)
        rogue.call("dialed", cmd="dial", addr=seq_addr)
        announcement = json.dumps({"proverAnnouncement": {"prover": rogue.peer, "vmTypes": ["wasm"]}})

        def announce():
            rogue.call("published", cmd="publish", topic="sprout-provers", data=announcement)
            return rogue.peer in log_text(sequencer)
        assert wait_until(announce, timeout=15, interval=0.5), "rogue prover not heard"

        message_id = sequencer.post(BODY).json()["messageID"]
        task = rogue.expect("message", timeout=15, where=lambda e: "task" in e.get("json", {}))["json"]["task"]
        assert task["assignedProver"] == rogue.peer and task["sequencer"] == seq_peer

        common = dict(cmd="publish_state", topic=TOPIC, task=task, result_hex="deadbeef", time="2026-11-26T06:00:00Z")

        def tamper():
            rogue.call("published", state="proved", tamper=True, **common)
            return "badSignature" in log_text(sequencer)
        assert wait_until(tamper, timeout=10, interval=0.5), log_text(sequencer)[-2000:]
        # A second py peer, not assigned, signs a well-formed state for the same task.
        other = Peer([PYTHON, str(PY_PEER)], "other")
        try:
            other.call("subscribed", cmd="subscribe", topic=TOPIC)
            other.call("dialed", cmd="dial", addr=seq_addr)

            def forge():
                other.call("published", state="outputted", **common)
                return "notAssignedProver" in log_text(sequencer)
            assert wait_until(forge, timeout=10, interval=0.5), log_text(sequencer)[-2000:]
        finally:
            other.close()
        assert [s["state"] for s in sequencer.states(message_id)] == ["received", "packed", "dispatched"]

        # The rogue stays silent; a real prover joins and, after the timeout, gets the task.
        prover = start_node(nodes, tmp_path, "prover", 1, bootstrap=seq_addr)
        prover_peer, _ = peer_line(prover, "prover")
        states = sequencer.wait_final(message_id, seconds=60)
        assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"], states
        assert prover_of(sequencer) == [rogue.peer, prover_peer]
        assert "after 1 silent" in log_text(sequencer)
    finally:
        rogue.close()


def local_task_states(node):
    """States of the tasks in a node's own SQLite store (read while the node runs)."""
    with sqlite3.connect(f"file:{node.workdir / 'db.sqlite'}?mode=ro", uri=True, timeout=5) as db:
        return [row[0] for row in db.execute("SELECT state FROM tasks")]


def test_p2p_prover_killed_mid_proof_its_task_finished_by_another(tmp_path, nodes):
    """Three nodes: a sequencer and two provers. 20 messages make two tasks of 10 "slow" messages
    (2 s of proving each). The prover that holds the first task is SIGKILLed while proving it; it
    stops announcing, the sequencer hands the task to the other prover after the 3 s timeout, and
    every message ends `outputted` exactly once."""
    sequencer = start_node(nodes, tmp_path, "sequencer", 0, slow=True)
    _, seq_addr = peer_line(sequencer, "sequencer")
    provers = {}
    for name in ("prover-a", "prover-b"):
        prover = start_node(nodes, tmp_path, name, 1, slow=True, bootstrap=seq_addr)
        provers[peer_line(prover, "prover")[0]] = prover
    assert wait_until(lambda: all(p in log_text(sequencer) for p in provers), timeout=15), "provers not announced"

    ids = [sequencer.post({"projectID": 7, "projectVersion": "0.1", "data": "slow"}).json()["messageID"] for _ in range(20)]
    assert wait_until(lambda: prover_of(sequencer), timeout=20, interval=0.05), log_text(sequencer)[-2000:]
    doomed_peer = prover_of(sequencer)[0]
    doomed = provers[doomed_peer]
    # Mid-proof: the prover's pipeline claimed the imported task (dispatched) and has not proved it.
    assert wait_until(lambda: "dispatched" in local_task_states(doomed), timeout=15, interval=0.05), log_text(doomed)[-2000:]
    doomed.kill()
    assert "proved" not in local_task_states(doomed), "the task was proved before the kill; the test proved nothing"

    for message_id in ids:
        states = [s["state"] for s in sequencer.wait_final(message_id, seconds=60)]
        assert states == ["received", "packed", "dispatched", "proved", "outputted"], states
    survivor_peer = next(p for p in provers if p != doomed_peer)
    assert "after 1 silent" in log_text(sequencer)
    # The killed prover's task went to the survivor, and no task was finished twice.
    finished = re.findall(r"p2p: task (\d+) outputted by (\S+)", log_text(sequencer))
    assert len(finished) == 2 and len({task for task, _ in finished}) == 2, finished
    assert any(by == survivor_peer for _, by in finished), finished
    assert log_text(provers[survivor_peer]).count("[SproutNode] outputted") >= 1


def test_p2p_queued_tasks_stay_with_a_live_prover(tmp_path, nodes):
    """One prover gets three 2 s tasks at once, so the last waits about 4 s in its queue, longer
    than the 3 s assignment timeout. The prover acknowledges each task as it imports it and
    keeps announcing, so no task is reassigned, and all 30 messages end `outputted` once."""
    sequencer = start_node(nodes, tmp_path, "sequencer", 0, slow=True)
    _, seq_addr = peer_line(sequencer, "sequencer")
    prover = start_node(nodes, tmp_path, "prover", 1, slow=True, bootstrap=seq_addr)
    prover_peer, _ = peer_line(prover, "prover")
    assert wait_until(lambda: prover_peer in log_text(sequencer), timeout=15), "prover not announced"
    ids = [sequencer.post({"projectID": 7, "projectVersion": "0.1", "data": "slow"}).json()["messageID"] for _ in range(30)]
    for message_id in ids:
        states = [s["state"] for s in sequencer.wait_final(message_id, seconds=60)]
        assert states == ["received", "packed", "dispatched", "proved", "outputted"], states
    assert prover_of(sequencer) == [prover_peer] * 3, prover_of(sequencer)
    assert "silent" not in log_text(sequencer)


def test_p2p_stalled_prover_drops_a_reassigned_task(tmp_path, nodes):
    """A prover frozen (SIGSTOP) mid-proof goes silent; its task goes to the other prover. Once
    thawed, the frozen prover reads the reassignment, signed by the sequencer, and fails its
    copy instead of proving it: the task is output once in the whole network, and the frozen
    prover reports nothing more."""
    sequencer = start_node(nodes, tmp_path, "sequencer", 0, slow=True, timeout="2")
    _, seq_addr = peer_line(sequencer, "sequencer")
    provers = {}
    for name in ("prover-a", "prover-b"):
        prover = start_node(nodes, tmp_path, name, 1, slow=True, bootstrap=seq_addr, timeout="2")
        provers[peer_line(prover, "prover")[0]] = prover
    assert wait_until(lambda: all(p in log_text(sequencer) for p in provers), timeout=15), "provers not announced"

    ids = [sequencer.post({"projectID": 7, "projectVersion": "0.1", "data": "slow"}).json()["messageID"] for _ in range(10)]
    assert wait_until(lambda: prover_of(sequencer), timeout=20, interval=0.05), log_text(sequencer)[-2000:]
    stalled_peer = prover_of(sequencer)[0]
    stalled = provers[stalled_peer]
    assert wait_until(lambda: "dispatched" in local_task_states(stalled), timeout=15, interval=0.02), log_text(stalled)[-2000:]
    stalled.process.send_signal(signal.SIGSTOP)
    try:
        assert wait_until(lambda: "after 1 silent" in log_text(sequencer), timeout=20, interval=0.05), log_text(sequencer)[-2000:]
        assert local_task_states(stalled) == ["dispatched"], "the task was proved before the freeze; the test proved nothing"
    finally:
        stalled.process.send_signal(signal.SIGCONT)
    other_peer = next(p for p in provers if p != stalled_peer)
    for message_id in ids:
        states = [s["state"] for s in sequencer.wait_final(message_id, seconds=60)]
        assert states == ["received", "packed", "dispatched", "proved", "outputted"], states
    assert prover_of(sequencer) == [stalled_peer, other_peer]
    assert wait_until(lambda: local_task_states(stalled) == ["failed"], timeout=15), local_task_states(stalled)
    assert f"was reassigned to {other_peer}; dropping local task" in log_text(stalled)
    assert "[SproutNode] outputted" not in log_text(stalled)
    assert "[SproutNode] outputted" in log_text(provers[other_peer])
    assert "refused state" not in log_text(sequencer)
