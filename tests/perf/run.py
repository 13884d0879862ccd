"""`make bench`: every tests/perf/bench_*.py against PostgreSQL, one JSON file each under var/bench/.

Each benchmark module has `run() -> dict` (the figures its issue names) and generates its own data.
Each runs in a freshly created database `<name>_bench` next to the one in DATABASE_URL, so a real
database is never touched and no benchmark sees another's data. SQLite is refused: its figures say
nothing about production.
"""

import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        sys.exit(
            "make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/db "
            "(benchmarks on SQLite would measure the wrong database)."
        )
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "registrar"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def _recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main(selected: list[str]) -> None:
    url = _bench_database_url()
    _recreate_database(url)  # before Django connects to it
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registrar.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    package = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        name = info.name.removeprefix("bench_")
        if selected and name not in selected:
            continue
        # Each benchmark gets a fresh, migrated database: none sees another's data.
        connections.close_all()
        _recreate_database(url)
        call_command("migrate", verbosity=0)
        module = importlib.import_module(f"tests.perf.{info.name}")
        started = time.perf_counter()
        result = module.run()
        result.setdefault("wall_seconds", round(time.perf_counter() - started, 3))
        (out_dir / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        print(f"{name}: {json.dumps(result, ensure_ascii=False, default=str)}")


if __name__ == "__main__":
    main(sys.argv[1:])
