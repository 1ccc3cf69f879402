"""Browser tests: real Chromium (Debian's) driven by Playwright against a live server.

Playwright's sync API keeps an event loop running in the test thread, which Django
would take for async code; the ORM calls in these tests are ordinary sync calls.
"""

import os
from pathlib import Path

import pytest

from ..conftest import CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):  # type: ignore[no-untyped-def]
    """Lift the per-IP rate limits of intake and tracking for the browser tests.

    Every request here comes from 127.0.0.1, and the counters live in the database cache
    table, which the flush between transactional tests leaves alone.
    """
    settings.INTAKE_RATE_LIMIT = "1000/m"
    settings.INTAKE_POST_RATE_LIMIT = "1000/m"
    settings.TRACKING_RATE_LIMIT = "1000/m"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    # bypass_csp lets the test inject axe-core; the site itself keeps its strict policy.
    return {**browser_context_args, "bypass_csp": True, "locale": "kk-KZ", "timezone_id": "Asia/Almaty"}


def axe_violations(page, tags=("wcag2a", "wcag2aa")) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core on the current page and return the violations of the given WCAG levels."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    # resultTypes: only violations get full node details, which makes the run faster.
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
