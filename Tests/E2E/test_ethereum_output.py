"""sprout's `ethereumContract` output against a real EVM (py-evm through eth-tester behind
support/evm_chain.py's JSON-RPC server), with receivers compiled by Vyper."""
import json

import pytest

from conftest import FIXTURES, Node
from support.contracts import deploy
from support.evm_chain import Chain, ChainServer

RECEIVER = "0x00000000000000000000000000000000000000aa"


@pytest.fixture
def chain():
    server = ChainServer(Chain()).start()
    yield server
    server.stop()


@pytest.fixture
def node_key(chain, monkeypatch):
    """The node signs with the chain's second funded account (the first deploys)."""
    key = chain.chain.tester.backend.account_keys[1]
    monkeypatch.setenv("SPROUT_ETH_PRIVATE_KEY", key.to_hex())
    return key


def project_with_ethereum_output(node, chain, contract, method, **extra):
    """Project 10003 (wasm) whose output calls `method` on `contract`."""
    versions = json.loads((FIXTURES / "10003").read_text())
    for version in versions:
        version["output"] = {"type": "ethereumContract", "ethereum": {
            "chainEndpoint": chain.url, "contractAddress": contract.address, "contractMethod": method,
            "contractAbiJSON": contract.abi_json, **extra}}
    (node.workdir / "projects" / "10003").write_text(json.dumps(versions))


def test_proof_is_written_to_the_contract_and_the_task_ends_outputted(tmp_path, chain, node_key):
    store = deploy(chain.chain, "ProofStore")
    node = Node(tmp_path, [])
    project_with_ethereum_output(node, chain, store, "submit", receiverAddress=RECEIVER)
    node.start()
    try:
        message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": '{"note": "hello chain"}'}).json()["messageID"]
        states = node.wait_final(message_id)
        assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"], states
        proof = states[3]["result"].encode("latin-1")
        tx_hash = states[4]["result"]
        assert tx_hash.startswith("0x") and len(tx_hash) == 66
        with chain.chain.lock:
            receipt = chain.chain.tester.get_transaction_receipt(tx_hash)
            tx = chain.chain.tester.get_transaction_by_hash(tx_hash)
        assert receipt["status"] == 1 and receipt["to"].lower() == store.address.lower()
        assert tx["from"].lower() == node_key.public_key.to_checksum_address().lower()
        # Storage holds the proof and the mapped values, read back with eth_call.
        assert store.call("proof") == proof == b"\x00\x00\x00\x00"
        assert store.call("projectId") == 10003
        assert store.call("receiver").lower() == RECEIVER.lower()
        assert store.call("note") == "hello chain"
        assert store.call("count") == 1
    finally:
        node.stop()


def test_concurrent_outputs_take_distinct_nonces(tmp_path, chain, node_key):
    store = deploy(chain.chain, "ProofStore")
    node = Node(tmp_path, [])
    project_with_ethereum_output(node, chain, store, "submit", receiverAddress=RECEIVER)
    node.start("--provers", "4")
    try:
        ids = [node.post({"projectID": 10003, "projectVersion": "0.1", "data": json.dumps({"note": f"n{i}"})}).json()["messageID"]
               for i in range(6)]
        finals = [node.wait_final(i)[-1] for i in ids]
        assert [f["state"] for f in finals] == ["outputted"] * 6, finals
        assert len({f["result"] for f in finals}) == 6
        assert store.call("count") == 6
        with chain.chain.lock:
            nonces = sorted(chain.chain.tester.get_transaction_by_hash(f["result"])["nonce"] for f in finals)
        assert nonces == list(range(6))
    finally:
        node.stop()


def test_revert_fails_the_task_with_the_decoded_reason(tmp_path, chain, node_key):
    store = deploy(chain.chain, "ProofStore")
    node = Node(tmp_path, [])
    project_with_ethereum_output(node, chain, store, "reject")
    node.start()
    try:
        message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "x"}).json()["messageID"]
        states = node.wait_final(message_id, seconds=90)
        assert states[-1]["state"] == "failed", states
        assert "execution reverted: proof rejected by the receiver" in states[-1]["comment"]
        assert "gave up after" in states[-1]["comment"]
        assert store.call("count") == 0
    finally:
        node.stop()


@pytest.mark.parametrize("method, extra, reason", [
    ("submit", {}, "needs output.ethereum.receiverAddress"),
    ("missing", {"receiverAddress": RECEIVER}, 'contractMethod "missing" is not a function'),
    ("submit", {"receiverAddress": "0x1234"}, "receiverAddress: address"),
])
def test_unmappable_output_is_refused_when_the_project_loads(tmp_path, chain, method, extra, reason):
    store = deploy(chain.chain, "ProofStore")
    node = Node(tmp_path, [])
    project_with_ethereum_output(node, chain, store, method, **extra)
    node.start()
    try:
        reply = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "x"})
        assert reply.status_code == 400
        assert reason in (tmp_path / "node.log").read_text()
    finally:
        node.stop()


def test_stuck_transaction_is_resubmitted_with_higher_fees(tmp_path, chain, node_key, monkeypatch):
    store = deploy(chain.chain, "ProofStore")
    # Tips under 1.3 gwei stay pending: the node's first tip (1 gwei) and its first 20% bump
    # (1.2 gwei) wait, the second bump (1.44 gwei) replaces them and is mined.
    chain.chain.congest(1_300_000_000)
    monkeypatch.setenv("SPROUT_ETHEREUM_BUMP_AFTER_SECONDS", "0.5")
    node = Node(tmp_path, [])
    project_with_ethereum_output(node, chain, store, "submit", receiverAddress=RECEIVER)
    node.start()
    try:
        message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": '{"note": "bumped"}'}).json()["messageID"]
        final = node.wait_final(message_id)[-1]
        assert final["state"] == "outputted", final
        with chain.chain.lock:
            tx = chain.chain.tester.get_transaction_by_hash(final["result"])
        assert tx["nonce"] == 0 and tx["max_priority_fee_per_gas"] == 1_440_000_000
        assert store.call("note") == "bumped" and store.call("count") == 1
    finally:
        node.stop()
