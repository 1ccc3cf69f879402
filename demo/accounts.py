"""The demo logins: one per role, all with one printed password that exists only for demos."""

import hashlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import encrypt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser, Group

from centers.access import MEDIATOR_GROUP, OVERSIGHT_GROUP, STAFF_GROUP
from centers.models import Center

# Printed on screen by seed_demo. Demo only: never seed a server that faces the public.
DEMO_PASSWORD = "demo-only-Tatulasu-2026"  # noqa: S105
DEMO_DOMAIN = "demo.tatulasu.kz"
# The second factor of every back-office demo login (the back office asks for one): a TOTP
# secret to type into an authenticator app, published like the password, and recovery codes
# drawn from a seed made of the e-mail, so they are the same on every machine (README).
DEMO_TOTP_SECRET = "TATULASUDEMOONLYTATULASUDEMOONLY"  # noqa: S105

OPERATOR = f"admin@{DEMO_DOMAIN}"
STAFF_ASTANA = f"staff.astana@{DEMO_DOMAIN}"
STAFF_ALMATY = f"staff.almaty@{DEMO_DOMAIN}"
MEDIATOR = f"mediator@{DEMO_DOMAIN}"
COURT_OFFICIAL = f"oversight.court@{DEMO_DOMAIN}"
FPRK_OFFICIAL = f"oversight.fprk@{DEMO_DOMAIN}"
CITIZEN = f"citizen@{DEMO_DOMAIN}"

ASTANA, ALMATY = "KZ-71", "KZ-75"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    first_name: str
    last_name: str
    role: str  # what the person is, shown in the printed table
    where: str  # the page to sign in at
    groups: tuple[str, ...] = ()
    is_staff: bool = True
    is_superuser: bool = False
    center: str = ""  # region code of the center they staff


LOGINS = (
    DemoLogin(OPERATOR, "Operator", "Demo", "operator (superuser)", "/admin/", is_superuser=True),
    DemoLogin(STAFF_ASTANA, "Динара", "Омарова", "center staff, Astana", "/admin/", (STAFF_GROUP,), center=ASTANA),
    DemoLogin(STAFF_ALMATY, "Ержан", "Қасымов", "center staff, Almaty", "/admin/", (STAFF_GROUP,), center=ALMATY),
    DemoLogin(MEDIATOR, "Айгерім", "Сәрсенбаева", "mediator, Astana", "/admin/", (MEDIATOR_GROUP,)),
    DemoLogin(COURT_OFFICIAL, "Нұрлан", "Ахметов", "oversight, Supreme Court", "/admin/", (OVERSIGHT_GROUP,)),
    DemoLogin(FPRK_OFFICIAL, "Гүлнар", "Есенова", "oversight, FPRK", "/admin/", (OVERSIGHT_GROUP,)),
    DemoLogin(CITIZEN, "Асқар", "Тоқтаров", "citizen", "/accounts/login/", is_staff=False),
)


def ensure_logins(*, centers: dict[str, Center]) -> dict[str, AbstractUser]:
    """Create the demo logins once (idempotent); return them by e-mail.

    The password is set only when a login is created, so a password someone changed
    afterwards stays changed. Hashing once and copying the hash keeps seeding fast.
    """
    User = get_user_model()
    password_hash = make_password(DEMO_PASSWORD)
    groups = {
        group.name: group for group in Group.objects.filter(name__in=[STAFF_GROUP, MEDIATOR_GROUP, OVERSIGHT_GROUP])
    }
    users: dict[str, AbstractUser] = {}
    for login in LOGINS:
        # The e-mail is also the username, so the admin's username box takes it as it is.
        user, _created = User.objects.get_or_create(
            username=login.email,
            defaults={
                "email": login.email,
                "first_name": login.first_name,
                "last_name": login.last_name,
                "is_staff": login.is_staff,
                "is_superuser": login.is_superuser,
                "password": password_hash,
            },
        )
        user.groups.add(*(groups[name] for name in login.groups))
        if login.center:
            centers[login.center].staff.add(user)
        EmailAddress.objects.update_or_create(
            user=user, email=login.email, defaults={"verified": True, "primary": True}
        )
        users[login.email] = user
    ensure_second_factors()
    return users


def _recovery_seed(email: str) -> str:
    return hashlib.sha256(f"tatulasu-demo-recovery-codes:{email}".encode()).hexdigest()


def ensure_second_factors() -> None:
    """Give every back-office demo login that exists the demo TOTP secret and its recovery codes (idempotent).

    Also for a database seeded before the back office asked for a second factor.
    """
    User = get_user_model()
    for login in LOGINS:
        if not login.is_staff:
            continue
        user = User.objects.filter(username=login.email).first()
        if user is None:
            continue
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}}
        )
        Authenticator.objects.get_or_create(
            user=user,
            type=Authenticator.Type.RECOVERY_CODES,
            defaults={"data": {"seed": encrypt(_recovery_seed(login.email)), "used_mask": 0}},
        )


def unused_recovery_codes() -> dict[str, list[str]]:
    """The recovery codes each back-office demo login has not used yet, by e-mail, for printing."""
    rows = Authenticator.objects.filter(
        type=Authenticator.Type.RECOVERY_CODES, user__username__in=[login.email for login in LOGINS]
    ).select_related("user")
    codes = {row.user.username: RecoveryCodes(row).get_unused_codes() for row in rows}
    return {login.email: codes[login.email] for login in LOGINS if login.email in codes}


def login_table() -> list[tuple[str, str, str]]:
    """(role, e-mail, where to sign in) for every demo login, for printing."""
    return [(login.role, login.email, login.where) for login in LOGINS]
