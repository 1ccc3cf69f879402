"""The deployment files agree with the code: docker-compose.yml, Dockerfile, Procfile, Procfile.dev, README.

There is no Docker engine in CI, so these tests read the files and check every name they
use against the project: modules, the Celery app, task names, environment variables.
"""

import ast
import importlib
import re
import shlex

import pytest
import yaml
from celery import Celery
from django.conf import settings

from reconciliation.celery import app as celery_app

from .child_processes import PROJECT_DIR, django_env, manage

APP_SERVICES = ("migrate", "web", "worker", "beat")


def _read(name: str) -> str:
    return (PROJECT_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(_read("docker-compose.yml"))


def _command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def _procfile(name: str) -> dict[str, list[str]]:
    processes = {}
    for line in _read(name).splitlines():
        match = re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line)
        if match:
            processes[match.group(1)] = shlex.split(match.group(2))
    return processes


def _environment_names_read_by_settings() -> set[str]:
    """Every NAME in env.<cast>("NAME", ...) or environ.Env().<cast>("NAME", ...) in settings.py."""
    tree = ast.parse(_read("reconciliation/settings.py"))
    names = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
            continue
        reader = node.func.value
        reads_env = (isinstance(reader, ast.Name) and reader.id == "env") or (
            isinstance(reader, ast.Call) and isinstance(reader.func, ast.Attribute) and reader.func.attr == "Env"
        )
        first = node.args[0]
        if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def _celery_app_of(command: list[str]) -> Celery:
    """The Celery app a `celery -A <module> ...` command line loads."""
    assert command[0] == "celery"
    module = importlib.import_module(command[command.index("-A") + 1])
    apps = {id(value): value for value in vars(module).values() if isinstance(value, Celery)}
    assert len(apps) == 1, f"{module.__name__} should hold exactly one Celery app"
    return next(iter(apps.values()))


def _celery_subcommand(command: list[str]) -> str:
    return command[command.index("-A") + 2]


def test_it_defines_every_service_the_design_names(compose):
    assert {"postgres", "redis", "migrate", "web", "worker", "beat"} <= set(compose["services"])


def test_it_runs_the_wsgi_application_of_the_code_under_gunicorn(compose):
    command = _command(compose["services"]["web"])

    assert command[0] == "gunicorn"
    module_name, attribute = command[1].split(":")
    application = getattr(importlib.import_module(module_name), attribute)
    assert callable(application)
    assert f"{module_name}.{attribute}" == settings.WSGI_APPLICATION
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_it_starts_celery_with_the_projects_app(compose, service, subcommand):
    command = _command(compose["services"][service])

    app = _celery_app_of(command)
    assert app is celery_app
    assert app.main == "reconciliation"
    assert _celery_subcommand(command) == subcommand


def test_it_schedules_only_tasks_the_worker_knows():
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled, "the beat schedule is empty"
    assert scheduled <= set(celery_app.tasks)
    assert {"reconciliation.tasks.record_heartbeat", "cases.tasks.send_due_notifications"} <= scheduled


def test_it_publishes_gunicorn_only_to_the_proxy_on_the_host(compose):
    # A client reaching gunicorn directly would write X-Forwarded-For itself.
    for mapping in compose["services"]["web"]["ports"]:
        host_address, _, rest = _interpolate(str(mapping), {}).partition(":")
        assert host_address == "127.0.0.1", mapping
        assert rest.endswith(":8000")
    assert _interpolate(compose["services"]["web"]["environment"]["TRUSTED_PROXY_COUNT"], {}) == "1"


