"""The second-factor pages: the code step after the password (`two_factor`) and authenticator set-up."""

from __future__ import annotations

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lapak.accounts import two_factor
from lapak.accounts.forms_two_factor import TotpCodeForm
from lapak.accounts.views import safe_next_url, two_factor_step_url
from lapak.core.errors import Conflict, LapakError


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_code(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = safe_next_url(request, "")
    if two_factor.user_is_verified(request):
        return redirect(next_url or reverse("web:home"))
    if two_factor.totp_device_of(request.user) is None:
        return redirect(two_factor_step_url("accounts:two_factor_setup", next_url))
    form = TotpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                two_factor.two_factor_login(request, code=form.cleaned_data["code"])
            except LapakError as error:
                form.add_error("code", str(error.message))
                status = 429 if error.status == 429 else 422
            else:
                messages.success(request, _("Welcome back, %(name)s.") % {"name": request.user.get_short_name()})
                return redirect(next_url or reverse("web:home"))
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = safe_next_url(request, "")
    user = request.user
    if two_factor.totp_device_of(user) is not None:
        # Replacing an authenticator needs the current one: a password alone must not be enough to swap it.
        if not two_factor.user_is_verified(request):
            return redirect(two_factor_step_url("accounts:two_factor", next_url))
        messages.info(request, _("Two-factor sign-in is already set up for this account."))
        return redirect(next_url or reverse("web:home"))
    try:
        device = two_factor.totp_enrolment_start(user=user)
    except Conflict:  # confirmed in another tab meanwhile
        return redirect(two_factor_step_url("accounts:two_factor", next_url))
    form = TotpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                device = two_factor.totp_enrolment_confirm(user=user, code=form.cleaned_data["code"])
            except LapakError as error:
                form.add_error("code", str(error.message))
                status = 429 if error.status == 429 else 422
            else:
                django_otp.login(request, device)
                messages.success(request, _("Two-factor sign-in is on. From now on you sign in with your password "
                                            "and a code from your authenticator app."))
                return redirect(next_url or reverse("web:home"))
    provisioning = two_factor.totp_provisioning(device)
    qr = segno.make(provisioning.uri, error="m")
    # segno writes only path data and the (escaped) title, so the SVG is safe to inline.
    svg = qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", svgclass="totp-qr",
                        title=_("QR code for your authenticator app"))
    qr_svg = mark_safe(svg)  # noqa: S308
    context = {"form": form, "next": next_url, "secret": provisioning.secret, "qr_svg": qr_svg}
    return render(request, "accounts/two_factor_setup.html", context, status=status)
