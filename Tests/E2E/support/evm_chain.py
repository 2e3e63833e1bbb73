"""A local EVM chain for the end-to-end tests: py-evm through eth-tester behind a small
JSON-RPC 2.0 server over HTTP, speaking the subset of the Ethereum API that sprout's
outputs and registry watcher use. Reverted calls answer like geth: code 3 with the revert
data, so clients decode the reason themselves.

Test peer only; never part of the product.
"""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eth.exceptions import Revert
from eth.vm.spoof import SpoofTransaction
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.backends.pyevm.main import _execute_and_revert_transaction
from eth_tester.exceptions import TransactionFailed, TransactionNotFound, ValidationError


def _hex(value) -> str:
    if isinstance(value, int):
        return hex(value)
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    return value


class RPCError(Exception):
    def __init__(self, code: int, message: str, data=None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


class Chain:
    """One eth-tester chain; every access holds `lock` (eth-tester is not thread-safe)."""

    def __init__(self):
        self.tester = EthereumTester(PyEVMBackend())
        self.lock = threading.RLock()
        self.accounts = self.tester.get_accounts()
        # When set, transactions tipping less stay pending (as on a busy chain) until a
        # replacement with a high enough tip arrives: the fee-bump test's congestion.
        self.minimum_tip = None

    def congest(self, minimum_tip: int):
        with self.lock:
            self.minimum_tip = minimum_tip
            self.tester.disable_auto_mine_transactions()

    @property
    def chain_id(self) -> int:
        return self.tester.backend.chain.chain_id

    def mine(self, blocks: int = 1):
        with self.lock:
            self.tester.mine_blocks(blocks)

    # -- JSON-RPC ---------------------------------------------------------------------------

    def handle(self, method: str, params: list):
        handler = getattr(self, "rpc_" + method, None)
        if handler is None:
            raise RPCError(-32601, f"the method {method} does not exist/is not available")
        with self.lock:
            return handler(*params)

    def rpc_eth_chainId(self):
        return hex(self.chain_id)

    def rpc_net_version(self):
        return str(self.chain_id)

    def rpc_eth_blockNumber(self):
        return hex(self.tester.get_block_by_number("latest")["number"])

    def rpc_eth_gasPrice(self):
        return hex(self.tester.get_block_by_number("latest")["base_fee_per_gas"] + 10**9)

    def rpc_eth_maxPriorityFeePerGas(self):
        return hex(10**9)

    def rpc_eth_getBlockByNumber(self, number, full=False):
        try:
            block = self.tester.get_block_by_number(number if number in ("latest", "earliest", "pending", "safe", "finalized") else int(number, 16))
        except Exception:
            return None
        return {"number": hex(block["number"]), "hash": _hex(block["hash"]), "parentHash": _hex(block["parent_hash"]),
                "timestamp": hex(block["timestamp"]), "baseFeePerGas": hex(block["base_fee_per_gas"]),
                "gasLimit": hex(block["gas_limit"]), "transactions": [_hex(t) if not full else t for t in block["transactions"]]}

    def rpc_eth_getTransactionCount(self, address, block="latest"):
        return hex(self.tester.get_nonce(address, "pending" if block == "pending" else block))

    def rpc_eth_getBalance(self, address, block="latest"):
        return hex(self.tester.get_balance(address))

    def rpc_eth_getCode(self, address, block="latest"):
        return _hex(self.tester.get_code(address))

    def _transaction(self, call: dict) -> dict:
        tx = {"from": call.get("from") or self.accounts[0], "data": call.get("data") or call.get("input") or "0x"}
        if call.get("to"):
            tx["to"] = call["to"]
        if call.get("gas"):
            tx["gas"] = int(call["gas"], 16)
        if call.get("value"):
            tx["value"] = int(call["value"], 16)
        return tx

    def _revert_data(self, tx: dict, block):
        """Runs the call on py-evm to get the raw revert output eth-tester only gives decoded."""
        backend = self.tester.backend
        raw = self.tester.normalizer.normalize_inbound_transaction(dict(tx, gas=tx.get("gas", backend._max_available_gas())))
        raw_block = self.tester.normalizer.normalize_inbound_block_number(block)
        unsigned = backend._get_normalized_and_unsigned_evm_transaction(raw, raw_block)
        computation = _execute_and_revert_transaction(backend.chain, SpoofTransaction(unsigned, from_=raw["from"]), raw_block)
        if computation.is_error and isinstance(computation._error, Revert):
            return computation._error.args[0] if computation._error.args else b""
        return None

    def _block(self, block):
        return block if block in ("latest", "earliest", "pending") else int(block, 16)

    def _reverted(self, tx, block, error):
        data = self._revert_data(tx, block)
        if data is not None:
            return RPCError(3, "execution reverted", _hex(data))
        return RPCError(-32000, f"execution failed: {error}")

    def rpc_eth_call(self, call, block="latest"):
        tx = self._transaction(call)
        try:
            return _hex(self.tester.call(tx, self._block(block)))
        except TransactionFailed as error:
            raise self._reverted(tx, self._block(block), error)

    def rpc_eth_estimateGas(self, call, block="latest"):
        tx = self._transaction(call)
        try:
            return hex(self.tester.estimate_gas(tx, self._block(block)))
        except TransactionFailed as error:
            raise self._reverted(tx, self._block(block), error)

    def rpc_eth_sendRawTransaction(self, raw):
        try:
            tx_hash = _hex(self.tester.send_raw_transaction(raw))
            if self.minimum_tip is not None:
                tx = self.tester.get_transaction_by_hash(tx_hash)
                tip = tx.get("max_priority_fee_per_gas", tx.get("gas_price", 0))
                if tip >= self.minimum_tip:
                    self.tester.mine_blocks(1)
            return tx_hash
        except (ValidationError, ValueError) as error:
            message = str(error)
            if "nonce" in message.lower():
                message = "nonce too low: " + message
            raise RPCError(-32000, message)
        except TransactionFailed as error:
            # A transaction that fails when mined is still mined (status 0); eth-tester raises
            # only for transactions it cannot include.
            raise RPCError(-32000, str(error))

    def rpc_eth_getTransactionReceipt(self, tx_hash):
        try:
            receipt = self.tester.get_transaction_receipt(tx_hash)
        except TransactionNotFound:
            return None
        if receipt.get("block_number") is None:
            return None
        return {"transactionHash": _hex(receipt["transaction_hash"]), "blockNumber": hex(receipt["block_number"]),
                "blockHash": _hex(receipt["block_hash"]), "status": hex(receipt["status"]),
                "gasUsed": hex(receipt["gas_used"]), "contractAddress": receipt.get("contract_address"),
                "logs": [self._log(log) for log in receipt["logs"]]}

    def _log(self, log):
        return {"address": log["address"], "topics": [_hex(t) for t in log["topics"]], "data": _hex(log["data"]),
                "blockNumber": hex(log["block_number"]), "blockHash": _hex(log["block_hash"]),
                "transactionHash": _hex(log["transaction_hash"]), "logIndex": hex(log["log_index"]), "removed": False}

    def rpc_eth_getLogs(self, query):
        def number(key, default):
            value = query.get(key, default)
            return self.tester.get_block_by_number("latest")["number"] if value == "latest" else int(value, 16)

        topics = query.get("topics")
        filter_id = self.tester.create_log_filter(from_block=number("fromBlock", "latest"), to_block=number("toBlock", "latest"),
                                                  address=query.get("address"), topics=topics)
        try:
            return [self._log(log) for log in self.tester.get_all_filter_logs(filter_id)]
        finally:
            self.tester.delete_filter(filter_id)

    # Test controls, as in Hardhat/Anvil.
    def rpc_evm_mine(self, blocks="0x1"):
        self.tester.mine_blocks(int(blocks, 16) if isinstance(blocks, str) else blocks)
        return "0x0"

    def rpc_evm_setAutomine(self, enabled):
        if enabled:
            self.tester.enable_auto_mine_transactions()
        else:
            self.tester.disable_auto_mine_transactions()
        return True


class ChainServer:
    """Serves a `Chain` on 127.0.0.1:<port> from a background thread."""

    def __init__(self, chain: Chain, port: int = 0):
        self.chain = chain
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    request = json.loads(body)
                except ValueError:
                    return self._reply({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse error"}})
                answers = [outer._answer(r) for r in request] if isinstance(request, list) else outer._answer(request)
                self._reply(answers)

            def _reply(self, obj):
                data = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _answer(self, request):
        self.requests.append(request.get("method"))
        try:
            result = self.chain.handle(request.get("method", ""), request.get("params") or [])
            return {"jsonrpc": "2.0", "id": request.get("id"), "result": result}
        except RPCError as error:
            err = {"code": error.code, "message": error.message}
            if error.data is not None:
                err["data"] = error.data
            return {"jsonrpc": "2.0", "id": request.get("id"), "error": err}
        except Exception as error:  # a bug or an eth-tester refusal: report it, keep serving
            return {"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": -32603, "message": f"{type(error).__name__}: {error}"}}

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="local py-evm chain with a JSON-RPC endpoint")
    parser.add_argument("--port", type=int, default=8545)
    args = parser.parse_args()
    server = ChainServer(Chain(), args.port)
    print(f"chain {server.chain.chain_id} on {server.url}; funded account {server.chain.accounts[0]}", flush=True)
    server.httpd.serve_forever()
