"""sprout's PoW-ERC20 project 20000 end to end: its wasm-pack halo2 module proves a mined nonce
and the node calls the project's `mine` method on a real EVM (py-evm behind
support/evm_chain.py), as sprout did on the IoTeX testnet.

The message is what the miner client of sprout's DePIN RC-20 example submits
(`ioctl ws message send --project-id 20000 --data …`): the token contract, the sender, a nonce,
`difficulty = (2²⁵⁶ − 1) >> d` and `diff = difficulty − hash`, where hash is
`poseidon.HashWithWidth([contract, sender, nonce], 5)` (go-iden3-crypto's Poseidon, circomlib
constants, width 5, state `[contract, sender, nonce, 0, 0]`). The module recomputes the hash in
its circuit and its MockProver rejects any other `diff`. The values below were mined offline
with d = 3 (hash = difficulty − diff = 6859874220306760608674805696968463337254588499135183635992796880367381267863);
d ≥ 3 keeps `difficulty` below the BN254 scalar field, as the module requires."""
import json
import shutil

import pytest
from eth_utils import keccak

from conftest import BIN, FIXTURES, Node
from support.contracts import deploy
from support.evm_chain import Chain, ChainServer

MINED = {
    "depinRC20Address": "0x5EacEF0D83FB47cC003C2968670C44E319a2C333",
    "sender": "0x8896780a7912829781f70344ab93e589dddb2930",
    "nonce": "0x16d354b3b958f0599f10393accf964291c5e816bfc97ac9a24e5673589c0e57a",
    "difficulty": "14474011154664524427946373126085988481658748083205070504932198000989141204991",
    "diff": "7614136934357763819271567429117525144404159584069886868939401120621759937128",
}


@pytest.fixture
def chain():
    server = ChainServer(Chain()).start()
    yield server
    server.stop()


def test_mined_nonce_is_proved_and_sent_to_mine(tmp_path, chain, monkeypatch):
    monkeypatch.setenv("SPROUT_ETH_PRIVATE_KEY", chain.chain.tester.backend.account_keys[1].to_hex())
    receiver = deploy(chain.chain, "MineReceiver")
    node = Node(tmp_path, [])
    shutil.copy(BIN / "libsprout_halo2.so", node.workdir / "plugins")
    versions = json.loads((FIXTURES / "20000").read_text())
    for version in versions:
        # The project's own ABI and method; only the chain and the contract are local.
        version["output"]["ethereum"].update(chainEndpoint=chain.url, contractAddress=receiver.address)
    (node.workdir / "projects" / "20000").write_text(json.dumps(versions))
    node.start()
    try:
        message_id = node.post({"projectID": 20000, "projectVersion": "0.1", "data": json.dumps(MINED)}).json()["messageID"]
        states = node.wait_final(message_id, seconds=400)
        assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"], states
        proof = states[3]["result"].encode("latin-1")
        assert receiver.call("count") == 1
        assert receiver.call("depinRC20Address").lower() == MINED["depinRC20Address"].lower()
        assert receiver.call("sender").lower() == MINED["sender"].lower()
        assert receiver.call("nonce") == int(MINED["nonce"], 16)
        assert receiver.call("proofLength") == len(proof) and receiver.call("proofHash") == keccak(proof)
        print(f"project 20000: {len(proof)}-byte proof sent to mine() in tx {states[4]['result']}")
    finally:
        node.stop()
