# The README's two commands: `make run` and `make test`. Both install what
# they need (scripts/bootstrap) and build with Meson.
DB ?= var/oversight.db
LISTEN ?= 127.0.0.1:8080

.PHONY: run test build clean

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

clean:
	rm -rf build build-asan
