"""Celery: the project's app runs a task through a real Redis broker and a real worker, and runs
it in-process (eagerly) when no broker is configured."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings
from kombu import pools as kombu_pools

from registrar.celery import app
from registrar.tasks import ping

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
TEST_REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"  # database 15: the tests' own, purged freely


def redis_answers() -> bool:
    import redis

    try:
        return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def forget_connections() -> None:
    """Drop the app's cached broker pool and result backend so a changed configuration is used."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()
    # kombu keeps process-wide producer pools keyed by connection; a closed one would be reused.
    kombu_pools.reset()


@pytest.fixture
def redis_app():
    """The project's Celery app pointed at the test Redis database, restored afterwards."""
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_HOST}:{REDIS_PORT} (start redis-server to run this test)")
    changes = {
        "broker_url": TEST_REDIS_URL,
        "result_backend": TEST_REDIS_URL,
        "task_always_eager": False,
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    forget_connections()
    try:
        app.control.purge()
        yield app
    finally:
        app.conf.update(saved)
        forget_connections()


def test_ping_runs_on_a_real_worker_through_redis(redis_app):
    with start_worker(redis_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        result = ping.delay()
        assert not isinstance(result, EagerResult)
        assert result.get(timeout=20) == "pong"
        assert result.status == "SUCCESS"
        result.forget()
        # Idempotent: a second run gives the same answer.
        assert ping.delay().get(timeout=20) == "pong"


def test_ping_runs_eagerly_without_a_broker():
    if settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is set in this environment; the test is about the default (no broker)")
    assert app.conf.task_always_eager is True
    result = ping.delay()
    assert isinstance(result, EagerResult)
    assert result.get() == "pong"


def test_ping_is_registered_with_the_project_app():
    assert app.tasks[ping.name] is ping or app.tasks[ping.name].name == ping.name
    assert ping.name == "registrar.tasks.ping"
