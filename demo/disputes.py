"""Demo disputes in bulk: topped up to a target count, in batches, one transaction per batch.

Rows go in with COPY on PostgreSQL (demo.copying) and with bulk_create elsewhere, both
skipping model save() and signals: many times the rate of saving row by row. It also
means django-simple-history writes no historical rows for them: acceptable for demo data,
whose history starts when someone first changes a row. Numbers come from the same
NumberSequence rows the intake uses, bumped under a row lock, so a dispute filed afterwards
never takes a demo number.
"""

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from tqdm import tqdm

from cases.models import (
    CaseEvent,
    Dispute,
    Feedback,
    Hearing,
    NumberSequence,
    Party,
    SettlementAgreement,
    hash_access_code,
)
from centers.models import Center

from . import vocabulary
from .accounts import ASTANA, CITIZEN
from .calendar import LOCAL, SlotBook
from .copying import copy_plans
from .timeline import DEMO_MARK, CenterInfo, Plan, World, demo_access_code, plan_dispute

INSERT_BATCH = 2000  # rows per INSERT statement (SQLite's parameter limit lowers it on its own)


@dataclass
class SeedResult:
    created: int  # disputes
    rows: int  # every row written: disputes, parties, events, hearings, agreements, feedback
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def demo_disputes() -> QuerySet[Dispute]:
    """The demo disputes: recognised by the marker that ends their description."""
    return Dispute.objects.filter(description__endswith=DEMO_MARK)


def load_world(*, seed: int, now: datetime) -> World:
    """Read the centers, their staff, mediators and rooms, and the taken hearing slots, once per run."""
    centers = [_center_info(center) for center in Center.objects.select_related("region").order_by("pk")]
    centers = [info for info in centers if info.mediators]
    if not centers:
        raise ValueError("Demo disputes need centers with mediators: seed the directory first.")
    shares = [vocabulary.REGIONS.get(info.code, ("", 0, 0, 1.0))[3] for info in centers]
    return World(
        seed=seed,
        now=now,
        centers=centers,
        center_cumulative=list(accumulate(shares)),
        forced_center=next((info for info in centers if info.code == ASTANA), centers[0]),
        citizen_id=get_user_model().objects.filter(username=CITIZEN).values_list("pk", flat=True).first(),
        slots=SlotBook.from_database(),
    )


def _center_info(center: Center) -> CenterInfo:
    region = center.region
    mediators = center.mediators.filter(is_active=True).order_by("pk").values_list("pk", "specialisations")
    return CenterInfo(
        id=center.pk,
        code=region.code,
        prefix=region.prefix,
        city={
            "kk": region.administrative_center_kk or region.administrative_center,
            "ru": region.administrative_center_ru or region.administrative_center,
            "en": region.administrative_center_en or region.administrative_center,
        },
        staff_id=center.staff.order_by("pk").values_list("pk", flat=True).first(),
        mediators=[(pk, frozenset(specialisations)) for pk, specialisations in mediators],
        room_ids=list(center.rooms.filter(is_active=True).order_by("pk").values_list("pk", flat=True)),
    )


def plan_disputes(world: World, indices: Iterable[int]) -> list[Plan]:
    """Plan the demo disputes with these indices (each index always draws the same dispute)."""
    return [plan_dispute(index, world) for index in indices]


def assign_numbers(plans: list[Plan]) -> None:
    """Give each planned dispute the next number of its region and filing year, in filing order.

    Takes a block of numbers per (prefix, year) with one locked UPDATE of its sequence row;
    the caller holds the transaction.
    """
    groups: dict[tuple[str, int], list[Plan]] = defaultdict(list)
    for plan in plans:
        year = plan.dispute["submitted_at"].astimezone(LOCAL).year
        groups[(plan.center.prefix, year)].append(plan)
    NumberSequence.objects.bulk_create(
        [NumberSequence(prefix=prefix, year=year) for prefix, year in groups], ignore_conflicts=True
    )
    for (prefix, year), members in sorted(groups.items()):
        sequence = NumberSequence.objects.select_for_update().filter(prefix=prefix, year=year)
        sequence.update(last=F("last") + len(members))
        last = sequence.values_list("last", flat=True).get()
        members.sort(key=lambda plan: plan.dispute["submitted_at"])
        for offset, plan in enumerate(members, start=last - len(members) + 1):
            plan.dispute["number"] = f"{prefix}-{year}-{offset:06d}"


