"""A real Celery worker process runs what the project sends it, on Redis and on the embedded broker."""

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import kombu
import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from reconciliation.celery import app as celery_app
from reconciliation.tasks import HEARTBEAT_KEY, record_heartbeat

from .child_processes import PROJECT_DIR, django_env, manage, wait_for

# Redis database of its own for the worker test, so it never meets the suite's cache or queues.
WORKER_TEST_REDIS_DB = 11
WORKER_START_SECONDS = 60
TASK_SECONDS = 30

# The test process runs tasks eagerly; send_task publishes to the broker regardless and warns.
pytestmark = pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")


class Worker:
    """A `celery worker` child process consuming one queue of its own, with its log in a file."""

    def __init__(self, *, env: dict[str, str], log: Path) -> None:
        self.queue = f"test-{uuid.uuid4().hex}"
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "reconciliation",
                    "worker",
                    "--pool=solo",
                    "--loglevel=INFO",
                    f"--queues={self.queue}",
                    f"--hostname={self.queue}@%h",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                ],
                cwd=PROJECT_DIR,
                env={**env, "CELERY_TASK_ALWAYS_EAGER": "false"},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stopping it leaves nothing behind
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_ready(self) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited with {self.process.returncode}:\n{self.output()}")
            return " ready." in self.output()

        wait_for(ready, timeout=WORKER_START_SECONDS, what="the worker to start")

    def has_run(self, task_id: str) -> bool:
        return f"[{task_id}] succeeded" in self.output()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator:
    workers: list[Worker] = []

    def start(env: dict[str, str]) -> Worker:
        worker = Worker(env=env, log=tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        worker.wait_until_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()


def _dedicated_redis_url() -> str:
    """The suite's Redis server, with the worker test's own database number."""
    parts = urlsplit(settings.REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{WORKER_TEST_REDIS_DB}", "", ""))


def _send_heartbeat(connection: kombu.Connection, queue: str) -> str:
    result = celery_app.send_task(record_heartbeat.name, queue=queue, connection=connection)
    return result.id


@pytest.mark.redis
def test_it_runs_a_task_sent_through_redis_in_a_real_worker(tmp_path, start_worker):
    redis_url = _dedicated_redis_url()
    worker = start_worker(django_env(tmp_path / "var", DEBUG="true", REDIS_URL=redis_url, DATABASE_URL=None))
    worker_cache = RedisCache(redis_url, {})  # the cache the worker writes to, read straight from Redis
    sent_at = timezone.now()

    with kombu.Connection(redis_url) as connection:
        task_id = _send_heartbeat(connection, worker.queue)

    wait_for(lambda: worker.has_run(task_id), timeout=TASK_SECONDS, what="the worker to run the task")
    heartbeat = datetime.fromisoformat(worker_cache.get(HEARTBEAT_KEY))
    assert heartbeat >= sent_at - timedelta(seconds=1)


def test_it_runs_a_task_sent_through_the_embedded_filesystem_broker(tmp_path, start_worker):
    var_dir = tmp_path / "var"
    env = django_env(var_dir, DEBUG="true", REDIS_URL=None, DATABASE_URL=None)
    prepared = manage("createcachetable", env=env)  # the embedded cache is a table in var/'s SQLite file
    assert prepared.returncode == 0, prepared.stderr
    worker = start_worker(env)
    sent_at = timezone.now()

    # The same folders settings.py gives the filesystem transport, under this test's var/.
    queue_folder = str(var_dir / "celery" / "queue")
    options = {
        "data_folder_in": queue_folder,
        "data_folder_out": queue_folder,
        "control_folder": str(var_dir / "celery" / "control"),
    }
    with kombu.Connection("filesystem://", transport_options=options) as connection:
        task_id = _send_heartbeat(connection, worker.queue)

    wait_for(lambda: worker.has_run(task_id), timeout=TASK_SECONDS, what="the worker to run the task")
    read = manage(
        "shell",
        "--no-imports",
        "--command",
        f"from django.core.cache import cache; print(cache.get({HEARTBEAT_KEY!r}))",
        env=env,
    )
    assert read.returncode == 0, read.stderr
    heartbeat = datetime.fromisoformat(read.stdout.strip().splitlines()[-1])
    assert heartbeat >= sent_at - timedelta(seconds=1)
