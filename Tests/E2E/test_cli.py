"""The `sprout` command line against a running node: tables, --json, completions, errors."""
import json
import os
import subprocess

import requests

from conftest import BIN


def sprout(*args, env=None, check=True):
    return subprocess.run([str(BIN / "sprout"), *args], capture_output=True, text=True, timeout=60, check=check,
                          env={**os.environ, **(env or {})})


def test_status_table_fits_the_terminal_and_json_is_the_nodes(node):
    message_id = node.post({"projectID": 10003, "projectVersion": "0.1", "data": "cli"}).json()["messageID"]
    node.wait_final(message_id)
    wide = sprout("status", "--node", node.url, env={"COLUMNS": "200"}).stdout.splitlines()
    assert wide[0].split() == ["TASK", "PROJECT", "VERSION", "STATE", "TRIES", "LAST", "CHANGE", "(UTC)", "COMMENT"]
    narrow = sprout("status", "--node", node.url, env={"COLUMNS": "66"}).stdout.splitlines()
    assert all(len(line) <= 66 for line in narrow) and narrow[0].endswith("CO…")
    assert json.loads(sprout("status", "--node", node.url, "--json").stdout)[0]["state"] == "outputted"
    got = sprout("message", "get", message_id, "--node", node.url, "--json").stdout.strip()
    assert got == requests.get(f"{node.url}/message/{message_id}", timeout=10).text


def test_message_send_wait_follows_the_states(node):
    result = sprout("message", "send", "--node", node.url, "--project-id", "10003", "--project-version", "0.1",
                    "--data", "follow me", "--wait")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("messageID ")
    assert [line.split()[1] for line in lines[1:]] == ["received", "packed", "dispatched", "proved", "outputted"]


def test_errors_say_what_to_do_next(node):
    refused = sprout("message", "send", "--node", node.url, "--project-id", "424242", "--project-version", "0.1", "--data", "x", check=False)
    assert refused.returncode != 0
    assert "project config not exist, projectID 424242" in refused.stderr


def test_shell_completions():
    for shell in ("bash", "zsh", "fish"):
        script = sprout("--generate-completion-script", shell).stdout
        assert "serve" in script and "message" in script
