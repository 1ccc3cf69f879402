"""Sign-up does the same work whether the address has an account or not, so its timing tells nobody which."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 2026"


class CountingHasher(MD5PasswordHasher):
    """A real (fast) hasher that counts the hashes it computes."""

    algorithm = "counting_md5"
    hashes = 0

    def encode(self, password: str, salt: str) -> str:
        type(self).hashes += 1
        return super().encode(password, salt)


def _sign_up(email: str) -> tuple[int, str, int, int]:
    """(status, where it leads, password hashes computed, e-mails sent) for one sign-up."""
    CountingHasher.hashes = 0
    mail.outbox.clear()
    response = Client().post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    return response.status_code, response.get("Location", ""), CountingHasher.hashes, len(mail.outbox)


def test_a_taken_address_costs_the_same_hash_and_e_mail_as_a_new_one(citizen, settings):
    settings.PASSWORD_HASHERS = ["tests.reconciliation.test_signup.CountingHasher"]

    taken = _sign_up(citizen.email)
    new = _sign_up("someone.new@example.kz")

    assert taken == new
    assert new[2] == 1 and new[3] == 1  # one password hash, one e-mail each
