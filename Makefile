# lpu — rules engine for Italian Lavoro di Pubblica Utilità.
GO      ?= go
PKGS    := ./...
ADDR    ?= localhost:8080
BIN     := bin/lpu
BENCH_COUNT ?= 5

.PHONY: run build test lint vet fmt-check bench fuzz cover regole clean load

## run: the HTTP server with the embedded rules on $(ADDR)
run:
	$(GO) run ./cmd/lpu serve --addr $(ADDR)

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/lpu

# The tests of ./lpu that take a sample under -race (raceAttivo) or do
# not run under it: the differential ones that compare answers one
# evaluation after the other (the corpus of today's answers, the
# baseline, the JSON codec, the reuse of values, the explanation), the
# labels of every error without the explanation, the large inputs
# (many keys, a long header, an ordered lotto, every description) and
# the godoc examples (//go:build !race), as the race
# detector finds nothing in them the concurrent tests do not; make test
# runs them again in full without it.
DIFFERENZIALI := ^(TestCorpus|TestBaselineEquivalente|TestJSONSuite|TestJSONRichiesteCasuali|TestValoriRiusatiTraValutazioni|TestSenzaSpiegazioneEquivalente|TestTestiStabili|TestLottoMemoriaLimitata|TestLottoAnnullatoCentomila|TestLottoOrdine|TestMolteChiavi|TestLottoIntestazioneLimitata|TestDescrizione|TestTestiAlSingolare|TestErroriNominanoIlCampo|Example.*)$$

# The tests of ./server that read a sample under -race: of the rules
# pages (pagineRegole), and of the corpus's answers validated against
# the OpenAPI schemas (TestOpenAPIRisposteCorpus). Their scans run in one
# goroutine and cost the race detector seconds of regular expressions
# and of JSON; make test reads every page and every answer without it.
SCANSIONI := ^(TestRegoleInItaliano|TestRegoleSenzaCodici|TestOpenAPIRisposteCorpus)$$

## test: formatting, vet, all tests with the race detector, the
## differential tests and the scans of every rules page in full, the
## rule suites
test: fmt-check vet
	$(GO) test -race -count=1 $(PKGS)
	$(GO) test -count=1 -run '$(DIFFERENZIALI)' ./lpu
	$(GO) test -count=1 -run '$(SCANSIONI)' ./server
	$(GO) run ./cmd/lpu regole test

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

## lint: gofmt, go vet and staticcheck
lint: fmt-check vet
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS)

## bench: Go benchmarks in BENCH_COUNT rounds (each round runs Load, Evaluate
## and the hand-written baseline one after the other, so that each ratio
## compares figures taken together); then medians, ratios and targets
bench:
	@mkdir -p tmp
	@$(GO) test -c -o tmp/lpu.test ./lpu/ && $(GO) test -c -o tmp/calc.test ./calc/
	@: > tmp/bench.txt; for i in $$(seq $(BENCH_COUNT)); do \
		(cd lpu && ../tmp/lpu.test -test.run '^$$' -test.bench . -test.benchmem) >> tmp/bench.txt || exit 1; \
	done; (cd calc && ../tmp/calc.test -test.run '^$$' -test.bench . -test.benchmem) >> tmp/bench.txt
	@cat tmp/bench.txt
	@$(GO) run ./internal/benchratio tmp/bench.txt

## fuzz: a short run of every fuzz target
## (on Go 1.26 a target may end with a bare "context deadline exceeded" and
## no failing input written: the fuzz coordinator's race at -fuzztime,
## golang/go#75804, fixed in Go 1.27; a real failure writes its input
## under testdata/fuzz)
## (a new input is minimised for at most 5 s: a rule file is large, and
## the default minute would eat the whole run)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/
	$(GO) test -run '^$$' -fuzz '^FuzzCostoRegole$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/
	$(GO) test -run '^$$' -fuzz '^FuzzLotto$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/
	$(GO) test -run '^$$' -fuzz '^FuzzAPI$$' -fuzztime 20s -fuzzminimizetime 5s ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzModulo$$' -fuzztime 20s -fuzzminimizetime 5s ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzQuery$$' -fuzztime 20s -fuzzminimizetime 5s ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzJSONTesti$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/
	$(GO) test -run '^$$' -fuzz '^FuzzAppendString$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/internal/jsonx/
	$(GO) test -run '^$$' -fuzz '^FuzzPrattComeANTLR$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 20s -fuzzminimizetime 5s ./lpu/internal/spec/

cover:
	$(GO) test -coverprofile=cover.out $(PKGS)
	$(GO) tool cover -func=cover.out | tail -1

## regole: run the YAML rule suites through the binary
regole:
	$(GO) run ./cmd/lpu regole test

## load: throughput of POST /api/v1/calcolo against GET /healthz (wrk, loopback)
load:
	./scripts/load.sh

clean:
	rm -rf bin cover.out tmp
