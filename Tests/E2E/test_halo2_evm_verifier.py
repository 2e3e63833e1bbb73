"""`sprout halo2 verifier` writes a Vyper contract; compiled with vyper 0.4.3 and deployed on
py-evm (eth-tester), it accepts a proof made by `sprout prove` and rejects tampered ones."""
import base64
import json
import re
import shutil
import subprocess

import vyper
from eth_abi import encode
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.exceptions import TransactionFailed
from eth_utils import function_abi_to_4byte_selector

from conftest import BIN


def sprout(*args):
    return subprocess.run([str(BIN / "sprout"), *args], capture_output=True, text=True, timeout=600)


class Verifier:
    """The contract deployed on a fresh py-evm chain."""

    def __init__(self, source: str):
        out = vyper.compile_code(source, output_formats=["abi", "bytecode"])
        self.fn = next(f for f in out["abi"] if f.get("name") == "verify")
        self.code_size = len(out["bytecode"]) // 2 - 1
        self.tester = EthereumTester(PyEVMBackend())
        self.sender = self.tester.get_accounts()[0]
        tx = self.tester.send_transaction({"from": self.sender, "data": out["bytecode"], "gas": 12_000_000})
        self.address = self.tester.get_transaction_receipt(tx)["contract_address"]

    def _data(self, proof: bytes, instances: list[int]) -> str:
        args = [proof, instances]
        return "0x" + (function_abi_to_4byte_selector(self.fn) + encode([i["type"] for i in self.fn["inputs"]], args)).hex()

    def accepts(self, proof: bytes, instances: list[int]) -> bool:
        """True only when verify returns True; a revert (invalid point) counts as rejected."""
        try:
            raw = self.tester.call({"from": self.sender, "to": self.address, "data": self._data(proof, instances), "gas": 5_000_000})
        except TransactionFailed:
            return False
        return raw == "0x" + "00" * 31 + "01"

    def gas(self, proof: bytes, instances: list[int]) -> int:
        return self.tester.estimate_gas({"from": self.sender, "to": self.address, "data": self._data(proof, instances)})


def test_cli_verifier_accepts_sprout_prove_and_rejects_tampering(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    shutil.copy(BIN / "libsprout_halo2.so", plugins)

    generated = sprout("halo2", "verifier", "--circuit", "simple")
    assert generated.returncode == 0, generated.stderr
    source = generated.stdout
    (tmp_path / "Verifier.vy").write_text(source)
    identity = re.search(r"Program identity \(keccak256 of the verifying key\): ([0-9a-f]{64})", source).group(1)

    code = tmp_path / "simple.json"
    code.write_text('{"circuit":"simple"}')
    receipt_file = tmp_path / "simple.receipt"
    proved = sprout("prove", "--vm", "halo2", "--code", str(code), "--data", '{"private_a":3,"private_b":5}',
                    "--out", str(receipt_file), "--plugins", str(plugins))
    assert proved.returncode == 0, proved.stderr
    envelope = json.loads(receipt_file.read_text())
    assert envelope["programIdentity"] == identity, "the contract is for another key than the engine's"
    receipt = json.loads(base64.b64decode(envelope["receipt"]))
    proof = bytes.fromhex(receipt["proof"])
    instances = [int(v, 16) for column in receipt["instances"] for v in column]
    assert instances == [900]

    verifier = Verifier(source)
    assert verifier.accepts(proof, instances)
    gas = verifier.gas(proof, instances)
    print(f"halo2 simple circuit verifier from `sprout halo2 verifier`: {gas} gas, {verifier.code_size} bytes of code")
    assert gas < 1_000_000

    assert not verifier.accepts(proof, [901])
    for position in (0, 64 + 7, len(proof) // 2, len(proof) - 33, len(proof) - 1):
        tampered = bytearray(proof)
        tampered[position] ^= 0x01
        assert not verifier.accepts(bytes(tampered), instances), f"proof byte {position} flipped and still accepted"


def test_cli_verifier_refuses_unknown_circuit():
    result = sprout("halo2", "verifier", "--circuit", "nonesuch")
    assert result.returncode == 4
    assert "circuit" in result.stderr
