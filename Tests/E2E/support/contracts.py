"""Compiles the test contracts with Vyper and deploys them on a `Chain`."""
import json
from functools import lru_cache
from pathlib import Path

import vyper

HERE = Path(__file__).resolve().parent / "contracts"


@lru_cache(maxsize=None)
def compile_contract(name: str):
    """(abi, bytecode) of contracts/<name>.vy."""
    out = vyper.compile_code((HERE / f"{name}.vy").read_text(), output_formats=["abi", "bytecode"])
    return out["abi"], out["bytecode"]


class Deployed:
    def __init__(self, chain, address: str, abi):
        self.chain, self.address, self.abi = chain, address, abi
        self.abi_json = json.dumps(abi)

    def _function(self, name):
        return next(f for f in self.abi if f.get("type") == "function" and f["name"] == name)

    def call(self, name, *args):
        """eth_call of a function through the chain's JSON-RPC handler; returns the decoded
        outputs (one value or a tuple)."""
        from eth_abi import decode, encode
        from eth_utils import function_abi_to_4byte_selector

        fn = self._function(name)
        data = function_abi_to_4byte_selector(fn) + encode([i["type"] for i in fn["inputs"]], list(args))
        raw = self.chain.handle("eth_call", [{"to": self.address, "data": "0x" + data.hex()}, "latest"])
        values = decode([o["type"] for o in fn["outputs"]], bytes.fromhex(raw[2:]))
        return values[0] if len(values) == 1 else values

    def transact(self, name, *args):
        """Sends a transaction from the chain's first account; returns the receipt."""
        from eth_abi import encode
        from eth_utils import function_abi_to_4byte_selector

        fn = self._function(name)
        data = function_abi_to_4byte_selector(fn) + encode([i["type"] for i in fn["inputs"]], list(args))
        with self.chain.lock:
            tx_hash = self.chain.tester.send_transaction({"from": self.chain.accounts[0], "to": self.address,
                                                          "data": "0x" + data.hex(), "gas": 500_000})
            return self.chain.tester.get_transaction_receipt(tx_hash)


def deploy(chain, name: str) -> Deployed:
    abi, bytecode = compile_contract(name)
    with chain.lock:
        tx_hash = chain.tester.send_transaction({"from": chain.accounts[0], "data": bytecode, "gas": 3_000_000})
        address = chain.tester.get_transaction_receipt(tx_hash)["contract_address"]
    return Deployed(chain, address, abi)
