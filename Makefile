# Two commands for a fresh machine: `make run` (demo on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STUDENTS ?= 200
PYTEST_ARGS ?=

.PHONY: run test bench bench-timetable bench-exam lint messages makemessages venv migrate demo clean-db check

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

# The timetable solver on the 21 ITC-2007 course timetabling instances (TIME_LIMIT seconds each,
# JOBS at a time, one core each): var/bench/itc2007.json and var/bench/itc2007/compNN.sol.
TIME_LIMIT ?= 300
JOBS ?= 2
SEED ?= 0
bench-timetable: venv
	$(BIN)/python -m tests.perf.itc2007 ctt --time-limit $(TIME_LIMIT) --jobs $(JOBS) --seed $(SEED)

# The exam solver on the 8 ITC-2007 examination sets: var/bench/itc2007_exam.json.
bench-exam: venv
	$(BIN)/python -m tests.perf.itc2007 exam --time-limit $(TIME_LIMIT) --jobs $(JOBS) --seed $(SEED)

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
