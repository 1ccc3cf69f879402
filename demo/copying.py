"""Writing demo disputes on PostgreSQL with COPY: the fast path of seed_demo.

bulk_create builds one large INSERT … RETURNING per batch, which PostgreSQL must parse and
plan; COPY streams plain rows instead, several times faster for the eleven rows a demo
dispute brings. Dispute and party ids are drawn from their sequences first, because the
rows that point at them are written in the same transaction. Like the bulk_create path,
nothing here runs save() or signals, so no history rows are written for demo data.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from phonenumber_field.modelfields import PhoneNumberField

from cases.models import CaseEvent, Dispute, Feedback, Hearing, Party, SettlementAgreement, hash_access_code

from .timeline import Plan, demo_access_code


def _value_writer(field: models.Field) -> Callable[[Any], Any]:
    """How one field's Python value goes into COPY's text format."""
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(field, PhoneNumberField):
        return lambda value: str(value) if value else ""
    return lambda value: value


class Table:
    """The columns of a model and the defaults of those a plan leaves out, read once."""

    def __init__(self, model: type[models.Model], *, with_id: bool) -> None:
        fields = [field for field in model._meta.concrete_fields if with_id or not field.primary_key]
        self.sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(field.column) for field in fields),
        )
        self.columns = [(field.attname, _value_writer(field)) for field in fields]
        self.defaults = {field.attname: field.get_default() for field in fields if not field.primary_key}
        self.table = model._meta.db_table

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        defaults = self.defaults
        return tuple(write(values[name] if name in values else defaults.get(name)) for name, write in self.columns)


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """Take `count` ids from the model's sequence, so rows can name their parents before COPY."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(table.sql) as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def copy_plans(plans: Sequence[Plan], *, seed: int) -> int:
    """Write planned disputes (numbers assigned) and all their rows with COPY; return the rows written.

    The caller holds the transaction. Demo rows can be made again, so the transaction does
    not wait for its commit to reach the disk (synchronous_commit off, for it alone).
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
    dispute_ids = _next_ids(Dispute, len(plans))
    party_ids = _next_ids(Party, 2 * len(plans))
    disputes, parties = Table(Dispute, with_id=True), Table(Party, with_id=True)
    rows = _copy(
        disputes,
        (
            disputes.row(
                {
                    **plan.dispute,
                    "id": dispute_id,
                    "access_code_hash": hash_access_code(demo_access_code(seed=seed, index=plan.index)),
                }
            )
            for plan, dispute_id in zip(plans, dispute_ids, strict=True)
        ),
    )
    rows += _copy(
        parties,
        (
            parties.row({**details, "id": party_ids[2 * position + offset], "dispute_id": dispute_id})
            for position, (plan, dispute_id) in enumerate(zip(plans, dispute_ids, strict=True))
            for offset, details in enumerate((plan.applicant, plan.respondent))
        ),
    )
    events = Table(CaseEvent, with_id=False)
    rows += _copy(
        events,
        (
            events.row(
                {
                    "dispute_id": dispute_id,
                    "created_at": at,
                    "action": action,
                    "actor_id": actor,
                    "actor_role": role,
                    "data": data,
                    "is_public": True,
                }
            )  # fmt: skip
            for plan, dispute_id in zip(plans, dispute_ids, strict=True)
            for at, action, actor, role, data in plan.events
        ),
    )
    for model, attribute in ((Hearing, "hearing"), (SettlementAgreement, "settlement")):
        table = Table(model, with_id=False)
        rows += _copy(
            table,
            (
                table.row({**getattr(plan, attribute), "dispute_id": dispute_id})
                for plan, dispute_id in zip(plans, dispute_ids, strict=True)
                if getattr(plan, attribute)
            ),
        )
    feedback = Table(Feedback, with_id=False)
    roles = {Party.Role.APPLICANT: 0, Party.Role.RESPONDENT: 1}
    rows += _copy(
        feedback,
        (
            feedback.row({**answer, "dispute_id": dispute_id, "party_id": party_ids[2 * position + roles[role]]})
            for position, (plan, dispute_id) in enumerate(zip(plans, dispute_ids, strict=True))
            for role, answer in plan.feedback
        ),
    )
    return rows
