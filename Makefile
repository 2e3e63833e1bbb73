# One configuration for every step (release, with @testable imports allowed), so CI and
# developers pay the dependency build once: WasmKit is ~150x slower unoptimised.
SWIFT_FLAGS := -c release -Xswiftc -enable-testing
export PATH := /opt/swift/usr/bin:$(PATH)
BIN := .build/release
FIXTURES ?= ../shared/fixtures/sprout
DEBIAN_PACKAGES := libffi-dev libssl-dev libsqlite3-dev zlib1g-dev libcurl4 curl libsecp256k1-dev
# Real peers the end-to-end tests drive (never used by the product): a headless browser;
# wat2wasm (wabt) for the zkWasm example of docs/circuit-authors.md.
TEST_DEBIAN_PACKAGES := chromium wabt
PYTHON ?= python3
PORT ?= 9000

# The PostgreSQL server the store tests run against (installed and started by `make postgres`).
PG_ADMIN_URL ?= postgres://sprout:sprout@127.0.0.1:5432/postgres

.PHONY: deps pydeps postgres build plugins run test bench bench-core bench-risc0 bench-zkwasm bench-halo2 bench-api bench-p2p clean-plugins proto

## Installs the Debian packages the build needs (root, or sudo).
deps:
	@if ! dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $(DEBIAN_PACKAGES); \
	fi

## Python packages and Debian programs the end-to-end tests use as clients and peers (never inside the product).
pydeps:
	@if ! dpkg -s $(TEST_DEBIAN_PACKAGES) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $(TEST_DEBIAN_PACKAGES); \
	fi
	@$(PYTHON) -c "import pytest, requests, unicorn, eth_tester, eth, vyper, libp2p, wasmtime" 2>/dev/null || $(PYTHON) -m pip install -q pytest requests unicorn "eth-tester[py-evm]==0.14.0b1" vyper==0.4.3 libp2p==0.8.1 wasmtime==50.0.1

## Installs and starts a local PostgreSQL server with a `sprout` role for the tests.
postgres:
	@command -v pg_ctlcluster >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -q && $$SUDO apt-get install -y -q postgresql; }
	@version=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	pg_lsclusters -h | grep -q . || pg_createcluster $$version main; \
	pg_lsclusters -h | awk '{print $$1, $$2, $$4}' | while read v c state; do [ "$$state" = online ] || pg_ctlcluster $$v $$c start; done
	@for i in $$(seq 50); do su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break; sleep 0.2; done
	@su postgres -c "psql -qAtc \"SELECT 1 FROM pg_roles WHERE rolname='sprout'\"" | grep -q 1 || \
		su postgres -c "psql -qc \"CREATE ROLE sprout LOGIN PASSWORD 'sprout' CREATEDB\""

build: deps
	swift build $(SWIFT_FLAGS)

