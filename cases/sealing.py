"""Secrets an outbox row must carry until it is sent (an access code shown once), sealed at rest.

A sealed value is encrypted and authenticated (Fernet) with a key derived from SECRET_KEY,
which lives in the environment and never in the database: a copy of the database, the
admin and anyone reading the table see only the token. Keys of SECRET_KEY_FALLBACKS still
open values sealed before a key rotation.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "cases.sealing.outbox-secret"

__all__ = ["InvalidToken", "seal", "unseal"]


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(salted_hmac(SALT, "fernet", secret=key, algorithm="sha256").digest()))
            for key in keys
        ]
    )


def seal(value: str) -> str:
    """The encrypted, authenticated form of `value`, safe to store."""
    return _fernet().encrypt(value.encode()).decode()


def unseal(token: str) -> str:
    """The value `seal` was given; InvalidToken if the token was altered or sealed with another key."""
    return _fernet().decrypt(token.encode()).decode()
