"""sprout's on-chain project registry: a running node installs the projects a registry contract
(Vyper, emitting sprout's ProjectUpserted event) announces, once confirmed, after checking the
file's SHA-256; a wrong hash or a broken file leaves the previous version serving."""
import functools
import hashlib
import json
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import FIXTURES, Node
from support.contracts import deploy
from support.evm_chain import Chain, ChainServer

CONFIRMATIONS = 2


class Files:
    """Serves a directory over HTTP on loopback."""

    def __init__(self, directory):
        self.directory = directory
        handler = functools.partial(SimpleHTTPRequestHandler, directory=str(directory))
        handler.log_message = lambda *args: None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, name: str, content: bytes):
        (self.directory / name).write_bytes(content)
        return f"http://127.0.0.1:{self.server.server_port}/{name}", hashlib.sha256(content).digest()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def chain():
    server = ChainServer(Chain()).start()
    yield server
    server.stop()


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def accepted(node, project_id):
    return node.post({"projectID": project_id, "projectVersion": "0.1", "data": "x"}).status_code == 200


def test_registered_projects_are_served_without_restart(tmp_path, chain):
    registry = deploy(chain.chain, "ProjectRegistry")
    files = Files(tmp_path / "www")
    (tmp_path / "www").mkdir()
    node = Node(tmp_path, [])
    config = tmp_path / "sprout.yaml"
    config.write_text(json.dumps({"registry": {
        "chainEndpoint": chain.url, "contract": registry.address, "startBlock": 0,
        "confirmations": CONFIRMATIONS, "pollSeconds": 0.2}}))
    node.start("--config", str(config))
    try:
        assert not accepted(node, 10003)
        project = (FIXTURES / "10003").read_bytes()
        uri, digest = files.publish("10003.json", project)
        registry.transact("upsert", 10003, uri, digest)
        # Not before the event has CONFIRMATIONS blocks (its own included).
        time.sleep(1)
        assert not accepted(node, 10003)
        chain.chain.mine(CONFIRMATIONS - 1)
        assert wait_for(lambda: accepted(node, 10003))
        message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "via registry"}).json()["messageID"]
        assert node.wait_final(message_id)[-1]["state"] == "outputted"

        # A wrong hash is refused and logged; the project is not installed.
        uri, digest = files.publish("10004.json", project)
        registry.transact("upsert", 10004, uri, bytes(32))
        chain.chain.mine(CONFIRMATIONS)
        assert wait_for(lambda: "SHA-256 is " + digest.hex() in (tmp_path / "node.log").read_text())
        assert not accepted(node, 10004)

        # A broken new version of 10003 fails to load; the old one keeps serving.
        broken = json.loads(project)
        broken[0]["output"] = {"type": "carrier-pigeon"}
        uri, digest = files.publish("10003-v2.json", json.dumps(broken).encode())
        registry.transact("upsert", 10003, uri, digest)
        chain.chain.mine(CONFIRMATIONS)
        assert wait_for(lambda: "carrier-pigeon" in (tmp_path / "node.log").read_text())
        assert accepted(node, 10003)
    finally:
        node.stop()
        files.close()
