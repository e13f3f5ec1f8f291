"""Account pages: sign up, sign in (the second factor: views_two_factor.py), sign out, password reset."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY

from lapak.accounts import selectors, services, two_factor
from lapak.accounts.forms import (
    EmailAuthenticationForm,
    EmailCheckForm,
    LapakPasswordResetForm,
    LapakSetPasswordForm,
    SignupForm,
)
from lapak.core.errors import LapakError
from lapak.core.ratelimit import client_address, rate_limit_hit

# Sign-up does not check credentials, so ModelBackend is named directly rather than the axes guard.
_LOGIN_BACKEND = "lapak.accounts.backends.LapakModelBackend"


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The `next` parameter if it points back into this site, else `fallback` (no open redirects)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def two_factor_step_url(name: str, next_url: str) -> str:
    """A two-factor page's URL carrying `next_url` (already checked to be safe) on to the step after it."""
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    home = reverse("web:home")
    if request.user.is_authenticated:
        return redirect(safe_next_url(request, home))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and not _signup_allowed(request):
        form.add_error(None, _("Too many sign-ups from your network. Please try again in an hour."))
        return render(request, "accounts/signup.html", {"form": form, "next": ""}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                language=get_language() or settings.LANGUAGE_CODE,
            )
        except LapakError as error:
            form.add_service_errors(error.fields or {"__all__": [error.message]})
        else:
            login(request, user, backend=_LOGIN_BACKEND)
            welcome = _("Welcome to Lapak, %(name)s! Your account is ready.") % {"name": user.full_name}
            messages.success(request, welcome)
            return redirect(safe_next_url(request, home))
    status = 422 if form.is_bound else 200
    context = {"form": form, "next": safe_next_url(request, "")}
    return render(request, "accounts/signup.html", context, status=status)


def _signup_allowed(request: HttpRequest) -> bool:
    return rate_limit_hit(
        scope="signup", identity=client_address(request), limit=settings.SIGNUP_RATE_PER_HOUR, window_seconds=3600
    )


@require_POST
def signup_check_email(request: HttpRequest) -> HttpResponse:
    """htmx: re-render the sign-up email field with its inline errors while the user fills the form.

    It tells no more than submitting the sign-up form does, and sends nothing to the address.
    """
    form = EmailCheckForm(request.POST)
    allowed = rate_limit_hit(
        scope="signup-email-check", identity=client_address(request), limit=30, window_seconds=60
    )
    if not allowed:
        form.add_error("email", _("Too many checks. Please wait a minute."))
        return render(request, "accounts/partials/email_field.html", {"field": form["email"]}, status=429)
    if form.is_valid() and selectors.email_is_taken(form.cleaned_data["email"]):
        form.add_error("email", _("An account with this email address already exists."))
    return render(request, "accounts/partials/email_field.html", {"field": form["email"], "checked": True})


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: EmailAuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        # A password sign-in always asks for a fresh code, even if this session passed the second factor before.
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        if two_factor.second_factor_required(user):
            # Signed in, but pages that need the second factor (the oversight portal) send them back here until
            # they pass it; regulators without an authenticator yet are sent on to set one up.
            step = "accounts:two_factor" if two_factor.totp_device_of(user) else "accounts:two_factor_setup"
            response = redirect(two_factor_step_url(step, self.get_success_url()))
        else:
            messages.success(self.request, _("Welcome back, %(name)s.") % {"name": user.get_short_name()})
        # The account's saved language follows the user from device to device.
        return _remember_language(response, user.language)

    def form_invalid(self, form: EmailAuthenticationForm) -> HttpResponse:
        if form.non_field_errors():
            # "Email or password is wrong" concerns both fields: point them at the message.
            for name in ("username", "password"):
                form.fields[name].widget.attrs["aria-describedby"] = "form-errors"
        response = super().form_invalid(form)
        response.status_code = 422
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class ResetRequestView(auth_views.PasswordResetView):
    form_class = LapakPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = LapakSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
