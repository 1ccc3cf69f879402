"""A small set of disputes built by hand, whose every figure is worked out in the tests.

Now is Monday 15 June 2026, 12:00 in Almaty; the default period is July 2025 – June 2026.

center A (Astana)                                  days to closure
  A1 labour   kk 2026-03-02 settled       M          10   feedback 5
  A2 labour   ru 2026-03-05 not settled   M          20   feedback 2
  A3 family   kk 2026-04-01 settled                   4
  A4 family   kk 2026-04-10 declined                  2
  A5 housing  ru 2026-05-01 in mediation  M  deadline 2026-06-01 (overdue), hearing Wed 17 June
  A6 labour   kk 2026-05-20 submitted
  A7 labour   kk 2025-01-10 settled                   7   (before the default period)
center B (Almaty)
  B1 labour   kk 2026-03-03 settled                   6   feedback 4 and 3
  B2 consumer en 2026-04-04 withdrawn                 1
  B3 labour   ru 2026-05-05 rejected                  3
  B4 labour   kk 2026-06-01 scheduling       deadline 2026-06-10 (overdue), hearing Wed 24 June

M is the mediator of the cast (mediator_user, center A). Failed messages: one of A1, one of B2.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import Feedback, Notification, Party, Status
from mediators.models import Mediator
from oversight import summary

from ..factories import DisputeFactory, HearingFactory, PartyFactory, UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=ALMATY)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=ALMATY)


@pytest.fixture
def frozen_now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def operator(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="operator", is_staff=True, is_superuser=True)


@pytest.fixture
def hand_built(frozen_now, center_a, center_b, mediator_user):  # type: ignore[no-untyped-def]
    mediator = Mediator.objects.get(user=mediator_user)
    rows = {
        "A1": (center_a, "labour", "kk", "2026-03-02", Status.SETTLED, 10, mediator),
        "A2": (center_a, "labour", "ru", "2026-03-05", Status.NOT_SETTLED, 20, mediator),
        "A3": (center_a, "family", "kk", "2026-04-01", Status.SETTLED, 4, None),
        "A4": (center_a, "family", "kk", "2026-04-10", Status.DECLINED, 2, None),
        "A5": (center_a, "housing", "ru", "2026-05-01", Status.IN_MEDIATION, None, mediator),
        "A6": (center_a, "labour", "kk", "2026-05-20", Status.SUBMITTED, None, None),
        "A7": (center_a, "labour", "kk", "2025-01-10", Status.SETTLED, 7, None),
        "B1": (center_b, "labour", "kk", "2026-03-03", Status.SETTLED, 6, None),
        "B2": (center_b, "consumer", "en", "2026-04-04", Status.WITHDRAWN, 1, None),
        "B3": (center_b, "labour", "ru", "2026-05-05", Status.REJECTED, 3, None),
        "B4": (center_b, "labour", "kk", "2026-06-01", Status.SCHEDULING, None, None),
    }
    disputes = {}
    for name, (center, category, language, filed, status, days, assigned) in rows.items():
        submitted = at(filed)
        disputes[name] = DisputeFactory(
            number=f"{name}-2026-000001",
            center=center,
            category=category,
            language=language,
            status=status,
            submitted_at=submitted,
            closed_at=submitted + timedelta(days=days, hours=3) if days is not None else None,
            mediator=assigned,
        )
    disputes["A5"].deadline = at("2026-06-01")
    disputes["A5"].save()
    disputes["B4"].deadline = at("2026-06-10")
    disputes["B4"].save()
    for name, ratings in (("A1", [5]), ("A2", [2]), ("B1", [4, 3])):
        for role, rating in zip((Party.Role.APPLICANT, Party.Role.RESPONDENT), ratings, strict=False):
            party = PartyFactory(dispute=disputes[name], role=role, name=f"Secret Person {name}")
            Feedback.objects.create(dispute=disputes[name], party=party, rating=rating)
    HearingFactory(dispute=disputes["A5"], mediator=mediator, start=at("2026-06-17"), end=at("2026-06-17", 11))
    HearingFactory(
        dispute=disputes["A5"], mediator=mediator, start=at("2026-06-16"), end=at("2026-06-16", 11), status="cancelled"
    )
    HearingFactory(dispute=disputes["B4"], start=at("2026-06-24"), end=at("2026-06-24", 11))
    for name, state in (("A1", "failed"), ("B2", "failed"), ("A2", "sent")):
        Notification.objects.create(
            dispute=disputes[name], kind="dispute_received", channel="email", recipient="x@example.kz",
            language="kk", state=state,
        )  # fmt: skip
    summary.refresh()
    return disputes
