"""gunicorn for the load benchmarks: started on a free loopback port against the bench database,
configured as production is (DEBUG off, a real SECRET_KEY, persistent database connections as in
docker-compose.yml), and always stopped, even when the benchmark fails. Its output goes to a log file
next to the benchmark's JSON.

Differences from production, each for a stated reason:
- `DJANGO_SETTINGS_MODULE=tests.perf.settings_bench`: MD5 password hashing for the generated
  accounts (200 PBKDF2 logins would measure the hasher, not the registration);
- plain HTTP on loopback: SECURE_SSL_REDIRECT and the Secure cookie flags off (production has TLS
  in front of gunicorn);
- STATIC_MANIFEST off: the benchmark does not run collectstatic; no static file is requested.

As in production, the cache (and with it the sessions, `cached_db`) is Redis when one answers on
127.0.0.1:6379 (database 15, flushed at start; `RUSH_CACHE_URL` overrides); otherwise the per-process
memory cache and database sessions, which the JSON's `cache` key then says.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def redis_cache_url() -> str:
    """The Redis cache of the benchmark's server (flushed), or "" when no Redis answers."""
    url = os.environ.get("RUSH_CACHE_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
    except Exception:  # no Redis here: the memory cache
        return ""
    return url


def server_env(database_url: str, cache_url: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.perf.settings_bench",
            "DATABASE_URL": database_url,
            "DEBUG": "False",
            "SECRET_KEY": "bench-only-secret-key-registration-rush-0123456789-abcdefghij",
            "ALLOWED_HOSTS": HOST,
            # Persistent connections as in docker-compose.yml (60 s there); longer here so a backend
            # lives through a whole phase and its CPU can be read per phase.
            "CONN_MAX_AGE": "600",
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_MANIFEST": "False",
            "CELERY_BROKER_URL": "",
            "EMAIL_URL": "consolemail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    else:
        env.pop("CACHE_URL", None)
    return env


@dataclass
class Server:
    host: str
    port: int
    pid: int  # the gunicorn master; its workers are its children


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    *,
    workers: int = 4,
    worker_class: str = "sync",
    threads: int = 1,
    log_path: Path | None = None,
    startup_seconds: float = 60.0,
    cache_url: str = "",
):
    """Yield the `Server` of a running gunicorn; stop it (its whole process group) on exit."""
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "registrar.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    log_path = log_path or ROOT / "var" / "bench" / "gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env=server_env(database_url, cache_url),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_ready(process, port, startup_seconds, log_path)
        yield Server(HOST, port, process.pid)
    finally:
        _stop(process)
        log.close()


def _wait_ready(process: subprocess.Popen, port: int, seconds: float, log_path: Path) -> None:
    deadline = time.monotonic() + seconds
    url = f"http://{HOST}:{port}/healthz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s; see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the master (a graceful stop of its workers), then SIGKILL to the whole group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


# --- CPU accounting, to tell the cost of a request from the noise of a shared machine ---------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process `pid`; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(x) for x in (task / "children").read_text().split()]
    return found


def gunicorn_cpu(server: Server) -> float:
    """CPU seconds used by the gunicorn master and its live workers."""
    return sum(_proc_cpu(pid) for pid in [server.pid, *_children(server.pid)])


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    try:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    total = sum(values[:8])
    return (total - idle) / _TICK, total / _TICK


def backend_cpu(database_url: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to the database of `database_url` (the
    server is on this machine: loopback only)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchall()
    return {pid: _proc_cpu(pid) for (pid,) in rows}
