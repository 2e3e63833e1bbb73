"""Project outputs against real receivers: a webhook server on loopback and a file."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import FIXTURES, Node


class Receiver:
    """A webhook receiver that answers each POST with the next scripted status code."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), json.loads(body)))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b'{"ack":true}' if status == 200 else b"try later")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def project_with_output(node, output):
    """Project 10003 (wasm) with its output replaced."""
    versions = json.loads((FIXTURES / "10003").read_text())
    for version in versions:
        version["output"] = output
    (node.workdir / "projects" / "10003").write_text(json.dumps(versions))


@pytest.fixture
def receiver():
    started = Receiver([])
    yield started
    started.close()


def test_webhook_is_retried_until_delivered(tmp_path, receiver):
    receiver.statuses = [500, 503]
    node = Node(tmp_path, [])
    project_with_output(node, {"type": "webhook", "webhook": {"url": receiver.url, "headers": {"Authorization": "Bearer t"}}})
    node.start()
    try:
        message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "hook me"}).json()["messageID"]
        states = node.wait_final(message_id)
        assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"]
        assert states[-1]["result"] == '{"ack":true}'
        assert len(receiver.requests) == 3
        keys = {headers["Idempotency-Key"] for headers, _ in receiver.requests}
        assert keys == {"10003/1"}
        headers, document = receiver.requests[-1]
        assert headers["Authorization"] == "Bearer t"
        assert document == {"idempotencyKey": "10003/1", "projectID": 10003, "taskID": 1, "result": "\u0000" * 4}
    finally:
        node.stop()


def test_webhook_refusal_fails_the_task_with_the_answer(tmp_path, receiver):
    receiver.statuses = [422]
    node = Node(tmp_path, [])
    project_with_output(node, {"type": "webhook", "webhook": {"url": receiver.url}})
    node.start()
    try:
        message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "x"}).json()["messageID"]
        states = node.wait_final(message_id)
        assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "failed"]
        assert "answered 422" in states[-1]["comment"] and "try later" in states[-1]["comment"]
        assert len(receiver.requests) == 1
    finally:
        node.stop()


def test_file_output_appends_json_lines(tmp_path):
    node = Node(tmp_path, [])
    out = tmp_path / "proofs.jsonl"
    project_with_output(node, {"type": "file", "file": {"path": str(out)}})
    node.start()
    try:
        ids = [node.post({"projectID": 10003, "projectVersion": "0.1", "data": f"m{i}"}).json()["messageID"] for i in range(3)]
        for message_id in ids:
            assert node.wait_final(message_id)[-1]["state"] == "outputted"
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        assert sorted(line["idempotencyKey"] for line in lines) == ["10003/1", "10003/2", "10003/3"]
    finally:
        node.stop()


@pytest.mark.parametrize("output, reason", [
    ({"type": "webhook", "webhook": {"url": "ftp://example.org/x"}}, "http:// or https://"),
    ({"type": "webhook"}, "webhook without webhook.url"),
    ({"type": "carrier-pigeon"}, 'output type \\"carrier-pigeon\\" is not supported'),
])
def test_bad_output_is_refused_when_the_project_loads(tmp_path, output, reason):
    node = Node(tmp_path, [])
    project_with_output(node, output)
    node.start()
    try:
        reply = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "x"})
        assert reply.status_code == 400
        log = (tmp_path / "node.log").read_text()
        assert reason.replace('\\"', '"') in log
    finally:
        node.stop()


def test_project_new_writes_a_webhook_project_that_aggregates(tmp_path, receiver):
    import subprocess
    import zlib

    from conftest import BIN

    wasm = tmp_path / "applet.wasm"
    wasm.write_bytes(zlib.decompress(bytes.fromhex(json.loads((FIXTURES / "10003").read_text())[0]["code"])))
    node = Node(tmp_path, [])
    subprocess.run([str(BIN / "sprout"), "project", "new", "--vm", "wasm", "--code", str(wasm), "--amount", "2",
                    "--output", f"webhook:{receiver.url}", "--out", str(node.workdir / "projects" / "30000")], check=True)
    node.start()
    try:
        ids = [node.post({"projectID": 30000, "projectVersion": "0.1", "data": f"m{i}"}).json()["messageID"] for i in range(2)]
        states = [node.wait_final(message_id) for message_id in ids]
        assert all(s[-1]["state"] == "outputted" for s in states)
        assert [document["taskID"] for _, document in receiver.requests] == [1]
    finally:
        node.stop()
