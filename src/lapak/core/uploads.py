"""A bound on a request's body, checked before the body is read (shared by the marketplace and social pages).

Each uploaded file is checked again on its own by the code that takes it; this bound keeps a huge body from being
spooled to disk at all. The CSRF middleware would parse the body before the view runs, so the check is made first
and the CSRF check after it (Django's documented pattern for views that must see the request before its body is
read): the decorated view is csrf_exempt only in the sense that it runs `csrf_protect` itself, after the size check.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

View = Callable[..., HttpResponse]


def declared_length(request: HttpRequest) -> int:
    """The body length the client announced (0 when it announced none or nonsense)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_limit(limit: Callable[[], int], refuse: Callable[[HttpRequest, int], HttpResponse]) -> Callable[[View], View]:
    """Answer a POST whose body is larger than `limit()` bytes with `refuse(request, limit)`, without reading it.

    `limit` is called per request so settings changed at run time (and in tests) apply. Decorate outermost: the
    view's other decorators (sign-in, permissions) run after the size check.
    """

    def decorate(view: View) -> View:
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            bound = limit()
            if request.method == "POST" and declared_length(request) > bound:
                return refuse(request, bound)
            return protected(request, *args, **kwargs)

        return wrapped

    return decorate
