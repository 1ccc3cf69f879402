"""The real servers, runserver (development) and gunicorn (production), as child processes.

What only a real server shows: how it treats an answer that leaves the request body unread
(the too-large upload), and what it writes to its request log (never a respondent's link).
"""

import http.client
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .child_processes import PROJECT_DIR, django_env, manage, wait_for
from .outage import free_port

# A respondent's link as the portal makes them: the signed value, a timestamp, a signature.
LIVE_LOOKING_TOKEN = "1a.2b3c4d5e:1wXyZa:q3Bf-9KzLwA0mN4pR7sT1uV2xY5zC8dE"


@pytest.fixture(scope="module")
def embedded_env(tmp_path_factory) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A migrated SQLite file database with small upload limits (one attachment of 1,000 bytes)."""
    env = django_env(
        tmp_path_factory.mktemp("servers") / "var",
        DEBUG="true",
        DATABASE_URL=None,
        REDIS_URL=None,
        CELERY_TASK_ALWAYS_EAGER="true",
        ATTACHMENT_MAX_FILES="1",
        ATTACHMENT_MAX_BYTES="1000",
    )
    migrated = manage("migrate", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return env


class Server:
    """A web server child process on a free port; its output goes to a file."""

    def __init__(self, command: list[str], *, port: int, env: dict[str, str], log: Path) -> None:
        self.port, self.log = port, log
        with open(log, "wb") as out:
            self.process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
        wait_for(self._answers, timeout=60, what=f"{command[:3]} to answer")

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the server exited:\n{self.output()}")
        try:
            return self.request("GET", "/healthz")[0] in {200, 503}
        except OSError:
            return False

    def request(self, method: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        """Send a request (headers only, no body) and read the whole answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read().decode(errors="replace")
        finally:
            connection.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


@pytest.fixture(params=["runserver", "gunicorn"])
def server(request, embedded_env, tmp_path) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    port = free_port()
    if request.param == "runserver":
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    else:  # as the Dockerfile runs it, with the access log an operator may turn on
        command = [sys.executable, "-m", "gunicorn", "reconciliation.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-"]
    started = Server(command, port=port, env=embedded_env, log=tmp_path / "server.log")
    try:
        yield started
    finally:
        started.stop()


def test_a_too_large_upload_gets_the_413_page_without_the_server_waiting_for_the_body(server):
    # The client announces 50 MB and sends none of it: the answer must not wait for the body.
    status, page = server.request(
        "POST", "/file/", {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(50 * 1024 * 1024)}
    )

    assert status == 413
    assert "<html" in page and "1000" in page.replace("\xa0", "").replace(" ", "")
    assert server.request("GET", "/healthz")[0] == 200  # and the server goes on serving


def test_a_respondents_link_never_reaches_the_request_log(server):
    status, _page = server.request("GET", f"/respond/{LIVE_LOOKING_TOKEN}/")
    server.request("GET", "/healthz")  # written after it: the log line of the link is out by then

    assert status == 404
    log = server.output()
    assert LIVE_LOOKING_TOKEN not in log
    assert "/respond/[redacted]/" in log
