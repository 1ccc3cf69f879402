"""The claim service: a dispute filed without an account joins the account that proves it has the code."""

import pytest

from cases.claims import claim_dispute
from cases.errors import CaseError
from cases.models import CaseEvent, hash_access_code, new_access_code

from ..factories import DisputeFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE = new_access_code()


@pytest.fixture
def dispute():  # type: ignore[no-untyped-def]
    return DisputeFactory(access_code_hash=hash_access_code(CODE))


def test_it_attaches_the_dispute_and_records_a_private_event(citizen, dispute):
    claimed = claim_dispute(user=citizen, number=dispute.number, access_code=CODE)
    assert claimed.pk == dispute.pk
    dispute.refresh_from_db()
    assert dispute.filed_by == citizen
    event = CaseEvent.objects.get(dispute=dispute)
    assert (event.action, event.actor, event.actor_role, event.is_public) == (
        "cases.dispute.claimed",
        citizen,
        "applicant",
        False,
    )


@pytest.mark.parametrize("wrong", ["number", "code"])
def test_it_refuses_a_wrong_number_or_code_with_one_message(citizen, dispute, wrong):
    number = "AST-2026-999999" if wrong == "number" else dispute.number
    code = new_access_code() if wrong == "code" else CODE
    with pytest.raises(CaseError) as refused:
        claim_dispute(user=citizen, number=number, access_code=code)
    assert refused.value.code == "claim_failed"
    dispute.refresh_from_db()
    assert dispute.filed_by is None
    assert not CaseEvent.objects.exists()


def test_it_never_moves_a_dispute_from_another_account(citizen, dispute):
    owner = UserFactory(username="owner")
    claim_dispute(user=owner, number=dispute.number, access_code=CODE)
    with pytest.raises(CaseError) as refused:
        claim_dispute(user=citizen, number=dispute.number, access_code=CODE)
    assert refused.value.code == "claim_failed"
    dispute.refresh_from_db()
    assert dispute.filed_by == owner


def test_claiming_twice_records_one_event(citizen, dispute):
    claim_dispute(user=citizen, number=dispute.number, access_code=CODE)
    claim_dispute(user=citizen, number=dispute.number, access_code=CODE)
    assert CaseEvent.objects.filter(action="cases.dispute.claimed").count() == 1
