"""The access walk: every URL the URLconf and the admin generate, for every role, GET and POST.

The URLs come from the URLconf and from each registered ModelAdmin's get_urls(), so a URL
added later without an expected answer here fails `test_every_url_has_an_expected_answer`.
The admin's own pages (changelist, add, change, delete, history, one past version, the
object redirect) take their expected answers from MODEL_ACCESS, what each role may do
with each model; every other URL has its row in SITE or CUSTOM.

Actors: anonymous, citizen, center A's staff on A's objects ("staff") and on center B's
("staff_outsider"), the mediator on their own case ("mediator") and on another
mediator's ("mediator_outsider"), and an oversight official, who reads all and may post
nothing. Each request runs in a savepoint rolled back afterwards, so a POST that deletes
or saves leaves the next request the same world.
"""

import itertools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

ACTORS = ("anonymous", "citizen", "staff", "staff_outsider", "mediator", "mediator_outsider", "official")
LOGINS = {
    "citizen": "citizen",
    "staff": "staff_a",
    "staff_outsider": "staff_a",
    "mediator": "mediator_user",
    "mediator_outsider": "mediator_user",
    "official": "official",
}
# Which center's object an actor is shown: outsiders get center B's, everyone else A's.
SIDE = {actor: "b" if actor.endswith("_outsider") else "a" for actor in ACTORS}
ROLE = {"staff": "staff", "staff_outsider": "staff", "mediator": "mediator", "mediator_outsider": "mediator"}
ROLE["official"] = "official"


@dataclass(frozen=True)
class Access:
    """What each back-office role may do with a model's rows: v view, a add, c change, d delete.

    `public`: every row is visible to whoever may view the model (no center scope).
    The operator is not listed: superusers may do everything the admin offers at all.
    """

    staff: str = ""
    mediator: str = ""
    official: str = ""
    public: bool = False


NOBODY = Access()  # the operator's alone
MODEL_ACCESS = {
    "auth.group": NOBODY,
    "auth.user": NOBODY,
    "axes.accessattempt": NOBODY,
    "axes.accesslog": NOBODY,
    "axes.accessfailurelog": NOBODY,
    "account.emailaddress": NOBODY,
    "mfa.authenticator": NOBODY,
    "centers.region": Access(staff="v", mediator="v", official="v", public=True),
    "centers.tradeunionassociation": Access(staff="v", official="v", public=True),
    "centers.center": Access(staff="vc", official="v"),
    "centers.room": Access(staff="vac", mediator="v", official="v"),
    "mediators.mediator": Access(staff="vc", mediator="v", official="v"),  # only the operator adds (links an account)
    "mediators.availability": Access(staff="vac", mediator="vacd", official="v"),
    "mediators.timeoff": Access(staff="vac", mediator="vacd", official="v"),
    "mediators.trainingrecord": Access(staff="vac", mediator="v", official="v"),
    "cases.dispute": Access(staff="vc", mediator="v", official="v"),  # born in intake
    "cases.party": Access(staff="vc", mediator="v", official="v"),  # born in intake
    "cases.attachment": Access(staff="vac", mediator="v", official="v"),
    "cases.caseevent": Access(staff="v", mediator="v", official="v"),  # the audit trail
    "cases.hearing": Access(staff="vac", mediator="vc", official="v"),
    "cases.notification": Access(staff="v", official="v"),  # the outbox
    "cases.settlementagreement": Access(staff="vc", official="v"),  # born in the settle step
    "cases.feedback": Access(staff="v", official="v"),  # the parties' own words
    "cases.numbersequence": NOBODY,
}


def _codes(text: str) -> dict[str, int]:
    """'302 302 200 404 200 404 200' in the order of ACTORS."""
    codes = [int(code) for code in text.split()]
    assert len(codes) == len(ACTORS), text
    return dict(zip(ACTORS, codes, strict=True))


