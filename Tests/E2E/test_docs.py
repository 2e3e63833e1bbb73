"""Runs the runnable examples of README.md and docs/*.md, so the docs cannot rot.

A fenced block whose info string is `sh doctest` is runnable. The blocks of one document run
in order, each with `bash -e -o pipefail`, in a scratch directory that holds a copy of
`examples/`, `PluginABI/`, `Tests/Fixtures/Plugins/` and the engine plugins in `plugins.d/`, plus
links to the checkout's `.build` and to `../shared`, with `.build/release` and the Swift
toolchain on PATH. A block must exit 0. A `text output` block right after it lists lines
that must appear, in order, in the block's output (stdout and stderr together). Each line
may match part of a longer output line. The convention is described for writers at the end
of docs/circuit-authors.md.

A Swift block cannot run on its own, so it quotes a source file that the package compiles and
its tests run: its info string is `swift from=PATH`, and its code lines (not blank, not a
whole-line comment) must appear, in order, in PATH.
"""
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BIN, REPO

TOOLCHAIN = Path("/opt/swift/usr/bin")
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(.*?)\s*$")


@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    info: str
    text: str


@dataclass
class Example:
    line: int
    script: str
    expected: list[str]


def fenced_blocks(markdown: str) -> list[Block]:
    blocks, lines, i = [], markdown.splitlines(), 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, info, body = opening.group(1), opening.group(2), []
        j = i + 1
        while j < len(lines) and not (lines[j].startswith(fence[0] * len(fence)) and lines[j].strip(fence[0]) == ""):
            body.append(lines[j])
            j += 1
        blocks.append(Block(i + 1, info, "\n".join(body) + "\n"))
        i = j + 1
    return blocks


def examples(markdown: str) -> list[Example]:
    """The doctest blocks with the expected-output block that follows each (if any)."""
    found, blocks = [], fenced_blocks(markdown)
    lines = markdown.splitlines()
    for index, block in enumerate(blocks):
        if block.info.split() != ["sh", "doctest"]:
            continue
        expected = []
        if index + 1 < len(blocks) and blocks[index + 1].info.split() == ["text", "output"]:
            following = blocks[index + 1]
            closing = block.line + block.text.count("\n")  # 0-based index of this block's closing fence
            if all(not line.strip() for line in lines[closing + 1:following.line - 1]):
                expected = [line.strip() for line in following.text.splitlines() if line.strip()]
        found.append(Example(block.line, block.text, expected))
    return found


def missing_output(expected: list[str], output: str) -> str | None:
    """The first expected line not found in order in `output`, or None when all are there."""
    position = 0
    for line in expected:
        found = output.find(line, position)
        if found < 0:
            return line
        position = found + len(line)
    return None


DOCUMENTS = [path for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
             if examples(path.read_text())]


# The sources the docs' commands build from (small; build outputs are left behind).
SOURCES = ["examples", "PluginABI", "Tests/Fixtures/Plugins"]


def scratch_repository(root: Path) -> Path:
    """A directory laid out like a checkout for the docs' commands: the SOURCES and plugins.d/."""
    for source in SOURCES:
        shutil.copytree(REPO / source, root / source,
                        ignore=shutil.ignore_patterns("*.o", "*.so", "*.elf", "*.wasm", "*.receipt"))
    plugins = root / "plugins.d"
    plugins.mkdir()
    engines = [lib for lib in BIN.glob("libsprout_*.so") if not lib.name.startswith("libsprout_fixture_")]
    if not engines:
        pytest.fail(f"no engine plugins in {BIN}: run `make build` first")
    for lib in engines:
        shutil.copy(lib, plugins / lib.name)
    # Links, so that commands written for a checkout work unchanged: `.build/release/sprout …`
    # and sprout's project files at `../shared/fixtures/sprout/`.
    (root / ".build").symlink_to(REPO / ".build", target_is_directory=True)
    if (REPO.parent / "shared").exists():
        (root.parent / "shared").symlink_to(REPO.parent / "shared", target_is_directory=True)
    return root


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_documented_commands_run(document, tmp_path):
    workdir = scratch_repository(tmp_path / "checkout")
    env = {key: value for key, value in os.environ.items() if key != "SPROUT_PLUGINS"}
    env["PATH"] = os.pathsep.join([str(BIN), str(TOOLCHAIN), env.get("PATH", "")])
    name = document.relative_to(REPO).as_posix()
    for example in examples(document.read_text()):
        result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", example.script], cwd=workdir, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        where = f"{name}:{example.line}"
        assert result.returncode == 0, f"{where}: the block exited {result.returncode}\n{example.script}\n{result.stdout}"
        missing = missing_output(example.expected, result.stdout)
        assert missing is None, f"{where}: expected output line {missing!r} not found (in order) in\n{result.stdout}"


SWIFT_QUOTE = re.compile(r"swift from=(\S+)")


def code_lines(text: str) -> list[str]:
    """The lines that carry code: stripped, without blank lines and whole-line comments."""
    stripped = (line.strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.startswith("//")]


def first_unquoted(quote: list[str], source: list[str]) -> str | None:
    """The first line of `quote` not found, in order, among the lines of `source`."""
    position = 0
    for line in quote:
        try:
            position = source.index(line, position) + 1
        except ValueError:
            return line
    return None


def compiled_directories() -> list[Path]:
    """The target directories that Package.swift compiles."""
    return [REPO / path for path in re.findall(r'path: "([^"]+)"', (REPO / "Package.swift").read_text())]


@pytest.mark.parametrize("document", [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))],
                         ids=lambda path: path.relative_to(REPO).as_posix())
def test_swift_examples_quote_compiled_sources(document):
    name = document.relative_to(REPO).as_posix()
    for block in fenced_blocks(document.read_text()):
        if block.info.split()[:1] != ["swift"]:
            continue
        where = f"{name}:{block.line}"
        quote = SWIFT_QUOTE.fullmatch(block.info)
        assert quote, f"{where}: a Swift block must name the compiled file it quotes: ```swift from=PATH"
        source = REPO / quote.group(1)
        assert source.is_file(), f"{where}: {quote.group(1)} does not exist"
        assert any(source.is_relative_to(directory) for directory in compiled_directories()), \
            f"{where}: {quote.group(1)} is not in a target of Package.swift"
        missing = first_unquoted(code_lines(block.text), code_lines(source.read_text()))
        assert missing is None, f"{where}: {missing!r} is not in {quote.group(1)} (in order)"


def test_circuit_author_guide_is_runnable():
    """A misspelt marker would silently drop the guide's examples from the suite."""
    guide = examples((REPO / "docs" / "circuit-authors.md").read_text())
    assert len(guide) >= 9
    assert all(example.expected for example in guide)


def test_extraction_and_matching():
    markdown = "\n".join([
        "```sh doctest", "echo one", "```", "",
        "```text output", "one", "```",
        "````sh doctest", "echo '```'", "````",
        "```sh", "not run", "```",
        "```text output", "follows a plain block", "```",
    ])
    found = examples(markdown)
    assert [(e.line, e.script, e.expected) for e in found] == [
        (1, "echo one\n", ["one"]),
        (8, "echo '```'\n", []),
    ]
    assert missing_output(["a", "c"], "a\nb\nc\n") is None
    assert missing_output(["c", "a"], "a\nb\nc\n") == "a"
    assert missing_output(["x"], "a\n") == "x"
    assert first_unquoted(["a()", "c()"], ["a()", "b()", "c()"]) is None
    assert first_unquoted(["c()", "a()"], ["a()", "b()", "c()"]) == "a()"
    assert code_lines("  x = 1 \n\n  // note\n") == ["x = 1"]