## Regenerates Host/P2P/Generated/*.pb.swift from Host/P2P/Proto/*.proto. Not part of build or
## test: the generated code is committed. Needs protoc (Debian's protobuf-compiler); builds
## protoc-gen-swift once from the swift-protobuf checkout the package resolved (~10 min).
PROTOC_GEN_SWIFT ?= .build/protoc-gen-swift/release/protoc-gen-swift
proto:
	@command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler" >&2; exit 1; }
	@[ -x $(PROTOC_GEN_SWIFT) ] || swift build -c release --package-path .build/checkouts/swift-protobuf \
		--scratch-path .build/protoc-gen-swift --product protoc-gen-swift
	protoc --plugin=protoc-gen-swift=$(PROTOC_GEN_SWIFT) --proto_path=Host/P2P/Proto \
		--swift_opt=Visibility=Internal --swift_out=Host/P2P/Generated Host/P2P/Proto/*.proto

## Copies the engine plugins (not the test fixtures) into plugins.d.
plugins: build
	@mkdir -p plugins.d
	@for lib in $(BIN)/libsprout_*.so; do \
		case "$$(basename $$lib)" in libsprout_fixture_*) ;; *) cp "$$lib" plugins.d/ && echo "plugins.d/$$(basename $$lib)";; esac; \
	done

## Builds everything, starts the node on SQLite with sprout's projects 10003 (wasm) and 10002
## (zkwasm, proved), sends each a message and shows its states; the node keeps serving on $(PORT) until Ctrl-C.
run: plugins
	$(BIN)/sprout plugins list
	@mkdir -p sprout-data/projects && cp $(FIXTURES)/10003 $(FIXTURES)/10002 sprout-data/projects/
	@$(BIN)/sprout serve --port $(PORT) --db sqlite:sprout-data/sprout.sqlite --projects sprout-data/projects --log-level notice & \
	node=$$!; trap 'kill $$node 2>/dev/null' INT TERM EXIT; \
	for i in $$(seq 100); do curl -sf http://127.0.0.1:$(PORT)/live >/dev/null && break; sleep 0.1; done; \
	$(BIN)/sprout message send --node http://127.0.0.1:$(PORT) --project-id 10003 --project-version 0.1 --data 'wasm log example' --wait && \
	$(BIN)/sprout message send --node http://127.0.0.1:$(PORT) --project-id 10002 --project-version 0.1 --data '{"private_input":[1,1],"public_input":[2]}' --wait && \
	echo "node serving on http://127.0.0.1:$(PORT) (Ctrl-C stops it)" && wait $$node

## Swift tests run serially: proof suites keep both cores busy for minutes, and timing tests
## (P2P handshake timeouts) running beside them would wait for a free cooperative thread.
test: pydeps postgres build
	swift build $(SWIFT_FLAGS) --build-tests
	SPROUT_TEST_POSTGRES=$(PG_ADMIN_URL) swift test $(SWIFT_FLAGS) --skip-build --no-parallel
	SPROUT_TEST_POSTGRES=$(PG_ADMIN_URL) $(PYTHON) -m pytest Tests/E2E -q

## Benchmarks (not tests): JSON results in Benchmarks/results/.
bench: plugins
	@mkdir -p Benchmarks/results
	$(BIN)/sprout bench abi --plugin $(BIN)/libsprout_fixture_minimal.so | tee Benchmarks/results/plugin-abi.json
	$(BIN)/sprout bench applet --code $(FIXTURES)/10003 | tee Benchmarks/results/wasm-applet.json

## ZK core (issue 5): field, NTT, Poseidon2, Merkle and a 2^20 x 64 STARK, each next to its physical
## bound (minutes on two cores; SPROUT_BENCH_ONLY=mul,ntt,poseidon2 picks parts).
bench-core: build
	@mkdir -p Benchmarks/results
	$(BIN)/SproutCoreBench | tee Benchmarks/results/core.json

## risc0 (issue 6): a 2^20-cycle loop guest proved in one segment, then in 2^16-instruction
## segments (continuations): executor and proving cycles/s, peak memory, seal sizes, verify time,
## next to the issue's targets (tens of minutes on two cores).
bench-risc0: build
	@mkdir -p Benchmarks/results
	$(BIN)/SproutRisc0Bench 20 20 | tee Benchmarks/results/risc0.json
	$(BIN)/SproutRisc0Bench 20 16 | tee -a Benchmarks/results/risc0.json

## zkwasm (issue 7): a loop of about 2^20 wasm instructions, interpreted (with and without the
## trace), proved and verified in segments of 2^18 rows (the default) and of 2^19: instructions/s,
## peak memory, receipt size, verify time, next to the issue's targets (minutes on two cores).
bench-zkwasm: build
	@mkdir -p Benchmarks/results
	$(BIN)/SproutZkWasmBench 20 | tee Benchmarks/results/zkwasm.json
	$(BIN)/SproutZkWasmBench 20 '{"segmentLimitPo2":19}' | tee -a Benchmarks/results/zkwasm.json

## halo2 (issue 8): MSM of 2^16 and 2^20 points and FFT of 2^20 over BN254 Fr (each result checked),
## then the ezkl-shaped circuit proved and verified at k = 16 and 18 (tens of minutes on two cores).
bench-halo2: build
	@mkdir -p Benchmarks/results
	$(BIN)/SproutHalo2Bench primitives | tee Benchmarks/results/halo2-primitives.json
	SPROUT_BENCH_K=16,18 $(BIN)/SproutHalo2Bench | tee Benchmarks/results/halo2.json

## POST /message throughput with wrk on SQLite and PostgreSQL (needs `make postgres`).
bench-api: plugins postgres
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -q wrk; }
	$(PYTHON) Benchmarks/api/post_message_bench.py --db sqlite | tee Benchmarks/results/post-message-sqlite.json
	$(PYTHON) Benchmarks/api/post_message_bench.py --db $(PG_ADMIN_URL) | tee Benchmarks/results/post-message-postgres.json

## Tasks/s with 1, 2 and 3 prover processes on sprout's wasm project 10003: sequencer and provers
## on libp2p, and nodes sharing PostgreSQL (needs `make postgres`); handshakes and gossipsub rates.
bench-p2p: plugins pydeps postgres
	@mkdir -p Benchmarks/results
	$(PYTHON) Benchmarks/p2p/bench_provers.py --cluster-db $(PG_ADMIN_URL) | tee Benchmarks/results/p2p-provers.json
	$(PYTHON) Benchmarks/p2p/bench_p2p.py | tee Benchmarks/results/p2p-gossipsub.json

clean-plugins:
	find plugins.d -name '*.so' -delete
