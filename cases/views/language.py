"""The language switcher of a page with a form: what was typed comes back in the new language."""

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from .. import drafts


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Keep the posted form's values for the page in ?next=, then show that page in the chosen language."""
    next_url = request.GET.get("next", "/")
    language = drafts.chosen_language(request)
    path = urlsplit(next_url).path
    if language is None or not path.startswith("/"):
        return drafts.switch_language(request, language=None, next_url=next_url)
    drafts.save(request, path=path, data=request.POST)
    return drafts.switch_language(request, language=language, next_url=next_url)
