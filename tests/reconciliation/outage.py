"""A Redis of a test's own that is stopped or hangs, with the cache and the broker pointed at it.

Never the shared Redis: a test starts its own redis-server on a free port and kills it, or
listens on a port and never answers.
"""

import contextlib
import shutil
import socket
import subprocess
import threading
import uuid
from collections.abc import Iterator

import redis
from django.conf import settings

from reconciliation.celery import app as celery_app

from .child_processes import wait_for

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    """A local TCP port nobody listens on: the OS hands out a free one, which is then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server child process on a free port, keeping nothing on disk."""

    def __init__(self) -> None:
        assert REDIS_SERVER, "redis-server is not installed"
        self.port = free_port()
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=1)
        wait_for(lambda: self._answers(client), timeout=20, what="redis-server to start")

    def _answers(self, client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class HungListener:
    """A TCP port that accepts connections and never answers a byte: a Redis that hangs."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):  # the listener was closed
            while True:
                connection, _address = self.server.accept()
                self.held.append(connection)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.server.close()
        for connection in self.held:
            connection.close()


@contextlib.contextmanager
def redis_at(url: str, django_settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Point the cache (a key prefix of its own) and the Celery broker at `url`, with production's settings."""
    django_settings.CACHES = {
        "default": {
            "BACKEND": "reconciliation.cache.RedisWithDatabaseFallback",
            "LOCATION": url,
            "KEY_PREFIX": uuid.uuid4().hex,
            "OPTIONS": {
                "socket_connect_timeout": settings.REDIS_TIMEOUT_SECONDS,
                "socket_timeout": settings.REDIS_TIMEOUT_SECONDS,
                "FALLBACK": settings.DATABASE_CACHE,
            },
        }
    }
    django_settings.CELERY_BROKER_URL = url
    django_settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": settings.REDIS_TIMEOUT_SECONDS,
        "socket_timeout": settings.REDIS_TIMEOUT_SECONDS,
        "max_retries": 0,
    }
    names = ("broker_url", "broker_transport_options", "task_always_eager")
    saved = {name: celery_app.conf[name] for name in names}
    celery_app.conf.update(
        broker_url=url,
        broker_transport_options=django_settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        task_always_eager=False,  # the nudge after a commit really goes to the broker
    )
    _drop_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        _drop_broker_connections()


def _drop_broker_connections() -> None:
    """Forget the app's pool of connections to the previous broker.

    Not `celery_app.close()`: it also takes the app off Celery's list of active apps, and a
    task module imported after that (cases.tasks is imported on first use) is never added to
    the app's registry, so a later test would find the app without its tasks.
    """
    celery_app._pool = None
