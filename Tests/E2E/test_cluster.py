"""Several `sprout serve` processes on one PostgreSQL database share the work through task
leases: every task is proved and outputted once, and a killed node's tasks are taken over."""
import json
import re
import shutil
import subprocess
import time

from conftest import BIN, Node, postgres_database


def fixture_node(workdir, db):
    """A node whose project 7 runs on the C fixture engine ("slow" data takes 200 ms)."""
    workdir.mkdir()
    node = Node(workdir, [], db=db)
    shutil.copy(BIN / "libsprout_fixture_minimal.so", node.workdir / "plugins" / "fixture.so")
    (node.workdir / "projects" / "7").write_text(json.dumps([{"vmType": "fixture", "code": "70726f67", "version": "0.1"}]))
    return node


def outputted_tasks(node):
    return set(re.findall(r"task=(\d+) \[SproutNode\] outputted", (node.workdir / "node.log").read_text()))


def test_two_nodes_share_one_database(tmp_path):
    db = postgres_database()
    first, second = fixture_node(tmp_path / "a", db), fixture_node(tmp_path / "b", db)
    first.start("--provers", "1")
    second.start("--provers", "1")
    try:
        ids = [(first if i % 2 else second).post({"projectID": 7, "projectVersion": "0.1", "data": "slow"}).json()["messageID"]
               for i in range(12)]
        for message_id in ids:
            states = first.wait_final(message_id, 60)
            assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"]
        a, b = outputted_tasks(first), outputted_tasks(second)
        assert a and b, "both nodes prove"
        assert not a & b, "no task is outputted twice"
        assert len(a | b) == 12
    finally:
        first.stop()
        second.stop()


def test_a_killed_nodes_tasks_are_taken_over(tmp_path):
    db = postgres_database()
    doomed, survivor = fixture_node(tmp_path / "a", db), fixture_node(tmp_path / "b", db)
    doomed.start("--provers", "2", env={"SPROUT_CLUSTER_LEASE_SECONDS": "1"})
    try:
        ids = [doomed.post({"projectID": 7, "projectVersion": "0.1", "data": "slow"}).json()["messageID"] for _ in range(6)]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(doomed.states(i)[-1]["state"] == "dispatched" for i in ids):
            time.sleep(0.01)
        doomed.kill()
        stranded = subprocess.run(["psql", db, "-qAtc", "SELECT count(*) FROM tasks WHERE state = 'dispatched'"],
                                  capture_output=True, text=True, check=True).stdout.strip()
        assert int(stranded) > 0, "no task was in flight at the kill; the test proved nothing"
        survivor.start("--provers", "2", env={"SPROUT_CLUSTER_LEASE_SECONDS": "1"})
        for message_id in ids:
            names = [s["state"] for s in survivor.wait_final(message_id, 60)]
            assert names == ["received", "packed", "dispatched", "proved", "outputted"], names
        assert "taking over task" in (survivor.workdir / "node.log").read_text()
    finally:
        survivor.stop()

