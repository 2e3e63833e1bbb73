"""Generated zkWasm modules and wasmtime as their reference, for the zkwasm conformance test.

A seeded generator writes WebAssembly text modules that export `zkmain` and use zkWasm's host
API (`env.wasm_input(i32) -> i64`, `env.wasm_output(i64)`, `env.require(i32)`); every result is
emitted with `wasm_output`, so a run is a list of outputs and either success or a trap. Cases that
cannot trap are batched many to a module; each trapping case gets its own small module, as a trap
ends the run. `run_wasmtime` runs a module in wasmtime with the host API implemented here.

Test oracle only; never part of the product.
"""
import random
import re
from dataclasses import dataclass, field

import wasmtime

M32, M64 = (1 << 32) - 1, (1 << 64) - 1
PAGE = 65536
#: zkwasm's default page limit (ZkWasmLimits.maxMemoryPages, which is also the most pages a proof
#: covers, ZkWasmLimits.provableMemoryPages), mirrored in wasmtime's store limit.
ENGINE_PAGES = 16
#: A lower page limit that some memory.grow modules set in their codeExpParam.
GROW_PAGES = 8

HOST = """
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (import "env" "require" (func $require (param i32)))"""

#: Every instruction the zkwasm interpreter executes (Plugins/ZkWasm/WasmOpcode.swift), by its
#: text name; `end` is implicit in the folded text and left out.
SUPPORTED = set("""
unreachable nop block loop if else br br_if br_table return call call_indirect drop select
local.get local.set local.tee global.get global.set
i32.load i64.load i32.load8_s i32.load8_u i32.load16_s i32.load16_u
i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u
i32.store i64.store i32.store8 i32.store16 i64.store8 i64.store16 i64.store32
memory.size memory.grow i32.const i64.const
i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u
i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u
i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u
i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr
i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u
i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr
i32.wrap_i64 i64.extend_i32_s i64.extend_i32_u
i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s
""".split())

#: Modules the engine refuses when the program is created, though wasmtime runs them: bulk memory
#: has no zkwasm proof. Each pairs a module with the instruction the refusal must name.
REFUSED = [
    ("(memory 1) (func (export \"zkmain\") (memory.fill (i32.const 0) (i32.const 1) (i32.const 2)))", "memory.fill"),
    ("(memory 1) (func (export \"zkmain\") (memory.copy (i32.const 0) (i32.const 1) (i32.const 2)))", "memory.copy"),
    ("(memory 1) (data $d \"ab\") (func (export \"zkmain\") (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)))", "memory.init"),
    ("(memory 1) (data $d \"ab\") (func (export \"zkmain\") (data.drop $d))", "data.drop"),
]


def instructions_in(wat: str) -> set[str]:
    """The supported instruction names a module's text uses."""
    return {token for token in re.split(r"[\s()]+", wat) if token in SUPPORTED}


