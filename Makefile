# primed: the two set-up commands are `make site` and `make test`.

GO ?= go
ECHARTS := templates/assets/echarts.min.js

.PHONY: site test lint build assets sample screenshots clean

# The sample report's site, in site/.
site: assets
	$(GO) run ./cmd/primed build --out site

# Every test, and the linters.
test: assets lint
	$(GO) test ./...

lint: assets
	@test -z "$$(gofmt -l cmd generator templates data)" || { gofmt -l cmd generator templates data; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# The primed command, in bin/.
build: assets
	$(GO) build -o bin/primed ./cmd/primed

# ECharts comes from npm, pinned exactly in package.json and its lock file,
# and is embedded in the binary for every snapshot to carry.
assets: $(ECHARTS)

node_modules/echarts/dist/echarts.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(ECHARTS): node_modules/echarts/dist/echarts.min.js
	cp $< $@

# Regenerate the sample report's CSVs (they are committed).
sample:
	$(GO) run ./data/gen

# The README's pictures of the sample site, drawn by headless Chromium.
CHROMIUM ?= chromium
SHOT = $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
	--user-data-dir=$$(mktemp -d) --run-all-compositor-stages-before-draw --virtual-time-budget=5000
screenshots: site
	$(SHOT) --window-size=1280,2200 --screenshot=docs/board.png site/latest/adult-social-care/index.html
	$(SHOT) --window-size=1280,2200 --screenshot=docs/team.png site/latest/adult-social-care/localities/north/index.html

clean:
	rm -rf bin site node_modules $(ECHARTS)
