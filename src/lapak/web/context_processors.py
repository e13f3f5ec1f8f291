"""Template context shared by every page (filled by the web-shell work)."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    return {}
