# One configuration for every step (release, with @testable imports allowed), so CI and
# developers pay the dependency build once: WasmKit is ~150x slower unoptimised.
SWIFT_FLAGS := -c release -Xswiftc -enable-testing
export PATH := /opt/swift/usr/bin:$(PATH)
BIN := .build/release
FIXTURES ?= ../shared/fixtures/sprout
DEBIAN_PACKAGES := libffi-dev libssl-dev libsqlite3-dev zlib1g-dev

.PHONY: deps build plugins run test bench clean-plugins

## Installs the Debian packages the build needs (root, or sudo).
deps:
	@if ! dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $(DEBIAN_PACKAGES); \
	fi

build: deps
	swift build $(SWIFT_FLAGS)

## Copies the engine plugins (not the test fixtures) into plugins.d.
plugins: build
	@mkdir -p plugins.d
	@for lib in $(BIN)/libsprout_*.so; do \
		case "$$(basename $$lib)" in libsprout_fixture_*) ;; *) cp "$$lib" plugins.d/ && echo "plugins.d/$$(basename $$lib)";; esac; \
	done

## Builds everything, lists the plugins and runs sprout's project 10003 applet.
run: plugins
	$(BIN)/sprout plugins list
	$(BIN)/sprout execute --code $(FIXTURES)/10003 --data 'wasm log example' --log-level info

test: build
	swift build $(SWIFT_FLAGS) --build-tests
	swift test $(SWIFT_FLAGS) --skip-build

## Benchmarks (not tests): JSON results in Benchmarks/results/.
bench: plugins
	@mkdir -p Benchmarks/results
	$(BIN)/sprout bench abi --plugin $(BIN)/libsprout_fixture_minimal.so | tee Benchmarks/results/plugin-abi.json
	$(BIN)/sprout bench applet --code $(FIXTURES)/10003 | tee Benchmarks/results/wasm-applet.json

clean-plugins:
	find plugins.d -name '*.so' -delete