def signed(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


@dataclass
class Module:
    """One generated module, the message data it runs on and what it covers."""
    name: str
    group: str
    wat: str
    private: list[int] = field(default_factory=list)
    public: list[int] = field(default_factory=list)
    #: Compared results: outputs of a batch, or 1 for a trapping case.
    cases: int = 1
    #: The engine's page limit for this run: sprout's maxMemoryPages and wasmtime's store limit.
    pages: int = ENGINE_PAGES
    #: For a batch: its declarations and cases, from which a smaller batch can be cut.
    parts: tuple | None = None

    @property
    def data(self) -> str:
        return '{"private_input":%s,"public_input":%s}' % (self.private, self.public)

    @property
    def exp_param(self) -> str | None:
        return None if self.pages == ENGINE_PAGES else '{"maxMemoryPages":%d}' % self.pages


@dataclass
class Outcome:
    """A run: the outputs, and for a failed run the failure (a specification trap name, or
    "require", "input exhausted", "invalid input kind" for the host functions)."""
    outputs: list[int]
    failure: str | None
    #: Values `wasm_input(1)` returned: the run's public instances.
    public_read: list[int] = field(default_factory=list)


class HostFailure(Exception):
    """A host function ending the run as zkWasm's host does."""


_TRAPS = {
    wasmtime.TrapCode.UNREACHABLE: "unreachable",
    wasmtime.TrapCode.INTEGER_DIVISION_BY_ZERO: "integer divide by zero",
    wasmtime.TrapCode.INTEGER_OVERFLOW: "integer overflow",
    wasmtime.TrapCode.MEMORY_OUT_OF_BOUNDS: "out of bounds memory access",
    wasmtime.TrapCode.INDIRECT_CALL_TO_NULL: "uninitialized element",
    wasmtime.TrapCode.BAD_SIGNATURE: "indirect call type mismatch",
    wasmtime.TrapCode.STACK_OVERFLOW: "call stack exhausted",
}
_ENGINE = wasmtime.Engine()


def run_wasmtime(module: Module) -> Outcome:
    store = wasmtime.Store(_ENGINE)
    store.set_limits(memory_size=module.pages * PAGE)
    outputs: list[int] = []
    public_read: list[int] = []
    lists = {0: list(module.private), 1: list(module.public)}

    def wasm_input(kind: int) -> int:
        if kind not in lists:
            raise HostFailure("invalid input kind")
        if not lists[kind]:
            raise HostFailure("input exhausted")
        value = lists[kind].pop(0)
        if kind == 1:
            public_read.append(value)
        return signed(value, 64)

    def wasm_output(value: int):
        outputs.append(value & M64)

    def require(condition: int):
        if condition == 0:
            raise HostFailure("require")

    linker = wasmtime.Linker(_ENGINE)
    i32, i64 = wasmtime.ValType.i32(), wasmtime.ValType.i64()
    linker.define_func("env", "wasm_input", wasmtime.FuncType([i32], [i64]), wasm_input)
    linker.define_func("env", "wasm_output", wasmtime.FuncType([i64], []), wasm_output)
    linker.define_func("env", "require", wasmtime.FuncType([i32], []), require)
    instantiating = True
    try:
        instance = linker.instantiate(store, wasmtime.Module(_ENGINE, wasmtime.wat2wasm(module.wat)))
        instantiating = False
        instance.exports(store)["zkmain"](store)
    except HostFailure as failure:
        return Outcome(outputs, str(failure), public_read)
    except wasmtime.Trap as trap:
        code = trap.trap_code
        if code == wasmtime.TrapCode.TABLE_OUT_OF_BOUNDS:
            # wasmtime has one code for both; the specification names an element segment past
            # the table at instantiation "out of bounds table access", and a call_indirect index
            # past it (the only table access while running) "undefined element".
            return Outcome(outputs, "out of bounds table access" if instantiating else "undefined element", public_read)
        if code not in _TRAPS:
            raise AssertionError(f"{module.name}: wasmtime trap {code} has no zkwasm counterpart: {trap}")
        return Outcome(outputs, _TRAPS[code], public_read)
    return Outcome(outputs, None, public_read)


def wasm_bytes(module: Module) -> bytes:
    return bytes(wasmtime.wat2wasm(module.wat))


# MARK: - The generator

I32_EDGES = [0, 1, 2, 3, 7, -1, -2, -7, 31, 32, 33, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
             0x7FFFFFFF, -0x80000000, -0x7FFFFFFF, 0x55555555, 0x0F0F0F0F, 12345678]
I64_EDGES = [0, 1, 2, 3, 7, -1, -2, -7, 63, 64, 65, 0x80, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000,
             -0x80000000, (1 << 63) - 1, -(1 << 63), -(1 << 63) + 1, 0x5555555555555555, 0x0F0F0F0F0F0F0F0F,
             987654321012]
BINARY = ["add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u",
          "rotl", "rotr"]
COMPARE = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
UNARY = {"i32": ["clz", "ctz", "popcnt", "eqz", "extend8_s", "extend16_s", "i64.extend_i32_s", "i64.extend_i32_u"],
         "i64": ["clz", "ctz", "popcnt", "eqz", "extend8_s", "extend16_s", "extend32_s", "i32.wrap_i64"]}
LOADS = {"i32.load": 4, "i64.load": 8, "i32.load8_s": 1, "i32.load8_u": 1, "i32.load16_s": 2, "i32.load16_u": 2,
         "i64.load8_s": 1, "i64.load8_u": 1, "i64.load16_s": 2, "i64.load16_u": 2, "i64.load32_s": 4,
         "i64.load32_u": 4}
STORES = {"i32.store": 4, "i32.store8": 1, "i32.store16": 2, "i64.store": 8, "i64.store8": 1, "i64.store16": 2,
          "i64.store32": 4}


def predicted_trap(op: str, a: int, b: int, bits: int) -> str | None:
    """The trap of a binary operation; the generator uses it only to keep traps out of batches
    (a batch that traps in wasmtime fails the test as a generator bug)."""
    if op in ("div_s", "div_u", "rem_s", "rem_u") and b & ((1 << bits) - 1) == 0:
        return "integer divide by zero"
    if op == "div_s" and signed(a, bits) == -(1 << (bits - 1)) and signed(b, bits) == -1:
        return "integer overflow"
    return None


def as_i64(kind: str, wat: str) -> str:
    """Widens an i32 result without losing or inventing bits, ready for wasm_output."""
    return wat if kind == "i64" else f"(i64.extend_i32_u {wat})"


class Generator:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.modules: list[Module] = []

    def value(self, bits: int) -> int:
        edges = I32_EDGES if bits == 32 else I64_EDGES
        return self.random.choice(edges) if self.random.random() < 0.7 else self.random.getrandbits(bits)

    def operand(self, kind: str, value: int, private: list[int], public: list[int]) -> str:
        """A constant, or a private or public input so that the value is only known at run time."""
        bits = 32 if kind == "i32" else 64
        choice = self.random.random()
        if choice < 0.5:
            return f"({kind}.const {signed(value, bits)})"
        (private if choice < 0.8 else public).append(value & M64 if bits == 64 else value & M32)
        read = f"(call $in (i32.const {0 if choice < 0.8 else 1}))"
        return read if kind == "i64" else f"(i32.wrap_i64 {read})"

    def add(self, name, group, wat, **kwargs) -> Module:
        module = Module(name, group, wat, **kwargs)
        self.modules.append(module)
        return module

    def batch(self, name, group, cases: list, prelude: str = "", private=(), public=(), outputs=None, **kwargs):
        """A module whose zkmain runs `cases` in order, each pushing one i64 for wasm_output; a
        case is its text, or (text, private inputs, public inputs) when it reads inputs."""
        cases = [case if isinstance(case, tuple) else (case, [], []) for case in cases]
        body = "\n    ".join(f"(call $out {text})" for text, _, _ in cases)
        wat = f"(module{HOST}\n  {prelude}\n  (func (export \"zkmain\")\n    {body}))"
        module = self.add(name, group, wat, private=list(private) + [v for _, p, _ in cases for v in p],
                          public=list(public) + [v for _, _, q in cases for v in q],
                          cases=len(cases) if outputs is None else outputs, **kwargs)
        module.parts = (prelude, cases)
        return module

    def trap_module(self, name, group, statements: str, prelude: str = "", private=(), public=(), **kwargs):
        """A module for one trapping case; it outputs a marker first so that a run that does not
        trap shows up as different outputs too."""
        wat = (f"(module{HOST}\n  {prelude}\n  (func (export \"zkmain\")\n"
               f"    (call $out (i64.const 1))\n    {statements}))")
        return self.add(name, group, wat, private=list(private), public=list(public), **kwargs)

    # Integer arithmetic, comparisons and conversions.

    def arithmetic(self):
        cases = []  # (result type, instruction, operands, whether it traps)
        for kind, bits in (("i32", 32), ("i64", 64)):
            low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
            for op in BINARY:
                if op in ("shl", "shr_s", "shr_u", "rotl", "rotr"):
                    # Counts are taken modulo the width: large, negative and (for i64) past 2^32.
                    counts = [0, 1, bits - 1, bits, bits + 1, 2 * bits + 3, -1, -bits, low, high, 0x103]
                    if bits == 64:
                        counts.append(0x100000005)
                    pairs = [(self.random.choice([-1, low, 0x12345678, 0x0F0F0F0F, -0x5A5A5A5A]), c) for c in counts]
                elif op in ("div_s", "div_u", "rem_s", "rem_u"):
                    pairs = [(low, -1), (low, 1), (low, 2), (-7, 2), (7, -2), (-7, -2), (7, 2), (high, -1), (-1, high),
                             (1, -1), (0, 1), (low, low), (5, 0), (0, 0)]
                else:
                    pairs = [(high, 1), (low, -1), (-1, -1), (high, high), (low, low), (0, -1)]
                pairs += [(self.value(bits), self.value(bits)) for _ in range(6)]
                for a, b in pairs:
                    cases.append((kind, f"{kind}.{op}", (a, b), predicted_trap(op, a, b, bits)))
            for op in COMPARE:
                same = self.value(bits)
                pairs = [(same, same), (low, high), (high, low), (-1, 0), (0, -1), (1, 2), (low, low)]
                pairs += [(self.value(bits), self.value(bits)) for _ in range(3)]
                for a, b in pairs:
                    cases.append(("i32", f"{kind}.{op}", (a, b), None))
            for op in UNARY[kind]:
                name = op if "." in op else f"{kind}.{op}"
                result = "i64" if name.startswith("i64.") and name != "i64.eqz" else "i32"
                values = [0, 1, -1, low, high, 0x80, 0x7F, 0xFF, 0x8000, 0x7FFF, 0xFFFF, 0x80000000, 0x7FFFFFFF]
                values += [self.value(bits) for _ in range(3)]
                for a in values:
                    cases.append((result, name, (a,), None))

        batch, batches = [], 0
        for index, (result, name, args, trap) in enumerate(cases):
            operand_kind = "i64" if name == "i32.wrap_i64" else "i32" if name.startswith("i64.extend_i32") else name[:3]
            private, public = [], []
            operands = " ".join(self.operand(operand_kind, a, private, public) for a in args)
            if trap:
                self.trap_module(f"{name}-trap-{index}", "division and remainder traps",
                                 f"(drop ({name} {operands}))", private=private, public=public)
                continue
            batch.append((as_i64(result, f"({name} {operands})"), private, public))
            if len(batch) == 120 or index == len(cases) - 1:
                self.batch(f"arithmetic-{batches}", "integer arithmetic, comparisons, conversions", batch)
                batch, batches = [], batches + 1

    def expression(self, kind: str, depth: int, private: list[int], public: list[int]) -> str:
        """A random expression tree of type `kind` over inputs, constants and memory."""
        bits = 32 if kind == "i32" else 64
        choice = self.random.random()
        if depth == 0 or choice < 0.15:
            return self.operand(kind, self.value(bits), private, public)
        other = self.random.choice(["i32", "i64"])
        sub = lambda k: self.expression(k, depth - 1, private, public)
        if choice < 0.5:
            return f"({kind}.{self.random.choice(BINARY)} {sub(kind)} {sub(kind)})"
        if choice < 0.6 and kind == "i32":
            return f"({other}.{self.random.choice(COMPARE)} {sub(other)} {sub(other)})"
        if choice < 0.7:
            op = self.random.choice([op for op in UNARY[kind] if "." not in op and op != "eqz"])
            return f"({kind}.{op} {sub(kind)})"
        if choice < 0.78:
            if kind == "i32":
                op, operand = self.random.choice([("i32.wrap_i64", "i64"), ("i64.eqz", "i64"), ("i32.eqz", "i32")])
                return f"({op} {sub(operand)})"
            return f"(i64.extend_i32_{self.random.choice('su')} {sub('i32')})"
        if choice < 0.88:
            return f"(select {sub(kind)} {sub(kind)} {sub('i32')})"
        load = self.random.choice([name for name in LOADS if name.startswith(kind)])
        return f"({load} offset={self.random.choice([0, 3, 4096])} (i32.and {sub('i32')} (i32.const 0xEFFF)))"

    def expression_trees(self):
        """Random expression trees; each is first run alone in wasmtime, so that the ones that
        trap (a division by a computed zero) get modules of their own."""
        memory = '(memory 1)\n  (data (i32.const 0) "\\80\\7f\\ff\\01\\fe\\12\\34\\56\\78\\9a")'
        batch, trapping = [], 0
        for index in range(240):
            private, public = [], []
            kind = self.random.choice(["i32", "i64"])
            case = (as_i64(kind, self.expression(kind, self.random.randint(2, 4), private, public)), private, public)
            alone = Generator(0).batch("probe", "", [case], prelude=memory)
            if run_wasmtime(alone).failure is None:
                batch.append(case)
            elif trapping < 12:
                trapping += 1
                self.trap_module(f"expression-trap-{index}", "expression trees (generated), trapping",
                                 f"(drop {case[0]})", prelude=memory, private=private, public=public)
        for start in range(0, len(batch), 120):
            self.batch(f"expressions-{start // 120}", "expression trees (generated)", batch[start:start + 120], prelude=memory)

    # Linear memory.

    def memory(self):
        head = bytes([0x80, 0x7F, 0xFF, 0x00, 0x01, 0xFE, 0x81, 0x7E, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0])
        tail = bytes(self.random.getrandbits(8) for _ in range(16))
        text = lambda data: "".join(f"\\{byte:02x}" for byte in data)
        memory = f'(memory 1)\n  (data (i32.const 0) "{text(head)}")\n  (data (i32.const {PAGE - 16}) "{text(tail)}")'
        cases = []
        for load, width in LOADS.items():
            kind = load[:3]
            for address in [0, 1, 3, 5, 8, 9, PAGE - 16 + self.random.randrange(8), PAGE - width - 1, PAGE - width]:
                cases.append(as_i64(kind, f"({load} (i32.const {address}))"))
            for offset in (1, 4, 65535):
                address = self.random.randrange(PAGE - width + 1)
                if address >= offset:
                    cases.append(as_i64(kind, f"({load} offset={offset} align=1 (i32.const {address - offset}))"))
        for store, width in STORES.items():
            kind = store[:3]
            bits = 32 if kind == "i32" else 64
            for address in [16 + self.random.randrange(64), 1000 + self.random.randrange(7), PAGE - width]:
                value = self.value(bits)
                offset = min(address, self.random.choice([0, 0, 3, 100]))
                cases.append(f"(block (result i64) ({store} offset={offset} (i32.const {address - offset}) ({kind}.const {signed(value, bits)})) (i64.const 0))")
                window = max(0, min(address - 2, PAGE - 8))
                cases.append(f"(i64.load (i32.const {window}))")
                load = self.random.choice([name for name, w in LOADS.items() if w == width and name[:3] == kind])
                cases.append(as_i64(kind, f"({load} (i32.const {address}))"))
        self.batch("memory-loads-stores", "loads and stores of every width", cases, prelude=memory)

        for load, width in LOADS.items():
            for address, offset in [(PAGE - width + 1, 0), (PAGE - width, 1)]:
                self.trap_module(f"{load}-past-end-{address}+{offset}", "memory bounds traps",
                                 f"(drop ({load} offset={offset} (i32.const {address})))", prelude="(memory 1)")
        for store, width in STORES.items():
            self.trap_module(f"{store}-past-end", "memory bounds traps",
                             f"({store} (i32.const {PAGE - width + 1}) ({store[:3]}.const -1))", prelude="(memory 1)")
        for address, offset in [(-1, 0), (1, 0xFFFFFFFF), (-4, 4), (PAGE, 0)]:
            self.trap_module(f"i32.load-at-{address}+{offset}", "memory bounds traps",
                             f"(drop (i32.load offset={offset} (i32.const {address})))", prelude="(memory 1)")
        self.trap_module("i64.store-at-4GiB-wrap", "memory bounds traps",
                         "(i64.store offset=8 (i32.const -8) (i64.const 1))", prelude="(memory 1)")

    # Control flow.

    def control_statements(self, labels: list[str], depth: int, loops: int) -> list[str]:
        """Random structured code over the i64 local $acc; `labels` are the enclosing labels'
        kinds, innermost last. Branches target blocks and ifs only (a loop is left by its
        bounded counter), so every program ends."""
        lines = []
        for _ in range(self.random.randint(2, 5)):
            kind = self.random.choice(["mix", "mix", "out", "block", "loop", "if", "br_if", "br_table", "value_block", "select"]
                                      if depth < 4 else ["mix", "out", "br_if", "select"])
            targets = [index for index, label in enumerate(reversed(labels)) if label != "loop"]
            condition = f"(i64.eqz (i64.and (local.get $acc) (i64.const {self.random.choice([1, 3, 4, 6])})))"
            if kind == "mix":
                op = self.random.choice(["add", "mul", "xor", "rotl", "sub"])
                lines.append(f"(local.set $acc (i64.add (i64.{op} (local.get $acc) (i64.const {self.value(64) | 1})) (i64.const {self.random.randrange(1000)})))")
            elif kind == "out":
                lines.append("(call $out (local.get $acc))")
            elif kind == "block":
                lines.append("(block " + " ".join(self.control_statements(labels + ["block"], depth + 1, loops)) + ")")
            elif kind == "loop" and loops < 3:
                counter = f"$c{loops}"
                body = " ".join(self.control_statements(labels + ["loop"], depth + 1, loops + 1))
                lines.append(f"(local.set {counter} (i32.const {self.random.randint(1, 4)})) (loop {body} "
                             f"(local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get {counter})))) "
                             f"(br_if 0 (local.tee {counter} (i32.sub (local.get {counter}) (i32.const 1)))))")
            elif kind == "if":
                then = " ".join(self.control_statements(labels + ["if"], depth + 1, loops))
                otherwise = " ".join(self.control_statements(labels + ["if"], depth + 1, loops))
                lines.append(f"(if {condition} (then {then}) (else {otherwise}))")
            elif kind == "br_if" and targets:
                lines.append(f"(br_if {self.random.choice(targets)} {condition})")
            elif kind == "br_table" and targets:
                chosen = [self.random.choice(targets) for _ in range(self.random.randint(1, 4))]
                index = self.random.choice(["(i32.wrap_i64 (i64.rem_u (local.get $acc) (i64.const 6)))",
                                            "(i32.wrap_i64 (local.get $acc))"])
                lines.append(f"(call $out (local.get $acc)) (br_table {' '.join(map(str, chosen))} {index})")
                break
            elif kind == "value_block":
                lines.append(f"(local.set $acc (block (result i64) (br_if 0 (i64.const {self.value(64)}) "
                             f"(i32.wrap_i64 (i64.and (local.get $acc) (i64.const 1)))) (drop) "
                             f"(i64.xor (local.get $acc) (i64.const {self.value(64)}))))")
            elif kind == "select":
                value_kind = self.random.choice(["i32", "i64"])
                a, b = self.value(32 if value_kind == "i32" else 64), self.value(32 if value_kind == "i32" else 64)
                picked = (f"(select ({value_kind}.const {signed(a, 32 if value_kind == 'i32' else 64)}) "
                          f"({value_kind}.const {signed(b, 32 if value_kind == 'i32' else 64)}) (i32.wrap_i64 (local.get $acc)))")
                lines.append(f"(local.set $acc (i64.add (local.get $acc) {as_i64(value_kind, picked)}))")
        return lines

    def control(self):
        programs = []
        for index in range(16):
            body = " ".join(self.control_statements([], 0, 0))
            programs.append(f"(func $p{index} (param $acc i64) (local $c0 i32) (local $c1 i32) (local $c2 i32)\n"
                            f"    {body}\n    (call $out (local.get $acc)))")
        calls = "\n    ".join(f"(call $p{index} (call $in (i32.const 0)))" for index in range(16))
        wat = (f"(module{HOST}\n  " + "\n  ".join(programs) +
               f"\n  (func (export \"zkmain\")\n    {calls}))")
        module = self.add("control-random", "nested blocks, loops, br_if, br_table (generated)", wat,
                          private=[self.value(64) & M64 for _ in range(16)])
        # The generated branches decide how many outputs there are.
        module.cases = len(run_wasmtime(module).outputs)

        functions = """
  (func $table (param i32) (result i64)
    (block (block (block (block (block
      (br_table 0 1 2 3 4 (local.get 0)))
      (return (i64.const 10)))
      (return (i64.const 11)))
      (return (i64.const 12)))
      (return (i64.const 13)))
    (i64.const 14))
  (func $valued (param i32) (result i64)
    (i64.add (i64.const 100)
      (block (result i64) (block (result i64)
        (br_table 0 1 1 (i64.const 7) (local.get 0))) (i64.const 1000) (i64.add))))
  (func $empty (param i32) (result i64)
    (block (br_table 0 (local.get 0))) (i64.extend_i32_u (local.get 0)))
  (func $sum (param $n i32) (result i64) (local $s i64)
    (block $done (loop $again
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $again)))
    (local.get $s))
  (func $early (param i32) (result i64)
    (block (block (block
      (br_if 2 (i32.eq (local.get 0) (i32.const 1)))
      (if (i32.eq (local.get 0) (i32.const 2)) (then (return (i64.const -2))))
      (nop))
      (br_if 0 (i32.gt_u (local.get 0) (i32.const 5)))
      (return (i64.const 5)))
      (return (i64.const 6)))
    (i64.const 1))
  (func $tee (param i32) (result i64) (local i32)
    (i64.add (i64.extend_i32_u (local.tee 1 (i32.mul (local.get 0) (i32.const 3)))) (i64.extend_i32_s (local.get 1))))
  (func $choose (param i32) (result i64)
    (if (result i64) (local.get 0) (then (i64.const 111)) (else (i64.const 222))))"""
        cases = []
        for index in [0, 1, 2, 3, 4, 5, 6, 100, 0x7FFFFFFF, -0x80000000, -1]:
            cases += [f"(call $table (i32.const {index}))", f"(call $valued (i32.const {index}))", f"(call $empty (i32.const {index}))"]
        cases += [f"(call $sum (i32.const {n}))" for n in (0, 1, 10, 1000)]
        cases += [f"(call $early (i32.const {n}))" for n in range(8)]
        cases += [f"(call $choose (i32.const {n}))" for n in (0, 1, -1, 0x100)]
        cases += [f"(select (i64.const 5) (i64.const 6) (i32.const {c}))" for c in (0, 1, -1, 0x80000000 - (1 << 32))]
        cases += [f"(i64.extend_i32_s (select (i32.const -5) (i32.const 6) (i32.const {c})))" for c in (0, 2)]
        cases += ["(block (result i64) (i64.const 9) (drop (i64.const 8)) (nop))", "(call $tee (i32.const -3))"]
        self.batch("control-fixed", "br_table, blocks, loops, if, select", cases, prelude=functions)
        self.trap_module("unreachable", "unreachable", "(block (loop (if (i32.const 1) (then unreachable))))")
        self.trap_module("unreachable-in-callee", "unreachable",
                         "(call $f (i32.const 3))", prelude="(func $f (param i32) (block (br_table 1 0 (local.get 0))) unreachable)")

    # Calls, tables and globals.

    def calls(self):
        functions = """
  (type $ii (func (param i32) (result i32)))
  (type $ll (func (param i64) (result i64)))
  (type $ii2 (func (param i32) (result i32)))
  (type $il (func (param i32) (result i64)))
  (type $v (func))
  (type $sink (func (param i64)))
  (table 8 funcref)
  (elem (i32.const 0) $double $square $negate $widen $nothing $out)
  (func $double (type $ii) (i32.add (i32.mul (local.get 0) (i32.const 2)) (i32.const 1)))
  (func $square (type $ll) (i64.mul (local.get 0) (local.get 0)))
  (func $negate (type $ii2) (i32.sub (i32.const 0) (local.get 0)))
  (func $widen (type $il) (i64.shl (i64.extend_i32_s (local.get 0)) (i64.const 33)))
  (func $nothing (type $v))
  (func $mix3 (param i32 i64 i32) (result i64)
    (i64.sub (i64.mul (local.get 1) (i64.extend_i32_s (local.get 0))) (i64.extend_i32_u (local.get 2))))
  (func $fib (param i32) (result i64)
    (if (result i64) (i32.lt_u (local.get 0) (i32.const 2)) (then (i64.extend_i32_u (local.get 0)))
      (else (i64.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $factorial (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $factorial (i64.sub (local.get 0) (i64.const 1)))))))
  (func $even (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $even (i32.sub (local.get 0) (i32.const 1))))))
  (func $zeroed (param i32) (result i64) (local i64 i32 i64)
    (i64.add (i64.add (local.get 1) (i64.extend_i32_u (local.get 2))) (i64.add (local.get 3) (i64.extend_i32_u (local.get 0)))))
  (global $gi (mut i32) (i32.const -5))
  (global $gl (mut i64) (i64.const 0x123456789))
  (global $ci i32 (i32.const 77))
  (global $cl i64 (i64.const -1))
  (func $bump (result i64)
    (global.set $gi (i32.add (global.get $gi) (global.get $ci)))
    (global.set $gl (i64.rotl (global.get $gl) (i64.extend_i32_u (global.get $gi))))
    (global.get $gl))"""
        cases = []
        for value in (0, 1, -1, 0x7FFFFFFF, -0x80000000, 12345):
            cases += [f"(i64.extend_i32_u (call_indirect (type $ii) (i32.const {value}) (i32.const 0)))",
                      f"(i64.extend_i32_u (call_indirect (type $ii2) (i32.const {value}) (i32.const 0)))",
                      f"(i64.extend_i32_u (call_indirect (type $ii) (i32.const {value}) (i32.const 2)))",
                      f"(call_indirect (type $ll) (i64.const {value}) (i32.const 1))",
                      f"(call_indirect (type $il) (i32.const {value}) (i32.const 3))",
                      (f"(call_indirect (type $ll) (i64.const {value}) (i32.wrap_i64 (call $in (i32.const 0))))", [1], []),
                      f"(call $mix3 (i32.const {value}) (i64.const {self.value(64)}) (i32.const {signed(self.value(32), 32)}))"]
        cases += ["(block (result i64) (call_indirect (type $v) (i32.const 4)) (i64.const 4))",
                  # A host function in the table: wasm_output through call_indirect.
                  "(block (result i64) (call_indirect (type $sink) (i64.const -77) (i32.const 5)) (i64.const 5))",
                  "(call $zeroed (i32.const 9))"]
        cases += [f"(call $fib (i32.const {n}))" for n in (0, 1, 2, 15)]
        cases += [f"(call $factorial (i64.const {n}))" for n in (0, 1, 20, 25)]
        cases += [f"(i64.extend_i32_u (call $even (i32.const {n})))" for n in (0, 7, 1000, 3001)]
        cases += ["(i64.extend_i32_s (global.get $gi))", "(global.get $gl)", "(i64.extend_i32_s (global.get $ci))", "(global.get $cl)"]
        cases += ["(call $bump)"] * 5 + ["(i64.extend_i32_s (global.get $gi))"]
        cases += ["(block (result i64) (call $require (i32.const 1)) (call $require (i32.const -1)) (i64.const 77))"]
        self.batch("calls-tables-globals", "calls, call_indirect, globals", cases, prelude=functions)

        for name, index, type_ in [("type-mismatch-param", 1, "$ii"), ("type-mismatch-result", 3, "$ii"),
                                   ("type-mismatch-arity", 0, "$v"), ("host-function-mismatch", 5, "$ii"), ("null-slot", 6, "$ii"), ("last-null-slot", 7, "$ii"),
                                   ("index-past-table", 8, "$ii"), ("index-minus-one", -1, "$ii"),
                                   ("index-from-input", None, "$ii")]:
            arguments = "" if type_ == "$v" else "(i32.const 1) "
            index_text = "(i32.wrap_i64 (call $in (i32.const 1)))" if index is None else f"(i32.const {index})"
            call = f"(call_indirect (type {type_}) {arguments}{index_text})"
            self.trap_module(f"call_indirect-{name}", "call_indirect traps", call if type_ == "$v" else f"(drop {call})",
                             prelude=functions, public=[] if index is not None else [0x100000000 + 8])
        self.trap_module("stack-exhaustion", "call stack exhaustion", "(call $down (i64.const 0))",
                         prelude="(func $down (param i64) (call $down (i64.add (local.get 0) (i64.const 1))))")
        self.trap_module("stack-exhaustion-indirect", "call stack exhaustion", "(call $ping)",
                         prelude="(type $v (func)) (table 1 funcref) (elem (i32.const 0) $pong)\n"
                                   "  (func $ping (call_indirect (type $v) (i32.const 0))) (func $pong (call $ping))")

    # memory.size and memory.grow against the declared maximum and the engine's page limit.

    def memory_growth(self):
        grow = lambda pages: f"(i64.extend_i32_s (memory.grow (i32.const {pages})))"
        size = "(i64.extend_i32_u (memory.size))"
        last = lambda pages: (f"(block (result i64) (i64.store (i32.const {pages * PAGE - 8}) (i64.const -2)) "
                              f"(i64.load (i32.const {pages * PAGE - 8})))")
        self.batch("grow-engine-limit", "memory.size, memory.grow", [
            size, grow(0), grow(1), size, last(2), grow(GROW_PAGES - 2), size, last(GROW_PAGES), grow(1), grow(0),
            grow(-1), grow(65536), size], prelude="(memory 1)", pages=GROW_PAGES)
        self.batch("grow-default-limit", "memory.size, memory.grow", [
            grow(ENGINE_PAGES - 1), grow(1), size, last(ENGINE_PAGES)], prelude="(memory 1)")
        self.batch("grow-declared-maximum", "memory.size, memory.grow", [
            size, grow(2), grow(1), size, last(3), grow(0), grow(-1)], prelude="(memory 1 3)")
        self.batch("grow-from-zero", "memory.size, memory.grow", [size, grow(0), grow(1), last(1), size],
                   prelude="(memory 0 1)")
        self.batch("grow-small-engine-limit", "memory.size, memory.grow",
                   [size, grow(5), grow(3), size, last(4), grow(1), grow(0)], prelude="(memory 1 10)", pages=4)
        self.trap_module("load-past-grown-memory", "memory bounds traps",
                         f"(drop (memory.grow (i32.const 2))) (drop (memory.grow (i32.const 1))) (drop (i32.load8_u (i32.const {3 * PAGE})))",
                         prelude="(memory 1 3)")
        self.trap_module("load-in-empty-memory", "memory bounds traps", "(drop (i32.load8_u (i32.const 0)))",
                         prelude="(memory 0)")
        self.trap_module("load-past-failed-grow", "memory bounds traps",
                         f"(drop (memory.grow (i32.const 4))) (drop (i64.load (i32.const {2 * PAGE - 7})))",
                         prelude="(memory 2)", pages=4)

    # Host functions, start function and instantiation traps.

    def host_and_instantiation(self):
        self.trap_module("require-zero", "require and inputs", "(call $require (i32.wrap_i64 (call $in (i32.const 1))))",
                         public=[0x100000000])
        self.trap_module("private-input-exhausted", "require and inputs",
                         "(call $out (call $in (i32.const 0))) (call $out (call $in (i32.const 0)))", private=[5])
        self.trap_module("public-input-exhausted", "require and inputs", "(drop (call $in (i32.const 1)))")
        self.trap_module("input-kind-2", "require and inputs", "(drop (call $in (i32.const 2)))", private=[1], public=[1])
        start = """
  (memory 1)
  (global $g (mut i64) (i64.const 0))
  (func $init (global.set $g (call $in (i32.const 1))) (i64.store (i32.const 8) (i64.const -9)) (call $out (i64.const 42)))
  (start $init)"""
        self.batch("start-function", "instantiation", ["(global.get $g)", "(i64.load (i32.const 8))"], prelude=start,
                   public=[123456789], outputs=3)
        self.trap_module("start-traps", "instantiation traps", "", prelude="(func $init unreachable) (start $init)")
        self.trap_module("element-segment-past-table", "instantiation traps", "",
                         prelude="(table 2 funcref) (func $f) (elem (i32.const 1) $f $f)")
        self.trap_module("data-segment-past-memory", "instantiation traps", "",
                         prelude=f'(memory 1) (data (i32.const {PAGE - 2}) "abc")')
        self.trap_module("empty-data-segment-past-memory", "instantiation traps", "",
                         prelude=f'(memory 1) (data (i32.const {PAGE + 1}) "")')
        self.trap_module("empty-element-segment-past-table", "instantiation traps", "",
                         prelude="(table 2 funcref) (elem (i32.const 3) func)")
        # Empty segments may start right at the end; overlapping segments apply in order.
        segments = (f'(memory 1) (data (i32.const {PAGE}) "") (data (i32.const 16) "abcdefgh") (data (i32.const 18) "XY")\n'
                    '  (type $r (func (result i64))) (table 3 funcref) (elem (i32.const 3) func)\n'
                    '  (elem (i32.const 0) $a $b) (elem (i32.const 1) $c)\n'
                    '  (func $a (result i64) (i64.const 1)) (func $b (result i64) (i64.const 2)) (func $c (result i64) (i64.const 3))')
        self.batch("segments", "instantiation", ["(i64.extend_i32_u (memory.size))", "(i64.load (i32.const 16))",
                                                 "(call_indirect (type $r) (i32.const 0))", "(call_indirect (type $r) (i32.const 1))"],
                   prelude=segments)

    # The modules proved and verified: small, with the instruction groups the prover must handle.

    def proved_selection(self) -> list[Module]:
        """Generated batches cut down to a quickly provable size: the first cases of arithmetic
        (with their inputs), of br_table (all three table functions over in-range and
        out-of-range indices) and of call_indirect (every slot and type, an index from an input,
        a direct call), loads and stores spread over the whole batch, and memory.grow against a
        declared maximum and a lower engine limit (all of it)."""
        chosen = []
        for name, count in (("arithmetic-0", 40), ("memory-loads-stores", 24), ("control-fixed", 24),
                            ("calls-tables-globals", 28), ("grow-small-engine-limit", 7)):
            source = next(m for m in self.modules if m.name == name)
            prelude, cases = source.parts
            picked = cases[::len(cases) // count] if name.startswith("memory") else cases[:count]
            chosen.append(Generator(0).batch(f"proved-{name}", "proved", picked, prelude=prelude, pages=source.pages))
        return chosen


def generate(seed: int = 7) -> Generator:
    generator = Generator(seed)
    generator.arithmetic()
    generator.expression_trees()
    generator.memory()
    generator.control()
    generator.calls()
    generator.memory_growth()
    generator.host_and_instantiation()
    return generator
