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



def test_three_nodes_a_node_killed_mid_proof(tmp_path):
    """Three `sprout serve` on one database; project 7 packs 10 "slow" messages per task (2 s of
    proving). The node that holds a task mid-proof is SIGKILLed; the other two take its task over
    after the 1 s lease, every message ends `outputted` exactly once, and no task is outputted
    twice."""
    db = postgres_database()
    nodes = {name: fixture_node(tmp_path / name, db) for name in ("a", "b", "c")}
    for name, node in nodes.items():
        (node.workdir / "projects" / "7").write_text(json.dumps(
            [{"vmType": "fixture", "code": "70726f67", "version": "0.1", "aggregation": {"amount": 10}}]))
        node.start("--provers", "1", "--flush-timeout", "5", env={"SPROUT_CLUSTER_LEASE_SECONDS": "1"})
    try:
        ids = [nodes["abc"[i % 3]].post({"projectID": 7, "projectVersion": "0.1", "data": "slow"}).json()["messageID"]
               for i in range(30)]

        def in_flight():
            rows = subprocess.run(["psql", db, "-qAtc", "SELECT id, lease_owner FROM tasks WHERE state = 'dispatched'"],
                                  capture_output=True, text=True, check=True).stdout.split()
            return [row.split("|") for row in rows]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not in_flight():
            time.sleep(0.02)
        held = in_flight()
        assert held, "no task was claimed within 30 s"
        task_id, owner = held[0]
        # A lease owner is `HOSTNAME:PORT` (cluster.nodeID unset).
        owner = next(name for name, node in nodes.items() if owner.endswith(f":{node.port}"))
        nodes[owner].kill()
        # Mid-proof: the task is still dispatched, under the dead node's lease.
        assert task_id in [task for task, _ in in_flight()], "the task finished before the kill; the test proved nothing"
        survivors = [node for name, node in nodes.items() if name != owner]
        for message_id in ids:
            states = [s["state"] for s in survivors[0].wait_final(message_id, 60)]
            assert states == ["received", "packed", "dispatched", "proved", "outputted"], states
        taken_over = "".join((node.workdir / "node.log").read_text() for node in survivors)
        assert f"taking over task {task_id}," in taken_over
        done = [outputted_tasks(node) for node in nodes.values()]
        tasks = subprocess.run(["psql", db, "-qAtc", "SELECT id FROM tasks"], capture_output=True, text=True, check=True).stdout.split()
        assert sum(len(d) for d in done) == len(set().union(*done)), f"a task was outputted twice: {done}"
        assert set().union(*done) == set(tasks), done
    finally:
        for node in nodes.values():
            node.stop()
