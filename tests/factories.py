"""factory-boy factories for every model the tests build. Regions come from the migration."""

import random
import time as time_module
from datetime import time, timedelta

import factory
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import Dispute, Hearing, Party, hash_access_code
from centers.choices import DisputeCategory
from centers.models import Center, Region, Room, TradeUnionAssociation
from centers.validators import with_check_digit
from mediators.models import Availability, Mediator


def make_iin(rng: random.Random | None = None) -> str:
    """A valid IIN: birth date, century/sex digit, serial, check digit."""
    rng = rng or random.Random()
    while True:
        year, month, day = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
        first = f"{year:02d}{month:02d}{day:02d}{rng.choice('34')}{rng.randint(0, 9999):04d}"
        if (iin := with_check_digit(first)) is not None:
            return iin


def make_bin(rng: random.Random | None = None) -> str:
    """A valid BIN: registration year and month, entity-type digit, serial, check digit."""
    rng = rng or random.Random()
    while True:
        first = f"{rng.randint(0, 25):02d}{rng.randint(1, 12):02d}{rng.choice('456')}{rng.randint(0, 999999):06d}"
        if (bin_ := with_check_digit(first)) is not None:
            return bin_


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.kz")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """Staff and superusers carry a TOTP authenticator, as the back office asks; second_factor=False: none."""
        wanted = extracted if extracted is not None else (user.is_staff or user.is_superuser)
        if create and wanted:
            add_totp(user)


def with_verified_email(user, password: str = "correct horse battery staple"):  # type: ignore[no-untyped-def]
    """`user` with `password` and a verified e-mail address: allauth signs in only such accounts."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    user.set_password(password)
    user.save()
    return user


def add_totp(user) -> str:  # type: ignore[no-untyped-def]
    """Give `user` a TOTP authenticator (once) and return its secret."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (or at the Unix time `at`)."""
    moment = time_module.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // mfa_settings.TOTP_PERIOD))


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeUnionAssociation
        django_get_or_create = ["region"]

    region = factory.LazyFunction(lambda: Region.objects.get(code="KZ-71"))
    name = factory.LazyAttribute(lambda a: f"Trade-union association of {a.region.name_en}")
    name_en = factory.SelfAttribute("name")


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    association = factory.SubFactory(AssociationFactory)
    region = factory.SelfAttribute("association.region")
    name = factory.Sequence(lambda n: f"Reconciliation Center {n}")
    name_en = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"center-{n}")
    address = "1 Beibitshilik Street"
    phone = "+77172000000"
    email = factory.Sequence(lambda n: f"center{n}@example.kz")
    working_hours = "Mon–Fri 09:00–18:00"
    languages = ["kk", "ru"]


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class MediatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mediator

    user = factory.SubFactory(UserFactory)
    center = factory.SubFactory(CenterFactory)
    full_name = factory.Sequence(lambda n: f"Mediator {n}")
    languages = ["kk", "ru"]
    specialisations = [DisputeCategory.LABOUR, DisputeCategory.FAMILY]
    certificate_number = factory.Sequence(lambda n: f"CERT-{n:05d}")


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    mediator = factory.SubFactory(MediatorFactory)
    weekday = 0
    start_time = time(9)
    end_time = time(17)


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispute

    number = factory.Sequence(lambda n: f"AST-2026-{n + 1:06d}")
    category = DisputeCategory.LABOUR
    summary = "Unpaid wages for three months"
    description = "My employer has not paid my salary since August."
    language = "kk"
    center = factory.SubFactory(CenterFactory)
    access_code_hash = factory.LazyFunction(lambda: hash_access_code("TEST-CODE"))


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    dispute = factory.SubFactory(DisputeFactory)
    role = Party.Role.APPLICANT
    kind = Party.Kind.INDIVIDUAL
    name = factory.Sequence(lambda n: f"Citizen {n}")
    identifier = factory.LazyFunction(make_iin)
    email = factory.Sequence(lambda n: f"party{n}@example.kz")
    phone = "+77011234567"
    language = "kk"


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    dispute = factory.SubFactory(DisputeFactory)
    mediator = factory.SubFactory(MediatorFactory, center=factory.SelfAttribute("..dispute.center"))
    room = factory.SubFactory(RoomFactory, center=factory.SelfAttribute("..dispute.center"))
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda h: h.start + timedelta(hours=1))
