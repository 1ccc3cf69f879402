"""Production mode: what an operator's environment produces, checked in a child process."""

import secrets

import pytest

from .child_processes import django_env, manage


@pytest.fixture
def production_env(tmp_path):  # type: ignore[no-untyped-def]
    return django_env(
        tmp_path / "var",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="tatulasu.example.kz",
        REDIS_URL="redis://127.0.0.1:6379/12",
        CELERY_TASK_ALWAYS_EAGER=None,
        EMAIL_BACKEND=None,
    )


def test_it_passes_the_deploy_checks_in_production_mode(production_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_it_refuses_to_start_without_required_settings(production_env, missing):
    result = manage("check", env={**production_env, missing: ""})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_it_refuses_to_start_when_a_required_setting_is_absent(production_env, missing):
    env = {name: value for name, value in production_env.items() if name != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_it_starts_in_development_without_any_secret(tmp_path):
    env = django_env(tmp_path / "var", DEBUG="true", SECRET_KEY=None, ALLOWED_HOSTS=None)

    result = manage("check", env=env)

    assert result.returncode == 0, result.stderr


def test_the_language_cookie_travels_only_over_https_and_stays_out_of_scripts(production_env):
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().post('/i18n/setlang/', {'language': 'en'}, secure=True, HTTP_HOST='tatulasu.example.kz')\n"
        "cookie = response.cookies['tatulasu_language']\n"
        "print(cookie.value, bool(cookie['secure']), bool(cookie['httponly']))\n"
    )

    result = manage("shell", "--no-imports", "--command", script, env=production_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "en True True"
