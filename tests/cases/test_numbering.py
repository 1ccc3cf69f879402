import pytest
import time_machine

from cases.numbering import next_dispute_number

from ..factories import CenterFactory

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_region_and_year():
    astana = CenterFactory()  # KZ-71, prefix AST
    with time_machine.travel("2026-03-01 10:00 +05:00"):
        assert next_dispute_number(center=astana) == "AST-2026-000001"
        assert next_dispute_number(center=astana) == "AST-2026-000002"
    with time_machine.travel("2027-01-01 00:30 +05:00"):  # already 2027 in Almaty, still 2026 in UTC
        assert next_dispute_number(center=astana) == "AST-2027-000001"
