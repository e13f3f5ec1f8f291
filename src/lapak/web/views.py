"""The shell's own pages: the home page (the future feed) and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from lapak.accounts import services as account_services


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # No catalogue yet: the page says so honestly instead of showing made-up products.
    return render(request, "web/home.html")


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie + safe `next` redirect); a signed-in user's choice is saved as well."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        account_services.user_set_language(user=request.user, language=language)
    return response
