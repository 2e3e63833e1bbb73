"""A node killed with SIGKILL loses no accepted message and finishes every task after a restart."""
import concurrent.futures
import time

import pytest

from conftest import Node, postgres_database


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_sigkill_under_load_loses_nothing(tmp_path, backend):
    db = postgres_database() if backend == "postgres" else None
    # One prover, so the queue is still long when the kill comes.
    node = Node(tmp_path, ["10003"], db=db).start("--provers", "1")
    accepted = []
    try:
        def send(i):
            reply = node.post({"projectID": 10003, "projectVersion": "0.1", "data": f"message {i}"})
            assert reply.status_code == 200
            return reply.json()["messageID"]

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            accepted += list(pool.map(send, range(400)))
        # Kill while the pipeline is still working through them.
        last = [s["state"] for s in node.states(accepted[-1])]
        node.kill()
        assert last[-1] not in ("outputted", "failed"), "the node finished before the kill; the test proved nothing"
        node.start()
        deadline = time.monotonic() + 120
        for message_id in accepted:
            states = node.wait_final(message_id, max(1, deadline - time.monotonic()))
            names = [s["state"] for s in states]
            assert names[-1] == "outputted", names
            # The public states stay sprout's, each once, in order, even for a resumed task.
            assert names == ["received", "packed", "dispatched", "proved", "outputted"], names
    finally:
        node.stop()
