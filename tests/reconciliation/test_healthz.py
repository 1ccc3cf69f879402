import json
import socket
import time
from datetime import UTC, datetime

import pytest
import time_machine

from reconciliation.tasks import record_heartbeat

from .child_processes import django_env, manage


def _closed_port() -> int:
    """A local TCP port nobody listens on: the OS hands out a free one, which is then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_down(settings):  # type: ignore[no-untyped-def]
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}


def test_it_answers_200_when_the_database_and_the_broker_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert "worker_heartbeat_age_seconds" in body


def test_it_is_never_cached(client, db):
    response = client.get("/healthz")

    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "no-cache" in cache_control
    assert "max-age=0" in cache_control
    assert "public" not in cache_control


def test_it_answers_503_when_the_broker_is_unreachable(client, db, broker_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("error", "ok", "error")
    assert "no-store" in response["Cache-Control"]


def test_it_gives_up_on_a_broker_that_accepts_but_never_answers_within_seconds(client, db, settings):
    with socket.socket() as silent_server:
        silent_server.bind(("127.0.0.1", 0))
        silent_server.listen(1)
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent_server.getsockname()[1]}/0"
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
        started = time.monotonic()

        response = client.get("/healthz")

        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert elapsed < 10  # a hung broker must not hang the load balancer's probe


def test_it_answers_503_when_the_database_is_down(tmp_path):
    # A real web process whose PostgreSQL server is not there (a closed local port).
    script = (
        "import json, django; django.setup()\n"
        "from django.test.utils import setup_test_environment; setup_test_environment()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(json.dumps({'status_code': response.status_code, 'body': response.json()}))\n"
    )
    env = django_env(
        tmp_path / "var",
        DEBUG="true",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{_closed_port()}/tatulasu_absent",
        REDIS_URL=None,
    )

    result = manage("shell", "--no-imports", "--command", script, env=env)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status_code"] == 503
    assert answer["body"]["status"] == "error"
    assert answer["body"]["database"] == "error"
    assert answer["body"]["broker"] == "ok"


def test_it_reports_how_long_ago_a_worker_ran_the_heartbeat(client, db):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        record_heartbeat()
        traveller.shift(90)

        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["worker_heartbeat_age_seconds"] == 90


def test_it_does_not_fail_because_of_an_old_heartbeat(client, db):
    # The heartbeat is information: a stopped worker is the operator's alarm, not the load balancer's.
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        record_heartbeat()
        traveller.shift(24 * 3600)

        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["worker_heartbeat_age_seconds"] == 24 * 3600
