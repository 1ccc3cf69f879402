"""Writing demo disputes: seed_demo's bulk path against saving the same rows one by one."""

import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases.models import CaseEvent, Dispute, Feedback, Hearing, Party, SettlementAgreement, hash_access_code
from demo.disputes import (
    assign_numbers,
    bulk_create_plans,
    demo_disputes,
    given_timestamps,
    insert_plans,
    load_world,
    plan_disputes,
)
from demo.timeline import Plan, demo_access_code


@dataclass
class Rate:
    rows: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds


def insert_row_by_row(plans: list[Plan], *, seed: int) -> int:
    """The same rows as insert_plans, each saved on its own as a service would (history rows included)."""
    with transaction.atomic():
        assign_numbers(plans)
    rows = 0
    for plan in plans:
        with transaction.atomic(), given_timestamps():
            code_hash = hash_access_code(demo_access_code(seed=seed, index=plan.index))
            dispute = Dispute.objects.create(**plan.dispute, access_code_hash=code_hash)
            applicant = Party.objects.create(dispute=dispute, **plan.applicant)
            respondent = Party.objects.create(dispute=dispute, **plan.respondent)
            for at, action, actor, role, data in plan.events:
                CaseEvent.objects.create(
                    dispute=dispute, created_at=at, action=action, actor_id=actor, actor_role=role, data=data,
                    is_public=True,
                )  # fmt: skip
            if plan.hearing:
                Hearing.objects.create(dispute=dispute, **plan.hearing)
            if plan.settlement:
                SettlementAgreement.objects.create(dispute=dispute, **plan.settlement)
            parties = {Party.Role.APPLICANT: applicant, Party.Role.RESPONDENT: respondent}
            for role, answer in plan.feedback:
                Feedback.objects.create(dispute=dispute, party=parties[role], **answer)
        rows += 3 + len(plan.events) + bool(plan.hearing) + bool(plan.settlement) + len(plan.feedback)
    return rows


def insert_with_bulk_create(plans: list[Plan], *, seed: int) -> int:
    """The same rows as insert_plans, with bulk_create also on PostgreSQL (where insert_plans uses COPY)."""
    with transaction.atomic(), given_timestamps():
        assign_numbers(plans)
        return bulk_create_plans(plans, seed=seed)


def bulk_against_row_by_row(*, bulk: int, row_by_row: int, seed: int) -> tuple[Rate, Rate, Rate]:
    """Insert `bulk` disputes the seed's way, `bulk` more with bulk_create, `row_by_row` one row at a time."""
    world = load_world(seed=seed, now=timezone.now())
    first = demo_disputes().count()
    rates = []
    for count, insert in ((bulk, insert_plans), (bulk, insert_with_bulk_create), (row_by_row, insert_row_by_row)):
        plans = plan_disputes(world, range(first, first + count))  # planning is not timed
        started = time.perf_counter()
        rows = insert(plans, seed=seed)
        rates.append(Rate(rows=rows, seconds=time.perf_counter() - started))
        first += count
    return rates[0], rates[1], rates[2]
