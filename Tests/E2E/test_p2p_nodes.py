"""Nodes cooperating over libp2p (Host/NodeP2P): a sequencer (`pipeline.provers` 0) hands
each task, signed, to a prover chosen among those that announced the project's engine; the
prover proves and outputs it and publishes each state signed; the sequencer records only
states that verify against the task it signed. A py-libp2p peer plays a rogue prover that
sends forged and tampered states and then goes silent.
"""
import json
import re
import time

import pytest
import requests

from conftest import Node
from test_p2p_interop import PY_PEER, PYTHON, Peer, wait_until

TOPIC = "w3bstream-project-10003"
BODY = {"projectID": 10003, "projectVersion": "0.1", "data": json.dumps({"private_input": [14], "public_input": [3, 34], "receipt_type": "Snark"})}


def p2p_env(*, listen_port, bootstrap=None, timeout="3", workdir):
    env = {"SPROUT_P2P_ENABLED": "true", "SPROUT_P2P_LISTEN": f"/ip4/127.0.0.1/tcp/{listen_port}",
           "SPROUT_P2P_KEY_FILE": str(workdir / "p2p.key"), "SPROUT_P2P_ANNOUNCE_SECONDS": "0.5",
           "SPROUT_P2P_ASSIGN_TIMEOUT_SECONDS": timeout}
    if bootstrap:
        env["SPROUT_P2P_BOOTSTRAP"] = bootstrap
    return env


def log_text(node):
    return (node.workdir / "node.log").read_text(errors="replace")


def peer_line(node, role):
    """The node's peer ID and dial address, from the line it logs once its host listens."""
    pattern = re.compile(rf"p2p {role} (\S+) listening on (\S+)")
    assert wait_until(lambda: pattern.search(log_text(node)) is not None, timeout=15), log_text(node)[-2000:]
    return pattern.search(log_text(node)).groups()


def start_node(tmp_path, name, provers, **p2p):
    workdir = tmp_path / name
    workdir.mkdir()
    from conftest import free_port
    node = Node(workdir, ["10003"])
    node.start("--provers", str(provers), "--flush-timeout", "0", env=p2p_env(listen_port=free_port(), workdir=workdir, **p2p))
    return node


@pytest.fixture
def nodes():
    started = []
    yield started
    for node in started:
        node.stop()


def prover_of(sequencer):
    return re.findall(r"task \d+ of project \d+ assigned to (\S+)", log_text(sequencer))


def test_p2p_messages_proved_by_remote_provers(tmp_path, nodes):
    """Sequencer + two provers, each with its own SQLite: every message ends `outputted` in the
    sequencer's log, proved by a prover that announced the wasm engine, never by the sequencer."""
    sequencer = start_node(tmp_path, "sequencer", 0)
    nodes.append(sequencer)
    _, seq_addr = peer_line(sequencer, "sequencer")
    provers = []
    for name in ("prover-a", "prover-b"):
        prover = start_node(tmp_path, name, 1, bootstrap=seq_addr)
        nodes.append(prover)
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
    # A task whose publication a prover missed (SproutP2P can lose the subscriptions sent as a
    # connection opens) is reassigned after the 3 s timeout, so there may be more assignments.
    assigned = prover_of(sequencer)
    assert len(assigned) >= 4 and set(assigned) <= set(provers), assigned
    # The provers' own stores hold the tasks they proved (imported, then proved and outputted).
    imported = sum(log_text(n).count("p2p: imported task") for n in nodes[1:])
    assert imported >= 4
    print(json.dumps({"remote_proved_latency_s": [round(x, 3) for x in latencies], "assigned": assigned}))


def test_p2p_forged_states_refused_and_silent_prover_replaced(tmp_path, nodes):
    """A py-libp2p peer announces itself as a wasm prover and gets the task. Its tampered state
    (bad signature) and a state signed by a peer that is not the assigned prover are refused and
    leave the message untouched; it then goes silent, and after the assignment timeout the task
    goes to a real prover and ends `outputted` exactly once."""
    sequencer = start_node(tmp_path, "sequencer", 0, timeout="3")
    nodes.append(sequencer)
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
        prover = start_node(tmp_path, "prover", 1, bootstrap=seq_addr)
        nodes.append(prover)
        prover_peer, _ = peer_line(prover, "prover")
        states = sequencer.wait_final(message_id, seconds=60)
        assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"], states
        assert prover_of(sequencer) == [rogue.peer, prover_peer]
        assert "after 1 silent" in log_text(sequencer)
    finally:
        rogue.close()