@contextmanager
def given_timestamps() -> Iterator[None]:
    """Let inserts keep the planned values of auto_now / auto_now_add fields while the block runs.

    Demo rows describe the past: an agreement signed last year must not say it was created
    today, or every chart by month would pile all of them into the current one. The switch
    is process-wide, so it is held only around the inserts of a seeding run.
    """
    fields = [
        Dispute._meta.get_field("updated_at"),
        SettlementAgreement._meta.get_field("created_at"),
        Feedback._meta.get_field("created_at"),
    ]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def insert_plans(plans: list[Plan], *, seed: int) -> int:
    """Write planned disputes and all their rows in one transaction; return how many rows were written.

    PostgreSQL takes them with COPY (demo.copying), other databases with bulk_create.
    """
    with transaction.atomic(), given_timestamps():
        assign_numbers(plans)
        if connection.vendor == "postgresql":
            return copy_plans(plans, seed=seed)
        return bulk_create_plans(plans, seed=seed)


def bulk_create_plans(plans: list[Plan], *, seed: int) -> int:
    """The rows of `plans` (numbers assigned) with bulk_create; the caller holds the transaction."""
    disputes = Dispute.objects.bulk_create(
        [
            Dispute(**plan.dispute, access_code_hash=hash_access_code(demo_access_code(seed=seed, index=plan.index)))
            for plan in plans
        ],
        batch_size=INSERT_BATCH,
    )
    parties = Party.objects.bulk_create(
        [
            Party(dispute_id=dispute.pk, **details)
            for plan, dispute in zip(plans, disputes, strict=True)
            for details in (plan.applicant, plan.respondent)
        ],
        batch_size=INSERT_BATCH,
    )
    events = [
        CaseEvent(
            dispute_id=dispute.pk,
            created_at=at,
            action=action,
            actor_id=actor,
            actor_role=role,
            data=data,
            is_public=True,
        )
        for plan, dispute in zip(plans, disputes, strict=True)
        for at, action, actor, role, data in plan.events
    ]
    CaseEvent.objects.bulk_create(events, batch_size=INSERT_BATCH)
    hearings = [
        Hearing(dispute_id=dispute.pk, **plan.hearing)
        for plan, dispute in zip(plans, disputes, strict=True)
        if plan.hearing
    ]
    Hearing.objects.bulk_create(hearings, batch_size=INSERT_BATCH)
    settlements = [
        SettlementAgreement(dispute_id=dispute.pk, **plan.settlement)
        for plan, dispute in zip(plans, disputes, strict=True)
        if plan.settlement
    ]
    SettlementAgreement.objects.bulk_create(settlements, batch_size=INSERT_BATCH)
    feedback = []
    for position, (plan, dispute) in enumerate(zip(plans, disputes, strict=True)):
        party_ids = {
            Party.Role.APPLICANT: parties[2 * position].pk,
            Party.Role.RESPONDENT: parties[2 * position + 1].pk,
        }
        feedback += [
            Feedback(dispute_id=dispute.pk, party_id=party_ids[role], **answer) for role, answer in plan.feedback
        ]
    Feedback.objects.bulk_create(feedback, batch_size=INSERT_BATCH)
    return len(disputes) + len(parties) + len(events) + len(hearings) + len(settlements) + len(feedback)


def top_up(*, target: int, seed: int, batch_size: int = 1000, progress: bool = False) -> SeedResult:
    """Make the demo disputes number at least `target`: the missing indices are planned and inserted."""
    existing = demo_disputes().count()
    if existing >= target:
        return SeedResult(created=0, rows=0, seconds=0.0)
    started = time.perf_counter()
    world = load_world(seed=seed, now=timezone.now())
    rows = 0
    with tqdm(total=target, initial=existing, unit="disputes", disable=None if progress else True) as bar:
        for first in range(existing, target, batch_size):
            plans = plan_disputes(world, range(first, min(first + batch_size, target)))
            rows += insert_plans(plans, seed=seed)
            bar.update(len(plans))
    return SeedResult(created=target - existing, rows=rows, seconds=time.perf_counter() - started)


def track_example(*, seed: int) -> tuple[str, str] | None:
    """A (number, access code) pair of a demo dispute a person can try on /track/, if one exists."""
    dispute = demo_disputes().filter(filed_by__username=CITIZEN).order_by("pk").first()
    if dispute is None:
        return None
    code = demo_access_code(seed=seed, index=0)
    return (dispute.number, code) if dispute.check_access_code(code) else None
