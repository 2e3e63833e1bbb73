"""Remote project sources, the config file and the admission limits of `sprout serve`."""
import hashlib
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from conftest import FIXTURES, Node


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def files(tmp_path):
    """A static HTTP server over a folder, standing in for a project host and an IPFS gateway."""
    root = tmp_path / "served"
    (root / "ipfs").mkdir(parents=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def wait_project(node, project_id, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p["projectID"] == project_id for p in requests.get(node.url + "/projects", timeout=5).json()["projects"]):
            return
        time.sleep(0.1)
    pytest.fail(f"project {project_id} was not loaded; log: {(node.workdir / 'node.log').read_text()[-2000:]}")


def test_projects_from_http_and_ipfs_with_sha256(tmp_path, files):
    root, base = files
    content = (FIXTURES / "10003").read_bytes()
    (root / "p.json").write_bytes(content)
    (root / "ipfs" / "bafyexample").write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    (tmp_path / "node").mkdir()
    node = Node(tmp_path / "node", [])
    node.start("--project-url", f"20001={base}/p.json#sha256={digest}",
               "--project-url", "20002=ipfs://bafyexample",
               "--project-url", f"20003={base}/p.json#sha256={'0' * 64}",
               env={"SPROUT_PROJECTS_IPFS_GATEWAY": base})
    try:
        wait_project(node, 20001)
        wait_project(node, 20002)
        for project in (20001, 20002):
            message_id = node.post({"projectID": project, "projectVersion": "0.1", "data": "remote"}).json()["messageID"]
            assert node.wait_final(message_id)[-1]["state"] == "outputted"
        # The file whose digest does not match is not loaded, and the log says why.
        reply = node.post({"projectID": 20003, "projectVersion": "0.1", "data": "x"})
        assert reply.status_code == 400
        errors = requests.get(node.url + "/projects", timeout=5).json()["errors"]
        assert f"SHA-256 is {digest}, the configured one is {'0' * 64}" in errors[f"{base}/p.json"]
    finally:
        node.stop()


def test_config_file_and_environment(tmp_path):
    config = tmp_path / "sprout.yaml"
    config.write_text("pipeline:\n  provers: 0\napi:\n  maxPendingPerProject: 2\n")
    node = Node(tmp_path, ["10003"])
    node.start("--config", str(config))
    try:
        body = {"projectID": 10003, "projectVersion": "0.1", "data": "x"}
        assert node.post(body).status_code == 200
        assert node.post(body).status_code == 200
        refused = node.post(body)
        assert refused.status_code == 429
        assert refused.json() == {"error": "project 10003 has 2 unfinished messages, the limit is 2; retry when its tasks finish"}
    finally:
        node.stop()


def test_rate_limit_per_client(tmp_path):
    node = Node(tmp_path, ["10003"])
    node.start("--rate-per-client", "0.5", env={"SPROUT_API_BURST_PER_CLIENT": "3"})
    try:
        body = {"projectID": 10003, "projectVersion": "0.1", "data": "x"}
        codes = [node.post(body).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        assert "messages per second" in node.post(body).json()["error"]
    finally:
        node.stop()


def test_bad_config_is_refused_with_the_reason(tmp_path):
    config = tmp_path / "sprout.yaml"
    config.write_text("pipline:\n  provers: 1\n")
    node = Node(tmp_path, [])
    with pytest.raises(pytest.fail.Exception):
        node.start("--config", str(config))
    assert 'unknown setting "pipline.provers"' in (tmp_path / "node.log").read_text()
