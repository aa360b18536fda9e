# primed: the two set-up commands are `make site` and `make test`.

GO ?= go
ECHARTS := templates/assets/echarts.min.js

.PHONY: site test lint fuzz build bench assets echarts echarts-check sample screenshots clean

# The sample report's site, in site/.
site:
	$(GO) run ./cmd/primed build --out site --replace

# Every test, the linters, and a short run of every fuzz test: the unit and
# integration tests under the race detector, then the browser suite
# without it (it drives Chromium, where -race only slows the Go side).
test: assets lint
	@test -n "$$PRIMED_REAL_DATA" || test -d ../shared/data/real || \
		echo "note: the real exports are not in ../shared/data/real, so the tests that read them are left out (set PRIMED_REAL_DATA to their folder)"
	$(GO) test -race -short -timeout 10m ./...
	$(GO) test -tags browser -run '^TestBrowser$$' -timeout 20m ./cmd/primed
	$(MAKE) fuzz

# Each parser's fuzz test for a few thousand inputs, starting from the
# corpora in testdata/fuzz; FUZZTIME=10m for a long run. A count, not a
# duration: with a duration, Go 1.26's fuzzer can fail a target with
# "context deadline exceeded" on a busy machine (golang/go#75804).
FUZZTIME ?= 3000x
FUZZ = load:FuzzDataCSV load:FuzzParseSeen load:FuzzYAML load:FuzzSourceCSV load/table:FuzzParseNumber load/table:FuzzSplit \
	load/source:FuzzDecode load/source:FuzzFiscal publish:FuzzDecodeManifest publish:FuzzEncodeManifest load/yamldoc:FuzzResolve report:FuzzParsePeriod \
	report:FuzzFixed report:FuzzFixedByDigits report:FuzzParseLabel markdown:FuzzScan render:FuzzCSVCell render:FuzzLink render:FuzzOptional
fuzz:
	@for t in $(FUZZ); do \
		pkg=$${t%%:*}; f=$${t#*:}; echo "fuzz $$pkg $$f"; \
		$(GO) test ./generator/$$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

lint: echarts-check
	@test -z "$$(gofmt -l cmd generator templates data)" || { gofmt -l cmd generator templates data; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) mod tidy -diff
	$(GO) vet -tags browser ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags browser ./...

# The primed command, in bin/.
build:
	$(GO) build -o bin/primed ./cmd/primed

# primed against the disk floor (cp -r of its own output) and Hugo, on the
# generated workloads: SIZES=S,M,N and SCALING=1000,2000,4000,8000 for the
# whole set (hours); BENCHWORK keeps the workloads between runs. Debian's
# hugo is installed if missing. Results and how to read them:
# docs/performance.md.
SIZES ?= M
SCALING ?= 1000,2000
BENCHWORK ?= $(or $(TMPDIR),/tmp)/primed-bench
BENCHSVG ?= $(BENCHWORK)/scaling.svg
bench: build
	@command -v hugo >/dev/null || { apt-get update && apt-get install -y hugo; } || \
		{ echo "bench needs Hugo: apt-get install hugo"; exit 1; }
	$(GO) build -o bin/benchdata ./cmd/benchdata
	$(GO) run ./cmd/bench -primed bin/primed -benchdata bin/benchdata -work $(BENCHWORK) -sizes $(SIZES) -scaling $(SCALING) -svg $(BENCHSVG)

# The npm packages the tests use (axe-core, the Nu HTML Checker) and the
# ECharts bundle is made from, pinned exactly in package.json and its lock.
assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# ECharts, cut down to the parts primed uses (templates/echarts/echarts.js)
# and committed, so that go build and go install need no npm. make echarts
# rebuilds it from the lock file; make test checks that it is what the
# lock file builds, byte for byte.
ESBUILD = node_modules/.bin/esbuild templates/echarts/echarts.js --bundle --minify \
	--format=iife --target=es2017 --legal-comments=inline \
	'--define:process.env.NODE_ENV="production"' \
	--banner:js="/*! Apache ECharts $$(node -p 'require("./node_modules/echarts/package.json").version'), (c) The Apache Software Foundation, Apache License 2.0: the parts primed uses, bundled by esbuild */" \
	--log-level=warning
echarts: assets
	$(ESBUILD) --outfile=$(ECHARTS)

echarts-check: assets
	@$(ESBUILD) --outfile=$${TMPDIR:-/tmp}/primed-echarts.min.js
	@cmp -s $${TMPDIR:-/tmp}/primed-echarts.min.js $(ECHARTS) || \
		{ echo "$(ECHARTS) is not what the lock file builds: run make echarts and commit it"; exit 1; }

# Regenerate the sample report's CSVs (they are committed).
sample:
	$(GO) run ./data/gen

# The README's pictures of the sample site, drawn by headless Chromium at
# desktop and phone widths.
CHROMIUM ?= chromium
SHOT = $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
	--user-data-dir=$$(mktemp -d) --virtual-time-budget=5000 2>/dev/null
BOARD = site/latest/adult-social-care/index.html
SERVICE = site/latest/adult-social-care/localities/index.html
TEAM = site/latest/adult-social-care/localities/north/index.html
screenshots: site
	$(SHOT) --window-size=1280,1800 --screenshot=docs/board.png $(BOARD)
	$(SHOT) --window-size=1280,1800 --screenshot=docs/service.png $(SERVICE)
	$(SHOT) --window-size=1280,1800 --screenshot=docs/team.png $(TEAM)
	$(SHOT) --window-size=390,1600 --screenshot=docs/board-phone.png $(BOARD)
	$(SHOT) --window-size=390,1600 --screenshot=docs/service-phone.png $(SERVICE)
	$(SHOT) --window-size=390,1600 --screenshot=docs/team-phone.png $(TEAM)

clean:
	rm -rf bin site node_modules
