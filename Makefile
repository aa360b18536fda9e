# primed: the two set-up commands are `make site` and `make test`.

GO ?= go
ECHARTS := templates/assets/echarts.min.js

.PHONY: site test build assets sample vet clean

# The sample report's site, in site/.
site: assets
	$(GO) run ./cmd/primed build --out site

# Every test.
test: assets
	$(GO) vet ./...
	$(GO) test ./...

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

clean:
	rm -rf bin site node_modules $(ECHARTS)
