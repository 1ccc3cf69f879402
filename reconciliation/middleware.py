"""Site-wide request guards."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers

# Pages of a person's own account and cases: never kept by a browser's or a proxy's cache.
PRIVATE_PATH_PREFIXES = ("/accounts/", "/my/")


class RequestSizeLimitMiddleware:
    """Answer 413 to a request whose declared body is larger than settings.MAX_REQUEST_BYTES.

    It looks only at CONTENT_LENGTH, before anything reads the body (CSRF checks read
    POST data), so an oversized upload is refused without being received or stored.
    Django reads no more than CONTENT_LENGTH, so a request cannot slip past by lying low.
    What happens to the unread body is the server's business (WSGI forbids an application's
    Connection header, and runserver answered 500 to one): gunicorn's sync workers close the
    connection after every answer, runserver and threaded workers discard the rest.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(
                request,
                "cases/intake_too_large.html",
                {
                    "max_files": settings.ATTACHMENT_MAX_FILES,
                    "max_file_size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
                    "max_request_size": filesizeformat(settings.MAX_REQUEST_BYTES),
                },
                status=413,
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Mark every page of PRIVATE_PATH_PREFIXES, and every page shown to a signed-in person, no-store.

    On a shared computer the browser's cache would otherwise keep a person's disputes, e-mail
    addresses or recovery codes after they signed out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path_info.startswith(PRIVATE_PATH_PREFIXES) or getattr(user, "is_authenticated", False):
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL character.

    No page takes one, and PostgreSQL refuses NUL in text: a crafted `?q=%00` or filter
    value would otherwise reach a query and end in a server error. Form fields refuse NUL
    on their own (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the request's address")
        return self.get_response(request)
