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

# Throughput and latency next to nginx on a synthetic national-scale database
# (bench/run; BENCH_BODIES etc. for a smaller one). Not part of `make test`.
bench:
	@bench/run

# The 5-minute load soak (bench/soak; SOAK_SECONDS to shorten). Not part of `make test`.
check-long:
	@bench/soak

clean:
	rm -rf build build-asan build-fuzz
