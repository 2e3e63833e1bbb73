"""Conformance of the zkwasm interpreter: generated modules (support/wasm_conformance.py) run in
`sprout execute --vm zkwasm` and in wasmtime must give the same outputs and the same trap; a
selection is proved and verified, and the receipts hold wasmtime's outputs. Modules the proof
cannot cover (support/wasm_conformance.py's REFUSED) are refused before they run."""
import collections
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
import wasmtime

from conftest import BIN
from support.wasm_conformance import REFUSED, SUPPORTED, Outcome, generate, instructions_in, run_wasmtime, wasm_bytes

#: Every trap of the specification that the supported instructions can raise, and the host's failures.
FAILURES = {"unreachable", "integer divide by zero", "integer overflow", "out of bounds memory access",
            "out of bounds table access", "undefined element", "uninitialized element", "indirect call type mismatch",
            "call stack exhausted", "require", "input exhausted", "invalid input kind"}


@pytest.fixture(scope="module")
def plugins(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plugins")
    library = BIN / "libsprout_zkwasm.so"
    if not library.exists():
        pytest.fail(f"{library} is missing: run `make build` first")
    shutil.copy(library, folder)
    return folder


def sprout(command: str, module, path, plugins, *extra: str) -> subprocess.CompletedProcess:
    options = ["--exp-param", module.exp_param] if module.exp_param else []
    return subprocess.run([str(BIN / "sprout"), command, "--vm", "zkwasm", "--code", str(path), *options, *extra,
                           "--plugins", str(plugins)], capture_output=True, text=True, timeout=300)


def failure_of(stderr: str) -> str:
    """The failure an unsuccessful `sprout execute` names, in the terms of Outcome.failure."""
    if trap := re.search(r"wasm trap: (.+?) \(", stderr):
        return trap.group(1)
    for marker, failure in (("require is not satisfied", "require"), ("failed to read", "input exhausted"),
                            ("is invalid: the argument must be 1", "invalid input kind")):
        if marker in stderr:
            return failure
    return f"unrecognised failure: {stderr.strip()}"


def execute(module, path, plugins) -> Outcome:
    result = sprout("execute", module, path, plugins, "--data", module.data, "--json")
    if result.returncode != 0:
        assert result.returncode == 1, f"{module.name}: exit status {result.returncode}: {result.stderr}"
        return Outcome([], failure_of(result.stderr))
    run = json.loads(bytes.fromhex(json.loads(result.stdout)["resultHex"]))
    return Outcome(run["outputs"], None, run["publicInputs"])


def test_interpreter_matches_wasmtime(tmp_path, plugins):
    modules = generate().modules
    expected = {module.name: run_wasmtime(module) for module in modules}
    for module in modules:
        (tmp_path / f"{module.name}.wat").write_text(module.wat)
        (tmp_path / f"{module.name}.wasm").write_bytes(wasm_bytes(module))
        # A batch that traps would hide its later cases: that is a generator bug.
        assert module.cases == 1 or expected[module.name].failure is None, f"{module.name} traps in wasmtime"
    with ThreadPoolExecutor(4) as pool:
        actual = dict(zip((m.name for m in modules),
                          pool.map(lambda m: execute(m, tmp_path / f"{m.name}.wasm", plugins), modules)))

    mismatches = []
    for module in modules:
        ours, theirs = actual[module.name], expected[module.name]
        # A failed sprout run reports no outputs, so a trap compares by its name alone.
        same = ours.failure == theirs.failure if theirs.failure else ours == theirs
        if not same:
            mismatches.append(f"{module.name} ({tmp_path / module.name}.wat, data {module.data}):\n"
                              f"  sprout:   {ours}\n  wasmtime: {theirs}")
    assert not mismatches, f"{len(mismatches)} of {len(modules)} modules differ:\n" + "\n".join(mismatches)

    # What was compared: every supported instruction, every trap, and enough cases per group.
    used = set().union(*(instructions_in(module.wat) for module in modules))
    assert used == SUPPORTED, f"instructions never generated: {sorted(SUPPORTED - used)}"
    seen = {outcome.failure for outcome in expected.values()} - {None}
    assert seen == FAILURES, f"failures never generated: {sorted(FAILURES - seen)}"
    cases = collections.Counter()
    for module in modules:
        cases[module.group] += module.cases
    assert sum(cases.values()) >= 1000 and sum(m.cases == 1 for m in modules) >= 80, cases


def test_generated_selection_proves_wasmtimes_results(tmp_path, plugins):
    selection = generate().proved_selection()
    assert len(selection) == 5
    for module in selection:
        expected = run_wasmtime(module)
        assert expected.failure is None and len(expected.outputs) == module.cases
        wasm, receipt = tmp_path / f"{module.name}.wasm", tmp_path / f"{module.name}.receipt"
        wasm.write_bytes(wasm_bytes(module))
        proved = sprout("prove", module, wasm, plugins, "--data", module.data, "--out", str(receipt))
        assert proved.returncode == 0, f"{module.name}: {proved.stderr}"
        verified = sprout("verify", module, wasm, plugins, "--receipt", str(receipt))
        assert verified.returncode == 0, f"{module.name}: {verified.stderr}"
        statement = json.loads(verified.stdout[verified.stdout.index("{"):])
        assert statement["outputs"] == expected.outputs, module.name
        assert statement["publicInputs"] == expected.public_read, module.name


def test_unprovable_instructions_are_refused_at_creation(tmp_path, plugins):
    """Modules wasmtime runs but the zkwasm proof cannot cover are refused before they run, by
    instruction name and byte offset, so `execute` fails as `prove` would."""
    for index, (body, name) in enumerate(REFUSED):
        path = tmp_path / f"refused-{index}.wasm"
        path.write_bytes(bytes(wasmtime.wat2wasm(f"(module {body})")))
        result = subprocess.run([str(BIN / "sprout"), "execute", "--vm", "zkwasm", "--code", str(path), "--data",
                                 '{"private_input":[],"public_input":[]}', "--plugins", str(plugins)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode != 0, f"{name}: {result.stdout}"
        assert f"instruction {name}" in result.stderr and "byte offset 0x" in result.stderr, result.stderr
