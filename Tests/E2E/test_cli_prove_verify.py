"""`sprout prove` / `sprout verify` on sprout's zkWasm project 10002, including tampering."""
import base64
import json
import os
import shutil
import subprocess

from conftest import BIN, FIXTURES


def sprout(*args, plugins, env=None):
    return subprocess.run([str(BIN / "sprout"), *args, "--plugins", str(plugins)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_shadow_copies_are_removed_when_sprout_exits(tmp_path):
    """Each process copies its plugins into a private temporary directory; it must not outlive the process."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    shutil.copy(BIN / "libsprout_zkwasm.so", plugins)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    ran = sprout("execute", "--code", str(FIXTURES / "10002"), "--data", '{"private_input":[1,1],"public_input":[2]}',
                 plugins=plugins, env={"TMPDIR": str(temporary)})
    assert ran.returncode == 0, ran.stderr
    assert list(temporary.glob("sprout-plugins-*")) == []


def test_prove_verify_and_reject_tampering(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    shutil.copy(BIN / "libsprout_zkwasm.so", plugins)
    receipt = tmp_path / "add.receipt"
    proved = sprout("prove", "--code", str(FIXTURES / "10002"), "--data", '{"private_input":[40,2],"public_input":[42]}',
                    "--out", str(receipt), plugins=plugins)
    assert proved.returncode == 0, proved.stderr

    verified = sprout("verify", "--code", str(FIXTURES / "10002"), "--receipt", str(receipt), plugins=plugins)
    assert verified.returncode == 0, verified.stderr
    assert '"publicInputs":[42]' in verified.stdout

    envelope = json.loads(receipt.read_text())
    seal = bytearray(base64.b64decode(envelope["receipt"]))
    for position in (0, len(seal) // 3, len(seal) - 1):
        tampered = bytearray(seal)
        tampered[position] ^= 0x01
        bad = tmp_path / f"bad-{position}.receipt"
        bad.write_text(json.dumps({**envelope, "receipt": base64.b64encode(bytes(tampered)).decode()}))
        result = sprout("verify", "--code", str(FIXTURES / "10002"), "--receipt", str(bad), plugins=plugins)
        assert result.returncode == 1, f"byte {position} flipped and still valid"
        assert "invalid receipt" in result.stderr

    # Unprovable input: require(1 + 1 == 3) fails, so no receipt is written.
    failed = sprout("prove", "--code", str(FIXTURES / "10002"), "--data", '{"private_input":[1,1],"public_input":[3]}',
                    "--out", str(tmp_path / "none"), plugins=plugins)
    assert failed.returncode == 1 and "require is not satisfied" in failed.stderr
    assert not (tmp_path / "none").exists()

    # A receipt file that is not one.
    junk = tmp_path / "junk"
    junk.write_text("hello")
    result = sprout("verify", "--code", str(FIXTURES / "10002"), "--receipt", str(junk), plugins=plugins)
    assert result.returncode == 1 and "not a receipt file" in result.stderr
