# matchcut: find match cuts and searchable shots in films.
SHELL := /bin/bash
VIDEO ?=
OUT ?= out
TITLE ?=
CONFIG ?= Release
STORE ?= .matchcut/store

.PHONY: setup build run serve test bench clean

setup:
	@scripts/setup.sh

build: setup
	dotnet build matchcut.slnx -c $(CONFIG) -v q -nologo

run: setup
	@if [ -z "$(VIDEO)" ]; then echo "usage: make run VIDEO=path/to/video [OUT=out] [TITLE=...]"; exit 64; fi
	dotnet run --project services/AllInOne -c $(CONFIG) -v q -- run "$(VIDEO)" --out "$(OUT)" --store "$(STORE)" $(if $(TITLE),--title "$(TITLE)")

serve: setup
	dotnet run --project services/AllInOne -c $(CONFIG) -v q -- serve --store "$(STORE)" --urls "$(or $(URLS),http://127.0.0.1:5080)"

test: setup
	dotnet build matchcut.slnx -c $(CONFIG) -v q -nologo
	dotnet test matchcut.slnx -c $(CONFIG) --no-build -v q --logger "console;verbosity=normal"

clean:
	rm -rf out .matchcut
	dotnet clean matchcut.slnx -v q