# Every URL of the URLconf besides the ModelAdmins' standard pages: name (or route) → the
# answers to GET and to POST, one per actor. The admin's sign-in only sends people to the
# site's (a citizen may not enter). allauth's pages answer as allauth does (302: sign in, or
# sign in again, first; 404: nothing of that kind to show); the cast of the back office has
# a second factor, the citizen recovery codes only.
# fmt: off
SITE = {
    #                                     anon cit staff st→B med med→B official
    "admin:index":                        ("302 302 200 200 200 200 200", "302 302 200 200 200 200 200"),
    "admin:login":                        ("302 403 302 302 302 302 302", "302 403 302 302 302 302 302"),
    "admin:logout":                       ("302 302 405 405 405 405 405", "302 302 200 200 200 200 200"),
    "admin:password_change":              ("302 302 200 200 200 200 200", "302 302 200 200 200 200 200"),
    "admin:password_change_done":         ("302 302 200 200 200 200 200", "302 302 405 405 405 405 405"),
    # Hearing → dispute; what it lists is the remote admin's scope (test_admin_widgets.py).
    "admin:autocomplete":                 ("302 302 200 200 200 200 200", "302 302 405 405 405 405 405"),
    "admin:jsi18n":                       ("302 302 200 200 200 200 200", "302 302 405 405 405 405 405"),
    # A dispute has no public page: nothing to redirect to, whoever asks.
    "admin:view_on_site":                 ("302 302 404 404 404 404 404", "302 302 404 404 404 404 404"),
    "admin:app_list":                     ("302 302 200 200 200 200 200", "302 302 200 200 200 200 200"),
    "admin/(?P<url>.*)$":                 ("302 302 404 404 404 404 404", "302 302 404 404 404 404 404"),
    "home":                               ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "healthz":                            ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "favicon":                            ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "centers":                            ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "center_detail":                      ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "file_dispute":                       ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    # Shows a new case's number and code once; without them, a page that says so.
    "dispute_filed":                      ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "track":                              ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "track_case":                         ("302 302 302 302 302 302 302", "405 405 405 405 405 405 405"),
    "track_switch":                       ("405 405 405 405 405 405 405", "302 302 302 302 302 302 302"),
    "track_open":                         ("302 405 405 405 405 405 405", "302 404 404 404 404 404 404"),
    "track_forget":                       ("405 405 405 405 405 405 405", "302 302 302 302 302 302 302"),
    # No case followed in this session: no file, whoever asks.
    "track_attachment":                   ("404 404 404 404 404 404 404", "405 405 405 405 405 405 405"),
    "respond":                            ("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    "my_disputes":                        ("302 200 200 200 200 200 200", "302 405 405 405 405 405 405"),
    "claim_dispute":                      ("302 200 200 200 200 200 200", "302 200 200 200 200 200 200"),
    "set_language":                       ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    # The switcher of a page with a form: keeps what was typed, then back to the page (here: home).
    "switch_language":                    ("405 405 405 405 405 405 405", "302 302 302 302 302 302 302"),
    "account_login":                      ("200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    "account_logout":                     ("302 200 200 200 200 200 200", "302 302 302 302 302 302 302"),
    "account_inactive":                   ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "account_signup":                     ("200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    "account_reauthenticate":             ("302 200 200 200 200 200 200", "302 200 200 200 200 200 200"),
    "account_email":                      ("302 200 200 200 200 200 200", "302 302 302 302 302 302 302"),
    "account_email_verification_sent":    ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "account_change_password":            ("302 200 200 200 200 200 200", "302 200 200 200 200 200 200"),
    "account_set_password":               ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "account_reset_password":             ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "account_confirm_login_code":         ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "account_confirm_email":              ("200 200 200 200 200 200 200", "404 404 404 404 404 404 404"),
    "account_reset_password_from_key_done": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "account_reset_password_from_key":    ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "account_reset_password_done":        ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "mfa_index":                          ("302 200 200 200 200 200 200", "302 405 405 405 405 405 405"),
    "mfa_authenticate":                   ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "mfa_reauthenticate":                 ("302 200 200 200 200 200 200", "302 200 200 200 200 200 200"),
    "mfa_activate_totp":                  ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "mfa_deactivate_totp":                ("302 404 302 302 302 302 302", "302 404 302 302 302 302 302"),
    "mfa_view_recovery_codes":            ("302 302 404 404 404 404 404", "302 405 405 405 405 405 405"),
    "mfa_generate_recovery_codes":        ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "mfa_download_recovery_codes":        ("302 302 404 404 404 404 404", "302 302 404 404 404 404 404"),
    # The dashboard and its exports: staff (their centers) and officials; reading only.
    "oversight:dashboard":                ("302 404 200 200 404 404 200", "405 405 405 405 405 405 405"),
    "oversight:export_cases":             ("302 404 200 200 404 404 200", "405 405 405 405 405 405 405"),
    "oversight:export_table":             ("302 404 200 200 404 404 200", "405 405 405 405 405 405 405"),
}

# Views a ModelAdmin adds beyond the standard pages, by (model label, URL name suffix), and
# standard pages that answer otherwise than expected_standard() says.
CUSTOM = {
    #                                     anon cit staff st→B med med→B official
    ("auth.user", "password_change"):     ("302 302 403 403 403 403 403", "302 302 403 403 403 403 403"),
    # A case file, only through the access-checked download; a POST is refused.
    ("cases.attachment", "download"):     ("302 302 200 404 200 404 200", "302 302 403 403 403 403 403"),
    # The only field staff may change on a file is whether the parties see it, a checkbox:
    # an empty form is a valid one (not shared), and the change goes through the service.
    ("cases.attachment", "change"):       ("302 302 200 404 200 404 200", "302 302 302 404 403 403 403"),
}
# fmt: on


def _obj(label: str) -> Callable[[dict, str], list]:
    """The URL arguments of the actor's object of a model: A's, or B's for outsiders."""
    return lambda world, actor: [world[SIDE[actor]][label].pk]


def _view_on_site(world: dict, actor: str) -> list:
    dispute = world[SIDE[actor]]["cases.dispute"]
    return [ContentType.objects.get_for_model(dispute).pk, dispute.pk]


# How to build the URL of a row whose name takes arguments: (world, actor) → args.
URL_ARGS: dict[str, Callable[[dict, str], list]] = {
    "admin:view_on_site": _view_on_site,
    "admin:app_list": lambda world, actor: ["cases"],
    "center_detail": lambda world, actor: [world[SIDE[actor]]["centers.center"].slug],
    "track_attachment": _obj("cases.attachment"),
    "respond": lambda world, actor: ["not-a-token"],
    "account_confirm_email": lambda world, actor: ["not-a-key"],
    "account_reset_password_from_key": lambda world, actor: ["0", "not-a-key"],
    "admin:auth_user_password_change": _obj("auth.user"),
    "admin:cases_attachment_download": _obj("cases.attachment"),
    "admin:cases_attachment_change": _obj("cases.attachment"),
    "oversight:export_table": lambda world, actor: ["centers", "xlsx"],
}
QUERY = {"admin:autocomplete": "?app_label=cases&model_name=hearing&field_name=dispute"}
LITERAL = {"admin/(?P<url>.*)$": "/admin/no-such-page/"}


def _row_url(name: str, world: dict, actor: str) -> str:
    if name in LITERAL:
        return LITERAL[name]
    args = URL_ARGS[name](world, actor) if name in URL_ARGS else []
    return reverse(name, args=args) + QUERY.get(name, "")


STANDARD_KINDS = ("changelist", "add", "change", "delete", "history", "simple_history", "object")


def expected_standard(access: Access, kind: str, actor: str, method: str) -> int:
    """The answer of one of the admin's standard pages, from what the actor's role may do."""
    if actor in ("anonymous", "citizen"):
        return 302  # the admin sends everyone who is not back-office staff to its login page
    if kind == "object":
        return 302  # /<id>/ redirects to /<id>/change/, which answers for itself
    perms = getattr(access, ROLE[actor])
    sees = access.public or not actor.endswith("_outsider")
    may_view = bool(set(perms) & {"v", "c"})
    if kind == "changelist":
        if not may_view or (method == "POST" and actor == "official"):
            return 403  # an official's POST (actions, list edits) is a write
        return 200
    if kind == "add":
        return 200 if "a" in perms else 403  # an empty POST re-shows the form with its errors
    if kind in ("history", "simple_history"):
        if method == "POST" or not may_view:
            return 403  # history is only read
        return 200 if sees else 404
    needed = {"change": "c" if method == "POST" else "vc", "delete": "d"}[kind]
    if not set(needed) & set(perms):
        return 403
    if not sees:
        return 404
    return 302 if kind == "delete" and method == "POST" else 200


# --- The URLs that exist -------------------------------------------------------------------------


def _site_urls() -> dict[str, str]:
    """Every URL of the URLconf outside the ModelAdmins' own: key (name, or route) → route."""
    model_routes = tuple(f"admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry)
    urls = {}

    def walk(patterns, prefix="", namespace=""):  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if not route.startswith(model_routes):
                    urls[namespace + pattern.name if pattern.name else route] = route

    walk(get_resolver().url_patterns)
    return urls


def _model_urls() -> dict[str, list[str]]:
    """Model label → the kinds of page its ModelAdmin's get_urls() generates."""
    kinds = {}
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}_"
        kinds[model._meta.label_lower] = [
            pattern.name.removeprefix(info) if pattern.name else "object" for pattern in model_admin.get_urls()
        ]
    return kinds


def test_every_url_has_an_expected_answer():
    site = _site_urls()
    assert set(site) - set(SITE) == set(), "URLs of the URLconf without an expected answer in SITE"
    assert set(SITE) - set(site) == set(), "rows of SITE for URLs that no longer exist"
    models = _model_urls()
    assert set(models) - set(MODEL_ACCESS) == set(), "registered models without a row in MODEL_ACCESS"
    assert set(MODEL_ACCESS) - set(models) == set(), "rows of MODEL_ACCESS for models no longer registered"
    custom = {(label, kind) for label, kinds in models.items() for kind in kinds if kind not in STANDARD_KINDS}
    assert custom - set(CUSTOM) == set(), "admin views without an expected answer in CUSTOM"
    pages = {(label, kind) for label, kinds in models.items() for kind in kinds}
    assert set(CUSTOM) - pages == set(), "rows of CUSTOM for admin pages that no longer exist"


def test_every_model_with_history_has_its_history_pages():
    # Disputes, parties, hearings and mediators keep history; each of them shows it, scoped.
    with_history = {model._meta.label_lower for model in admin.site._registry if hasattr(model, "history")}
    assert {"cases.dispute", "cases.party", "cases.hearing", "mediators.mediator"} <= with_history
    for label, kinds in _model_urls().items():
        assert ("simple_history" in kinds) == (label in with_history), label


# --- The walk ------------------------------------------------------------------------------------

_addresses = itertools.count(1)


@pytest.fixture
def answer(request, settings, world):  # type: ignore[no-untyped-def]
    """answer(actor, method, url) → the status code, each request in a savepoint rolled back."""
    # Rate-limit counters of their own (the cache outlives a test with Redis), and a client
    # address per request, so the walk's own posts never meet a limit.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}
    users = {actor: request.getfixturevalue(login) for actor, login in LOGINS.items()}

    def answer(actor: str, method: str, url: str) -> int:
        n = next(_addresses)
        client = Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
        client.cookies["tatulasu_language"] = "en"
        with transaction.atomic():
            if actor in users:
                client.force_login(users[actor])
            # A POST carries the confirmation a delete page asks for, so a delete that is
            # allowed happens (and is rolled back).
            response = client.get(url) if method == "GET" else client.post(url, {"post": "yes"})
            transaction.set_rollback(True)
        return response.status_code

    return answer


def _standard_url(world: dict, label: str, kind: str, actor: str) -> str:
    obj = world[SIDE[actor]][label]
    app_label, model_name = label.split(".")
    if kind in ("changelist", "add"):
        return reverse(f"admin:{app_label}_{model_name}_{kind}")
    if kind == "object":
        return reverse(f"admin:{app_label}_{model_name}_changelist") + f"{obj.pk}/"
    if kind == "simple_history":
        return reverse(f"admin:{app_label}_{model_name}_simple_history", args=[obj.pk, obj.history.first().history_id])
    return reverse(f"admin:{app_label}_{model_name}_{kind}", args=[obj.pk])


@pytest.mark.parametrize("label", sorted(MODEL_ACCESS))
def test_the_admin_pages_of_each_model_answer_each_role_as_expected(world, answer, label):
    kinds = _model_urls()[label]
    failures = []
    for kind, actor, method in itertools.product(kinds, ACTORS, ("GET", "POST")):
        if (label, kind) not in CUSTOM:
            url = _standard_url(world, label, kind, actor)
            expected = expected_standard(MODEL_ACCESS[label], kind, actor, method)
        else:
            app_label, model_name = label.split(".")
            url = _row_url(f"admin:{app_label}_{model_name}_{kind}", world, actor)
            expected = _codes(CUSTOM[(label, kind)][method == "POST"])[actor]
        status = answer(actor, method, url)
        if status != expected:
            failures.append(f"{method} {url} as {actor}: {status}, expected {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", sorted(SITE))
def test_the_other_urls_answer_each_role_as_expected(world, answer, key):
    failures = []
    for actor, method in itertools.product(ACTORS, ("GET", "POST")):
        url = _row_url(key, world, actor)
        expected = _codes(SITE[key][method == "POST"])[actor]
        status = answer(actor, method, url)
        if status != expected:
            failures.append(f"{method} {url} as {actor}: {status}, expected {expected}")
    assert not failures, "\n".join(failures)


# --- Following every link ------------------------------------------------------------------------


def _secrets_of_b(world: dict) -> list[str]:
    """Strings only center B's rows hold, and what no page may ever show (a message's context)."""
    b = world["b"]
    return [
        "Center B", "Applicant B", "Respondent B", "Berik Other-Center", "Room of B", "claim-b.pdf",
        b["cases.dispute"].number, b["cases.party"].identifier, b["cases.party"].email, "SECRET-CODE",
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["staff_a", "mediator_user"])
def test_following_every_admin_link_never_shows_another_centers_rows(request, client, world, who):
    """A browser's walk: from the index, every admin page a link leads to (query strings aside)."""
    client.force_login(request.getfixturevalue(who))
    client.raise_request_exception = False
    secrets = _secrets_of_b(world)
    seen: set[str] = set()
    queue, problems = ["/admin/"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        problems += [f"{url} shows {secret!r}" for secret in secrets if secret in html]
        for href in re.findall(r'href="(/admin/[^"#?]*)', html):
            if "logout" not in href:
                queue.append(href)
    assert len(seen) > 40  # the walk reached the lists, the pages, their histories
    assert not problems, "\n".join(problems)
