"""Helpers for tests that run the project in a child process (manage.py, a Celery worker).

A child process reads its settings from the environment, as in production, so these tests
see exactly what an operator's configuration would produce.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

PROJECT_DIR = Path(settings.BASE_DIR)


def django_env(var_dir: Path, **values: str | None) -> dict[str, str]:
    """This process's environment with its own var/ folder; `values` override it (None removes a name)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "reconciliation.settings", "VAR_DIR": str(var_dir)}
    # Set by the browser tests for their own process only; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for name, value in values.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `manage.py <args>` in a child process and return what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> object:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f}s waiting for {what}")
        time.sleep(0.2)  # polling interval, not an assertion about time
