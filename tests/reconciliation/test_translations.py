"""Every string a person reads exists in kk, ru and en: the .po files are complete and current."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("kk", "ru", "en")
# Every app of the project (a folder with apps.py), the templates and manage.py.
SOURCES = (*sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").is_file()), "templates", "manage.py")


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = catalogue(ROOT, language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_agree_between_source_and_translation(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_catalogues_hold_every_message_in_the_code(tmp_path):
    """Extract the messages from a copy of the sources and compare with the committed catalogue."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "en", "--no-location", "--verbosity", "0"],
        cwd=tmp_path,
        check=True,
        env={"DEBUG": "true", "PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var")},
    )
    extracted = {(e.msgctxt, e.msgid) for e in catalogue(tmp_path, "en")}
    for language in LANGUAGES:
        committed = {(e.msgctxt, e.msgid) for e in catalogue(ROOT, language) if not e.obsolete}
        assert sorted(extracted - committed, key=str) == [], f"missing from {language}: run `make messages`"
