# wikipipe — every task a developer or CI runs. `make help` lists them.
GO        ?= go
BIN       := bin/wikipipe
FUZZTIME  ?= 30s
# Packages whose tests compare with golden files (they import internal/golden).
GOLDEN_PKGS = $(shell $(GO) list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | awk '/internal\/golden/ {print $$1}')

.PHONY: help build run test golden fuzz bench bench-memory bench-peers bench-wtf bench-dumps interop lint clean

help: ## list the targets
	@awk -F':.*## ' '/^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## build bin/wikipipe
	$(GO) build -o $(BIN) ./cmd/wikipipe

run: build ## run the seed article through pipeline.yaml into out/
	./$(BIN) run -c pipeline.yaml

test: ## vet and run every test
	$(GO) vet ./...
	$(GO) test -count=1 ./...

golden: ## rewrite the golden files from the current output (read the diff after)
	$(GO) test -count=1 $(GOLDEN_PKGS) -update

fuzz: ## run every fuzz target for FUZZTIME each (FUZZTIME=10m for a real run)
	./scripts/fuzz.sh $(FUZZTIME)

bench: ## run the benchmarks of every stage and the end-to-end benchmark
	$(GO) test -run '^$$' -bench . -benchmem ./...

bench-memory: ## peak memory of a run over 1x and 10x a generated corpus (N=20000)
	./scripts/bench-memory.sh $(N)

bench-dumps: ## a generated 200 MB dump: decoders (stdlib, lbzip2, pbzip2) and wikipipe run -j 1/2 on its three forms, --page
	./scripts/bench-dumps.sh $(SIZE)

bench-peers: ## measure wikipipe beside wtf_wikipedia, mwparserfromhell and pandoc
	./scripts/bench-peers.sh

bench-wtf: ## issue 16's check: wikipipe run -f csv -j 1 vs wtf_wikipedia on the corpus x4 (RUNS=11)
	./scripts/bench-wtf.sh

interop: build ## check the outputs with real readers (DuckDB, openpyxl, LibreOffice, jsonld.js)
	./interop/run.sh

lint: ## gofmt and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt: files above need formatting'; exit 1; }
	$(GO) vet ./...

clean: ## remove build and run outputs
	rm -rf bin out
