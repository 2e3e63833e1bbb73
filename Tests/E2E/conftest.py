"""Starts real `sprout serve` processes for the end-to-end tests."""
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".build" / "release"
FIXTURES = REPO.parent / "shared" / "fixtures" / "sprout"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """One `sprout serve` on loopback with its own database, projects and plugins."""

    #: Runs before the command, e.g. `ip netns exec NAME` (see test_p2p_nodes.py's Hosts).
    prefix: list[str] = []

    def __init__(self, workdir: Path, projects: list[str], db: str | None = None):
        self.workdir = workdir
        self.db = db or f"sqlite:{workdir / 'db.sqlite'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        (workdir / "projects").mkdir(exist_ok=True)
        (workdir / "plugins").mkdir(exist_ok=True)
        for project in projects:
            if not (FIXTURES / project).exists():
                pytest.fail(f"sprout's project {project} is missing: {FIXTURES} must hold shared/fixtures/sprout")
            shutil.copy(FIXTURES / project, workdir / "projects" / project)
        wasm = BIN / "libsprout_wasm.so"
        if not wasm.exists():
            pytest.fail(f"{wasm} is missing: run `make build` first")
        shutil.copy(wasm, workdir / "plugins" / wasm.name)

    def start(self, *extra: str, env: dict | None = None):
        self.log = open(self.workdir / "node.log", "ab")
        self.process = subprocess.Popen(
            [*self.prefix, str(BIN / "sprout"), "serve", "--port", str(self.port), "--db", self.db,
             "--projects", str(self.workdir / "projects"), "--plugins", str(self.workdir / "plugins"),
             "--admin-token", "secret", "--log-level", "info", *extra],
            stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"sprout serve exited with {self.process.returncode}; see {self.workdir / 'node.log'}")
            try:
                if requests.get(self.url + "/live", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        pytest.fail("sprout serve did not answer /live within 30 s")

    def kill(self):
        """SIGKILL: no chance to flush or clean up, as in a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def post(self, body, **kwargs):
        return requests.post(self.url + "/message", data=body if isinstance(body, (bytes, str)) else None,
                             json=None if isinstance(body, (bytes, str)) else body, timeout=10, **kwargs)

    def states(self, message_id: str):
        reply = requests.get(f"{self.url}/message/{message_id}", timeout=10)
        assert reply.status_code == 200
        return reply.json()["states"]

    def wait_final(self, message_id: str, seconds: float = 60):
        """Polls as sprout's e2e test does, but bounded."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            states = self.states(message_id) or []
            for state in states:
                if state["state"] in ("outputted", "failed"):
                    return states
            time.sleep(0.1)
        pytest.fail(f"message {message_id} did not finish within {seconds} s: {self.states(message_id)}")


def postgres_database() -> str:
    """A fresh database on the server `make test` started; its URL."""
    admin = os.environ.get("SPROUT_TEST_POSTGRES")
    if not admin:
        pytest.fail("SPROUT_TEST_POSTGRES is not set: run the tests with `make test`, which starts PostgreSQL")
    name = f"sprout_e2e_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
    subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    return admin.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def node(tmp_path):
    started = Node(tmp_path, ["10003"]).start()
    yield started
    started.stop()
