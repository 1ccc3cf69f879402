"""What a person typed into a public form, kept across a change of language.

On a page with a form, the language switcher's buttons submit that form (HTML's `form`
and `formaction` attributes: it works without JavaScript), so what was typed travels with
the choice of language. It is kept in the session for that page, the language cookie is
set as Django's own switcher sets it, and the page comes back in the new language with
the form filled in as it was. Passwords are never kept.
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language

SESSION_KEY = "form_drafts"
MAX_DRAFTS = 5  # pages with a draft at once in one session
MAX_DRAFT_LENGTH = 30_000  # characters of one draft; the intake form's fields take at most about 12,000
# Never kept: the CSRF token (the new page has its own), the switcher's own field, secrets.
_NOT_KEPT = ("csrfmiddlewaretoken", "language", "next")


def _kept(name: str) -> bool:
    return name not in _NOT_KEPT and "password" not in name.lower()


def chosen_language(request: HttpRequest) -> str | None:
    """The language a switcher button sent with the form, or None when the form was sent for itself."""
    language = request.POST.get("language", "") if request.method == "POST" else ""
    return language if language and check_for_language(language) and language in dict(settings.LANGUAGES) else None


def _key(path: str) -> str:
    # Paths can hold secrets (a respondent's signed link): the session keeps only a digest.
    return hashlib.sha256(path.encode()).hexdigest()[:32]


def save(request: HttpRequest, *, path: str, data: QueryDict) -> None:
    """Keep what was typed into the form of the page at `path` for its next display (within MAX_DRAFT_LENGTH)."""
    values: dict[str, list[str]] = {}
    room = MAX_DRAFT_LENGTH
    for name in data:
        if not _kept(name):
            continue
        for value in data.getlist(name):
            kept = value[: max(room, 0)]
            room -= len(name) + len(kept)
            values.setdefault(name, []).append(kept)
    key = _key(path)
    drafts = {other: value for other, value in request.session.get(SESSION_KEY, {}).items() if other != key}
    drafts[key] = values
    request.session[SESSION_KEY] = dict(list(drafts.items())[-MAX_DRAFTS:])


def pop(request: HttpRequest, path: str) -> QueryDict | None:
    """What was typed into the form of the page at `path` before the language changed, once; None if nothing."""
    drafts = request.session.get(SESSION_KEY)
    key = _key(path)
    if not drafts or key not in drafts:
        return None
    values = drafts.pop(key)
    request.session[SESSION_KEY] = drafts
    draft = QueryDict(mutable=True)
    for name, items in values.items():
        draft.setlist(name, [str(item) for item in items])
    return draft


def initial(draft: QueryDict | None, names: Iterable[str] | None = None) -> dict[str, str | None]:
    """Initial values of an unprefixed form from a draft: of the fields `names`, or of every field kept."""
    if draft is None:
        return {}
    wanted = set(draft) if names is None else set(names)
    return {name: draft.get(name) for name in draft if name in wanted and _kept(name)}


def initial_for(request: HttpRequest, names: Iterable[str] | None = None) -> dict[str, str | None]:
    """The initial values of this page's form from its draft, if the language was just switched."""
    return initial(pop(request, request.path), names)


def switch_language(request: HttpRequest, *, language: str | None, next_url: str) -> HttpResponseRedirect:
    """Redirect to `next_url` (a page of this site, else the home page) in `language`, as Django's switcher does."""
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    response = HttpResponseRedirect(next_url if safe else "/")
    if language is None:
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
