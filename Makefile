# matchcut: find match cuts and searchable shots in films.
SHELL := /bin/bash
VIDEO ?=
OUT ?= out
TITLE ?=
CONFIG ?= Release
STORE ?= .matchcut/store

.PHONY: setup build run serve test screenshots bench clean

setup:
	@scripts/setup.sh

build: setup
	dotnet build matchcut.slnx -c $(CONFIG) -v q -nologo

run: setup
	@if [ -z "$(VIDEO)" ]; then echo "usage: make run VIDEO=path/to/video [OUT=out] [TITLE=...]"; exit 64; fi
	dotnet run --project services/AllInOne -c $(CONFIG) -v q -- run "$(VIDEO)" --out "$(OUT)" --store "$(STORE)" $(if $(TITLE),--title "$(TITLE)")

serve: setup
	dotnet run --project services/AllInOne -c $(CONFIG) -v q -- serve --store "$(STORE)" --urls "$(or $(URLS),http://127.0.0.1:5080)"

test:
	@scripts/setup.sh rabbitmq chromium
	CONFIG=$(CONFIG) scripts/test.sh

# The review page's browser tests, saving a picture of each view into docs/screenshots.
screenshots:
	@scripts/setup.sh chromium
	dotnet build tests/Matchcut.Gateway.Tests -c $(CONFIG) -v q -nologo
	MATCHCUT_SCREENSHOTS=$(CURDIR)/docs/screenshots dotnet test tests/Matchcut.Gateway.Tests -c $(CONFIG) --no-build --filter "FullyQualifiedName~ReviewPageTests"

clean:
	rm -rf out .matchcut
	dotnet clean matchcut.slnx -v q

bench: setup
	dotnet build services/AllInOne -c Release -v q -nologo
	dotnet build bench/Matchcut.Bench -c Release -v q -nologo
	-dotnet bench/Matchcut.Bench/bin/Release/net10.0/Matchcut.Bench.dll $(BENCH_ARGS) --bdn
	@if [ -d bench/Matchcut.Vectors.Bench ]; then dotnet run --project bench/Matchcut.Vectors.Bench -c Release -- $(filter --quick,$(BENCH_ARGS)) --csv > bench/results/vectors_index.csv || true; fi
	@if [ -d bench/Matchcut.Encoders.Bench ]; then dotnet run --project bench/Matchcut.Encoders.Bench -c Release -- $(filter --quick,$(BENCH_ARGS)) || true; fi
	-dotnet run --project bench/Matchcut.Gateway.Bench -c Release -- $(filter --quick,$(BENCH_ARGS))
	bench/report.sh
