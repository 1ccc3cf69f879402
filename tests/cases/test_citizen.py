"""A signed-in citizen's pages: My disputes and claiming a case with its number and access code."""

import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from cases.models import CaseEvent, Status, hash_access_code, new_access_code

from ..factories import DisputeFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE = new_access_code()


@pytest.fixture
def signed_in(client, citizen):  # type: ignore[no-untyped-def]
    client.force_login(citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def unclaimed(center_a):  # type: ignore[no-untyped-def]
    return DisputeFactory(number="AST-2026-000777", center=center_a, access_code_hash=hash_access_code(CODE))


def _claim(client, number: str, code: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("claim_dispute"), {"number": number, "access_code": code})


def _without_tokens(html: str) -> str:
    """The page without its CSRF token and without the two values typed (which are shown back)."""
    return re.sub(r'name="(csrfmiddlewaretoken|number|access_code)" value="[^"]+"', "", html)


class TestMyDisputes:
    def test_it_requires_signing_in(self, client):
        response = client.get(reverse("my_disputes"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_it_lists_only_the_citizens_own_disputes(self, signed_in, citizen, center_a, center_b):
        DisputeFactory(number="AST-2026-000001", filed_by=citizen, center=center_a, summary="Unpaid wages")
        DisputeFactory(
            number="ALA-2026-000002", filed_by=citizen, center=center_b, summary="Noise", status=Status.SETTLED
        )
        DisputeFactory(number="AST-2026-000003", filed_by=UserFactory(), center=center_a, summary="Someone else's")
        DisputeFactory(number="AST-2026-000004", center=center_a, summary="Filed without an account")

        html = signed_in.get(reverse("my_disputes")).content.decode()
        assert "AST-2026-000001" in html and "Unpaid wages" in html and "Center A" in html
        assert "ALA-2026-000002" in html and "Settled" in html and "Center B" in html
        assert "AST-2026-000003" not in html and "Someone else" not in html
        assert "AST-2026-000004" not in html

    def test_it_opens_each_case_through_the_tracking_page_without_putting_ids_in_urls(self, signed_in, citizen):
        dispute = DisputeFactory(filed_by=citizen)
        html = signed_in.get(reverse("my_disputes")).content.decode()
        assert f'action="{reverse("track_open")}"' in html
        assert f'name="dispute" value="{dispute.pk}"' in html
        response = signed_in.post(reverse("track_open"), {"dispute": dispute.pk})
        assert response.status_code == 302
        assert signed_in.get(response["Location"]).status_code == 200

    def test_it_invites_to_file_or_claim_when_empty(self, signed_in):
        html = signed_in.get(reverse("my_disputes")).content.decode()
        assert "You have no disputes in your account yet" in html
        assert f'href="{reverse("claim_dispute")}"' in html
        assert f'href="{reverse("file_dispute")}"' in html

    def test_it_runs_a_fixed_number_of_queries(self, signed_in, citizen, center_a, django_assert_max_num_queries):
        for _ in range(15):
            DisputeFactory(filed_by=citizen, center=center_a)
        # Session, user, then the disputes with their center in one query.
        with django_assert_max_num_queries(3):
            response = signed_in.get(reverse("my_disputes"))
        assert response.content.decode().count('name="dispute"') == 15


class TestClaim:
    def test_it_requires_signing_in(self, client, unclaimed):
        response = _claim(client, unclaimed.number, CODE)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        unclaimed.refresh_from_db()
        assert unclaimed.filed_by is None

    def test_it_shows_a_labelled_form(self, signed_in):
        html = signed_in.get(reverse("claim_dispute")).content.decode()
        assert re.search(r'<label\s+for="id_number"', html)
        assert re.search(r'<label\s+for="id_access_code"', html)

    def test_the_right_number_and_code_add_the_case_to_the_account(self, signed_in, citizen, unclaimed):
        response = _claim(signed_in, unclaimed.number, CODE)
        assert response.status_code == 302
        assert response["Location"] == reverse("my_disputes")
        unclaimed.refresh_from_db()
        assert unclaimed.filed_by == citizen

        event = CaseEvent.objects.get(dispute=unclaimed, action="cases.dispute.claimed")
        assert event.actor == citizen
        assert event.is_public is False

        html = signed_in.get(reverse("my_disputes")).content.decode()
        assert unclaimed.number in html
        assert f"Case {unclaimed.number} is now in your disputes." in html

    def test_it_accepts_the_number_and_code_as_people_type_them(self, signed_in, citizen, unclaimed):
        response = _claim(signed_in, " ast-2026-000777 ", CODE.lower().replace("-", " "))
        assert response.status_code == 302
        unclaimed.refresh_from_db()
        assert unclaimed.filed_by == citizen

    def test_a_wrong_code_and_a_wrong_number_give_the_same_answer(self, signed_in, unclaimed):
        wrong_code = _claim(signed_in, unclaimed.number, new_access_code())
        wrong_number = _claim(signed_in, "AST-2026-999999", CODE)
        assert wrong_code.status_code == wrong_number.status_code == 200
        assert "We could not add this case to your account." in wrong_code.content.decode()
        assert _without_tokens(wrong_code.content.decode()) == _without_tokens(wrong_number.content.decode())
        unclaimed.refresh_from_db()
        assert unclaimed.filed_by is None
        assert not CaseEvent.objects.filter(action="cases.dispute.claimed").exists()

    def test_a_case_claimed_by_another_account_stays_there(self, signed_in, unclaimed):
        owner = UserFactory(username="owner")
        unclaimed.filed_by = owner
        unclaimed.save()
        response = _claim(signed_in, unclaimed.number, CODE)
        assert response.status_code == 200
        assert "We could not add this case to your account." in response.content.decode()
        # The same page as for a wrong code: nothing tells that the number and code were right.
        wrong_code = _claim(signed_in, unclaimed.number, new_access_code())
        assert _without_tokens(response.content.decode()) == _without_tokens(wrong_code.content.decode())
        unclaimed.refresh_from_db()
        assert unclaimed.filed_by == owner

    def test_claiming_ones_own_case_again_changes_nothing(self, signed_in, citizen, unclaimed):
        _claim(signed_in, unclaimed.number, CODE)
        response = _claim(signed_in, unclaimed.number, CODE)
        assert response.status_code == 302
        assert CaseEvent.objects.filter(dispute=unclaimed, action="cases.dispute.claimed").count() == 1

    def test_a_wrong_code_is_shown_back_as_typed(self, signed_in, unclaimed):
        html = _claim(signed_in, unclaimed.number, "abcd efgh jkmn").content.decode()
        assert f'name="number" value="{unclaimed.number}"' in html
        assert 'name="access_code" value="abcd efgh jkmn"' in html

    def test_an_empty_form_asks_for_both_fields(self, signed_in):
        response = signed_in.post(reverse("claim_dispute"), {})
        assert response.status_code == 200
        assert response.content.decode().count("This field is required.") == 2

    def test_it_answers_429_once_the_account_used_its_attempts(self, signed_in, citizen, unclaimed, settings):
        settings.CLAIM_RATE_LIMIT = "3/h"
        with time_machine.travel("2026-03-02 10:00 +05:00", tick=False):
            statuses = [_claim(signed_in, unclaimed.number, new_access_code()).status_code for _ in range(3)]
            blocked = _claim(signed_in, unclaimed.number, CODE)  # even the right code
        assert statuses == [200, 200, 200]
        assert blocked.status_code == 429
        assert "Too many attempts" in blocked.content.decode()
        assert int(blocked["Retry-After"]) > 0
        unclaimed.refresh_from_db()
        assert unclaimed.filed_by is None
        # A new window gives new attempts.
        with time_machine.travel("2026-03-02 11:00 +05:00", tick=False):
            assert _claim(signed_in, unclaimed.number, CODE).status_code == 302
        unclaimed.refresh_from_db()
        assert unclaimed.filed_by == citizen

    def test_it_answers_429_once_the_client_address_used_its_attempts(self, client, unclaimed, settings):
        settings.CLAIM_IP_RATE_LIMIT = "2/h"
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        statuses = []
        with time_machine.travel("2026-03-02 10:00 +05:00", tick=False):
            # New accounts do not buy new attempts from the same address.
            for n in range(3):
                client.force_login(UserFactory(username=f"claimer{n}"))
                statuses.append(_claim(client, unclaimed.number, new_access_code()).status_code)
        assert statuses == [200, 200, 429]
