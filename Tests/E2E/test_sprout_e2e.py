"""sprout v0.8's own e2e cases (cmd/tests/e2e_test.go), ported, against `sprout serve`."""
import requests


def test_bad_request_reports_the_missing_field_byte_for_byte(node):
    reply = node.post(b'{"ProjectID":10000,"ProjectVersion":"0.1"}')
    assert reply.status_code == 400
    assert reply.content == b'{"error":"Key: \'HandleMessageReq.Data\' Error:Field validation for \'Data\' failed on the \'required\' tag"}'
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"


def test_unknown_project_is_refused_byte_for_byte(node):
    reply = node.post({"projectID": 99999, "projectVersion": "0.1", "data": "x"})
    assert reply.status_code == 400
    assert reply.content == b'{"error":"project config not exist, projectID 99999, version 0.1"}'
    # An existing project with an unknown version gets the same message.
    reply = node.post({"projectID": 10003, "projectVersion": "0.2", "data": "x"})
    assert reply.content == b'{"error":"project config not exist, projectID 10003, version 0.2"}'


def test_wasm_project_ends_outputted(node):
    reply = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "wasm log example"})
    assert reply.status_code == 200
    message_id = reply.json()["messageID"]
    states = node.wait_final(message_id)
    assert [s["state"] for s in states] == ["received", "packed", "dispatched", "proved", "outputted"]
    assert all(set(s) == {"state", "time", "comment", "result"} for s in states)
    # start(rid) returned 0: four NUL bytes, as sprout's wasm runtime produced.
    assert states[3]["result"] == "\u0000\u0000\u0000\u0000"
    # Plain wasm has no proof (as in sprout); the proved entry says so.
    assert states[3]["comment"] == "executed without a proof: sprout-wasm 1.0.0 cannot prove"
    raw = requests.get(f"{node.url}/message/{message_id}", timeout=10).content
    assert b'"result":"\\u0000\\u0000\\u0000\\u0000"' in raw


def test_unknown_message_has_null_states(node):
    reply = requests.get(f"{node.url}/message/nope", timeout=10)
    assert reply.status_code == 200
    assert reply.content == b'{"messageID":"nope","states":null}'


def test_unknown_route_is_gins_404(node):
    reply = requests.get(f"{node.url}/message", timeout=10)
    assert reply.status_code == 404
    assert reply.content == b"404 page not found"


def test_live_and_task_routes(node):
    assert requests.get(f"{node.url}/live", timeout=10).content == b'{"status":"up"}'
    message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "x"}).json()["messageID"]
    node.wait_final(message_id)
    task = requests.get(f"{node.url}/task/10003/1", timeout=10).json()
    assert task["taskID"] == 1 and task["projectID"] == 10003
    assert [s["state"] for s in task["states"]] == ["dispatched", "proved", "outputted"]
    assert requests.get(f"{node.url}/task/10003/999", timeout=10).json()["states"] is None


def test_oversized_message_is_refused(node):
    reply = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "x" * (2 << 20)})
    assert reply.status_code == 413
    assert "exceeds the limit" in reply.json()["error"]


def test_admin_routes_need_the_token(node):
    assert requests.post(f"{node.url}/admin/plugins/reload", timeout=10).status_code == 401
    reply = requests.post(f"{node.url}/admin/plugins/reload", headers={"Authorization": "Bearer secret"}, timeout=10)
    assert reply.status_code == 200 and reply.json() == {"changes": []}
    pin = requests.post(f"{node.url}/admin/projects/10003/engine", json={"version": "^9"},
                        headers={"Authorization": "Bearer secret"}, timeout=10)
    assert pin.status_code == 400 and "no loaded wasm engine satisfies" in pin.json()["error"]
    pin = requests.post(f"{node.url}/admin/projects/10003/engine", json={"version": "^1"},
                        headers={"Authorization": "Bearer secret"}, timeout=10)
    assert pin.status_code == 200
    plugins = requests.get(f"{node.url}/plugins", timeout=10).json()
    assert plugins[0]["name"] == "sprout-wasm" and plugins[0]["status"] == "loaded"
    projects = requests.get(f"{node.url}/projects", timeout=10).json()["projects"]
    assert projects[0]["projectID"] == 10003 and projects[0]["engineVersionOverride"] == "^1"


def test_metrics_and_recent_tasks(node):
    node.wait_final(node.post({"projectID": 10003, "projectVersion": "0.1", "data": "m"}).json()["messageID"])
    node.post({"projectID": 99999, "projectVersion": "0.1", "data": "x"})
    metrics = requests.get(f"{node.url}/metrics", timeout=10).text
    assert "sprout_messages_accepted_total 1" in metrics
    assert "sprout_messages_rejected_total 1" in metrics
    assert "sprout_tasks_outputted_total 1" in metrics
    assert "sprout_prove_duration_seconds_count 1" in metrics
    tasks = requests.get(f"{node.url}/tasks?limit=5", timeout=10).json()
    assert tasks[0]["state"] == "outputted" and tasks[0]["projectID"] == 10003


def test_progress_route_beside_sprouts(node):
    assert requests.get(f"{node.url}/message/nope/progress", timeout=10).status_code == 404
    message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "x"}).json()["messageID"]
    node.wait_final(message_id)
    # Progress lives only while a task proves; a finished one reports nulls.
    assert requests.get(f"{node.url}/message/{message_id}/progress", timeout=10).json() == {
        "messageID": message_id, "taskID": 1, "phase": None, "percent": None, "attempt": None}
