# Two commands for a fresh machine: `make run` (demo on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STUDENTS ?= 200
PYTEST_ARGS ?=

.PHONY: run test bench lint messages makemessages venv migrate demo clean-db check

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

venv: $(BIN)/.installed

messages: venv
	$(BIN)/python manage.py compile_translations

migrate: messages
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo --if-empty --students $(STUDENTS)

run: demo
	@echo "Serving http://$(HOST):$(PORT)/  (Ctrl+C stops)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: messages
	$(BIN)/python -m tests.perf.run $(BENCH)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: messages
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .

# Refresh locale/*.po from the code after changing user-facing strings (needs GNU gettext).
makemessages: venv
	$(BIN)/python manage.py makemessages -l kk -l ru --no-obsolete --no-location -i ".venv/*" -i "var/*"

clean-db:
	rm -f var/registrar.sqlite3 var/registrar.sqlite3-wal var/registrar.sqlite3-shm
