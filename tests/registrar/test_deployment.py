"""The deployment files and the production settings: docker-compose.yml resolves, `check --deploy`
is clean with production variables, a missing SECRET_KEY stops the start, and the static files
survive the manifest post-processing that `collectstatic` does in production."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

# Variables that settings.py reads and a developer's shell might set: removed so each
# subprocess sees exactly the environment the test gives it.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "EMAIL_URL",
    "CACHE_URL",
    "STATIC_MANIFEST",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    # Set by the browser tests' conftest in this process; `check --deploy` rightly warns about it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
COMPOSE_VARIABLES = {
    "SECRET_KEY": "x" * 60,
    "POSTGRES_PASSWORD": "compose-test-password",
    "ALLOWED_HOSTS": "registrar.example.kz",
}


def clean_environ(**overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES
        and not k.endswith("_FILE")
        and k not in COMPOSE_VARIABLES
        and k != "DJANGO_SETTINGS_MODULE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "registrar.settings"
    env.update(overrides)
    return env


def production_environ(tmp_path: Path) -> dict[str, str]:
    return clean_environ(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="registrar.example.kz",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def dotenv_sets(name: str) -> bool:
    """settings.py reads ROOT/.env; a variable set there cannot be removed through the environment."""
    dotenv = ROOT / ".env"
    if not dotenv.exists():
        return False
    return any(line.strip().startswith((f"{name}=", f"export {name}=")) for line in dotenv.read_text().splitlines())


# --- docker-compose.yml -------------------------------------------------------------------


def compose(*args: str, **variables: str) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("the docker-compose binary is not installed (Debian package docker-compose)")
    return run([binary, "-f", str(ROOT / "docker-compose.yml"), *args], clean_environ(**variables))


def test_compose_file_is_valid():
    result = compose("config", "-q", **COMPOSE_VARIABLES)
    assert result.returncode == 0, result.stderr


def test_compose_services_and_commands():
    services = compose("config", "--services", **COMPOSE_VARIABLES)
    assert services.returncode == 0, services.stderr
    assert set(services.stdout.split()) == {"postgres", "redis", "web", "worker"}
    volumes = compose("config", "--volumes", **COMPOSE_VARIABLES)
    assert {"pgdata", "media"} <= set(volumes.stdout.split())

    config = compose("config", **COMPOSE_VARIABLES).stdout
    assert "image: postgres:16" in config
    assert "image: redis:7" in config
    assert "python manage.py migrate --noinput && python manage.py collectstatic --noinput" in config
    assert "gunicorn registrar.wsgi -b 0.0.0.0:8000 --workers 3" in config
    assert "- celery\n    - -A\n    - registrar\n    - worker" in config
    assert "CELERY_BROKER_URL: redis://redis:6379/0" in config
    assert "DATABASE_URL: postgres://registrar:compose-test-password@postgres:5432/registrar" in config
    assert 'DEBUG: "False"' in config or "DEBUG: 'False'" in config
    assert "MEDIA_ROOT: /data/media" in config
    assert "media:/data/media" in config


@pytest.mark.parametrize("missing", sorted(COMPOSE_VARIABLES))
def test_compose_refuses_to_start_without_a_required_variable(missing):
    variables = {k: v for k, v in COMPOSE_VARIABLES.items() if k != missing}
    result = compose("config", "-q", **variables)
    assert result.returncode != 0
    assert f"set {missing}" in result.stderr


def test_dockerfile_and_dockerignore():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "\nFROM python:3.11-slim\n" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "gettext"):
        assert package in dockerfile
    assert "pip install -r requirements.lock" in dockerfile
    assert "python manage.py compile_translations" in dockerfile
    users = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0"), "the image must not run as root"
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", ".env", "var"):
        assert entry in ignored


# --- production settings ------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    if dotenv_sets("DEBUG"):
        pytest.skip(".env sets DEBUG, which the production environment of this test cannot override")
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_environ(tmp_path)
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout, output
    assert "WARNING" not in output and "?: (" not in output, output


def test_start_without_secret_key_fails_clearly(tmp_path):
    if dotenv_sets("SECRET_KEY") or dotenv_sets("SECRET_KEY_FILE"):
        pytest.skip(".env sets SECRET_KEY, so it cannot be missing here")
    env = clean_environ(DEBUG="False", ALLOWED_HOSTS="registrar.example.kz")
    result = run([sys.executable, "-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_secret_key_from_a_file(tmp_path):
    """Docker secrets: SECRET_KEY_FILE names a file that holds the key."""
    key = secrets.token_urlsafe(60)
    (tmp_path / "secret_key").write_text(key + "\n")
    env = production_environ(tmp_path)
    del env["SECRET_KEY"]
    env["SECRET_KEY_FILE"] = str(tmp_path / "secret_key")
    result = run([sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY)"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_static_files_survive_manifest_post_processing(settings, tmp_path):
    """Production serves hashed names (a manifest); collectstatic refuses a CSS or JS file that
    refers to a file that is not there (e.g. a vendored library's source map)."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
        ("", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_cached_only_in_a_shared_cache(tmp_path, cache_url, engine):
    """With Redis (docker-compose.yml) sessions are read from the cache; a per-process memory cache
    would keep a session alive in one gunicorn worker after a logout in another: the database then."""
    env = production_environ(tmp_path)
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = run([sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == engine
