"""The embedded default, SQLite in a file: `migrate` alone gives a working site, and concurrent writers get through.

Each test runs a child process on a fresh SQLite file, as `make run` uses it.
"""

import json
import subprocess
import sys

import pytest

from reconciliation.cache import database_cache_tables

from .child_processes import PROJECT_DIR, django_env, manage

FORM_AFTER_MIGRATE = r"""
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
# An invalid form: the page answers with its errors after counting the post in the cache.
answers = [client.get("/file/").status_code, client.post("/file/", {}).status_code, client.get("/healthz").status_code]
print(json.dumps(answers))
"""

ANSWER_AT_ONCE = r"""
import json, threading
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from cases import invitations, workflow
from cases.models import Party
from tests.factories import CenterFactory, DisputeFactory, PartyFactory, UserFactory

setup_test_environment()
staff = UserFactory(username="staff", is_staff=True, second_factor=False)
center = CenterFactory()
links = []
for _ in range(10):
    dispute = DisputeFactory(center=center)
    PartyFactory(dispute=dispute)
    respondent = PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, language="en")
    workflow.accept_for_review(dispute=dispute, by=staff, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff)
    respondent.refresh_from_db()
    links.append(reverse("respond", kwargs={"token": invitations.make_token(respondent)}))
connection.close()

start = threading.Barrier(len(links))
answers = []

def answer(link):
    try:
        client = Client()
        start.wait()
        answers.append(client.post(link, {"decision": "agree", "confirmed": "True"}).status_code)
    except Exception as error:  # what a 500 would have been
        answers.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()

threads = [threading.Thread(target=answer, args=(link,)) for link in links]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
agreed = Party.objects.filter(role=Party.Role.RESPONDENT, response=Party.Response.AGREED).count()
print(json.dumps({"answers": sorted(map(str, answers)), "agreed": agreed}))
"""


@pytest.fixture
def embedded_env(tmp_path):  # type: ignore[no-untyped-def]
    return django_env(
        tmp_path / "var",
        DEBUG="true",
        DATABASE_URL=None,  # the embedded default: SQLite in VAR_DIR
        REDIS_URL=None,
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )


def _run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_migrate_alone_gives_a_working_dispute_form(embedded_env):
    migrated = manage("migrate", "--no-input", env=embedded_env)
    assert migrated.returncode == 0, migrated.stderr

    result = _run(FORM_AFTER_MIGRATE, embedded_env)

    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [200, 200, 200]


def test_the_migrations_create_the_table_of_every_database_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "a"}}
    assert database_cache_tables() == ["a"]
    # With Redis the database cache stands in during outages, so its table exists too.
    fallback = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "b"}
    settings.CACHES = {
        "default": {"BACKEND": "reconciliation.cache.RedisWithDatabaseFallback", "OPTIONS": {"FALLBACK": fallback}}
    }
    assert database_cache_tables() == ["b"]


def test_ten_respondents_answering_at_once_all_get_through(embedded_env):
    result = _run(ANSWER_AT_ONCE, embedded_env)

    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"answers": ["302"] * 10, "agreed": 10}
