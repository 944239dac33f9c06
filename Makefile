# Front door for people and CI. Each target only calls scripts and CMake presets.
#   make run    install what is missing, build Release, start cartd with the demo data
#   make test   install what is missing, build with ASan+UBSan (and the concurrent suites with
#               TSan), run every test, the fuzzers' smoke run and the format check
#   make build  build Release into build/release/
#   make tsan   build and run the suites that exercise concurrency under ThreadSanitizer
#   make bench  the load benchmark against nginx, the micro-benchmarks, instructions per request,
#               and PostgreSQL: cartd's PUT on one and two nodes beside pgbench
#   make fuzz   run each libFuzzer target for FUZZ_SECONDS (default 60)

JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
LISTEN ?= 127.0.0.1:8080

.PHONY: deps build run debug test tsan tsan-build format-check fuzz-build fuzz bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

run: build
	build/release/cartd serve --demo --listen $(LISTEN) --data-dir ./var

debug: deps
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

tsan-build: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan -j $(JOBS) --target concurrency_tests

tsan: tsan-build
	ctest --preset tsan -j $(JOBS)

fuzz-build: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)

format-check: deps
	bash scripts/check-format.sh

test: format-check debug fuzz-build tsan-build
	bash scripts/npm-tools.sh
	ctest --preset debug -j $(JOBS)
	ctest --preset tsan -j $(JOBS)
	bash fuzz/run.sh --smoke

fuzz: fuzz-build
	bash fuzz/run.sh --seconds $(FUZZ_SECONDS)

bench: build
	bash bench/run.sh
	bash bench/instructions.sh
	bash bench/postgres.sh

clean:
	rm -rf build
