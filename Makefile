# The README's two commands: `make run` and `make test`. Both install what
# they need (scripts/bootstrap) and build with Meson.
DB ?= var/oversight.db
LISTEN ?= 127.0.0.1:8080

.PHONY: run test build clean bench check-long

build:
	@scripts/bootstrap
	@[ -f build/build.ninja ] || meson setup build >/dev/null
	@ninja -C build

run: build
	@mkdir -p $(dir $(DB))
	@[ -f $(DB) ] || build/oversight demo $(DB)
	@echo "Open http://$(LISTEN)/ (Ctrl-C stops)"
	@exec build/oversight serve --db sqlite:$(DB) --listen $(LISTEN)

test:
	@scripts/test

# Throughput and latency against the number of bodies (1,000, 10,000,
# 100,000: BENCH_SIZES), cached and uncached, next to nginx and Fossil, with
# an SVG plot (bench/scale; BENCH_SECONDS=5 for a shorter run; bench/run for
# one size). Not part of `make test`.
bench:
	@bench/scale

# The 5-minute load soak (bench/soak; SOAK_SECONDS to shorten). Not part of `make test`.
check-long:
	@bench/soak

clean:
	rm -rf build build-asan build-fuzz
