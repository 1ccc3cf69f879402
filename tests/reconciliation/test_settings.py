from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def test_almaty_is_utc_plus_five_in_2026():
    # Kazakhstan moved to a single UTC+5 zone on 1 March 2024; older tzdata says UTC+6.
    for month in (1, 7, 12):
        offset = datetime(2026, month, 15, 12, tzinfo=ZoneInfo("Asia/Almaty")).utcoffset()
        assert offset is not None and offset.total_seconds() == 5 * 3600


def test_the_site_runs_in_almaty_time_with_three_languages():
    assert settings.TIME_ZONE == "Asia/Almaty"
    assert settings.USE_TZ
    assert [code for code, _ in settings.LANGUAGES] == ["kk", "ru", "en"]