def test_it_migrates_before_web_and_workers_start(compose):
    services = compose["services"]

    assert _command(services["migrate"])[:3] == ["python", "manage.py", "migrate"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_it_passes_only_environment_variables_settings_reads(compose):
    read = _environment_names_read_by_settings()

    for name in APP_SERVICES:
        given = set(compose["services"][name]["environment"])
        assert given <= read, f"{name} sets {sorted(given - read)}, which settings.py never reads"


def _interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} substitution, as `docker compose` does it."""

    def substitute(match: re.Match) -> str:
        name, operator, fallback = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        if operator == ":?":
            raise KeyError(f"compose would refuse to start: {fallback}")
        return fallback or ""

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", substitute, value).replace("$$", "$")


def test_its_production_environment_passes_the_deploy_checks(compose, tmp_path):
    operator_env = {
        "SECRET_KEY": "k" * 20 + "-compose-test-only-" + "9" * 20,
        "ALLOWED_HOSTS": "tatulasu.example.kz",
        "SITE_URL": "https://tatulasu.example.kz",
        "POSTGRES_PASSWORD": "compose-test-password",
    }
    environment = {
        name: _interpolate(str(value), operator_env)
        for name, value in compose["services"]["web"]["environment"].items()
    }
    # Nothing is contacted: the checks only read the settings that environment produces.
    env = django_env(tmp_path / "var", CELERY_TASK_ALWAYS_EAGER=None, **environment)

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    with pytest.raises(KeyError, match="SECRET_KEY"):
        _interpolate(compose["services"]["web"]["environment"]["SECRET_KEY"], {})


def test_it_runs_the_app_in_production_mode_on_postgresql_and_redis(compose):
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]
        assert environment["DEBUG"] == "false"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        for required in ("SECRET_KEY", "ALLOWED_HOSTS"):
            assert ":?" in environment[required], f"{required} must be required, never defaulted"


def test_it_keeps_database_and_uploads_in_volumes(compose):
    services = compose["services"]

    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    media_root = services["web"]["environment"]["MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert f"private-files:{media_root}" in services[name]["volumes"]
    assert set(compose["volumes"]) >= {"postgres-data", "private-files"}


def test_it_checks_the_health_of_long_running_services(compose):
    services = compose["services"]

    for name in ("postgres", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], f"{name} has no healthcheck"
    assert any("/healthz" in part for part in services["web"]["healthcheck"]["test"])
    worker_probe = shlex.split(services["worker"]["healthcheck"]["test"][1])
    assert _celery_app_of(worker_probe) is celery_app


def test_the_dockerfile_installs_the_requirements_and_builds_static_files():
    dockerfile = _read("Dockerfile")

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    assert re.search(r"^COPY requirements\.txt ", dockerfile, re.MULTILINE)
    assert "pip install -r requirements.txt" in dockerfile
    for package in ("libmagic1", "gettext", "fonts-dejavu-core"):
        assert package in dockerfile
    assert "collectstatic" in dockerfile
    assert "compilemessages" in dockerfile
    assert "reconciliation.wsgi:application" in dockerfile


def test_the_dockerfile_copies_the_same_front_end_files_as_make_install():
    def copies(text: str) -> set[str]:
        return {" ".join(match.split()) for match in re.findall(r"cp (node_modules/[^\n\\&]+)", text)}

    from_makefile = copies(_read("Makefile"))
    assert from_makefile
    assert copies(_read("Dockerfile")) == from_makefile


def test_the_procfile_runs_what_compose_runs(compose):
    procfile = _procfile("Procfile")
    services = compose["services"]

    assert procfile["release"] == _command(services["migrate"])
    assert procfile["web"][:2] == _command(services["web"])[:2]
    assert procfile["worker"] == _command(services["worker"])
    assert procfile["beat"] == _command(services["beat"])


def test_procfile_dev_runs_the_same_celery_app_as_production(compose):
    development = _procfile("Procfile.dev")

    assert set(development) == {"web", "worker", "beat"}
    assert development["web"][:3] == ["python", "manage.py", "runserver"]
    for name in ("worker", "beat"):
        assert _celery_app_of(development[name]) is _celery_app_of(_command(compose["services"][name]))
        assert _celery_subcommand(development[name]) == name


def test_the_readme_documents_every_environment_variable():
    readme = _read("README.md")

    undocumented = sorted(name for name in _environment_names_read_by_settings() if f"`{name}`" not in readme)
    assert not undocumented, f"README.md's configuration table lacks {undocumented}"


def test_the_readme_opens_with_the_two_commands():
    readme = _read("README.md")

    first_commands = re.findall(r"^\s*(make \w+)\s*$", readme, re.MULTILINE)[:2]
    assert first_commands == ["make run", "make test"]


def test_it_collects_static_files_as_the_image_build_does(tmp_path):
    # The same command and settings as the Dockerfile's build step: whitenoise's manifest
    # storage fails here on a stylesheet that points at a missing file.
    env = django_env(
        tmp_path / "var",
        DEBUG="false",
        SECRET_KEY="image-build-only-never-used-at-run-time",
        ALLOWED_HOSTS="build.invalid",
    )

    result = manage("collectstatic", "--no-input", env=env)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "staticfiles" / "staticfiles.json").exists()
