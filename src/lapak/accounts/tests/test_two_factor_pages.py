"""The two-factor pages: the code step after the password, set-up with a QR code, `next`, and the oversight portal
sending a regulator who signed in with a password only to the code step."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.accounts import two_factor
from lapak.accounts.tests.two_factor_support import PASSWORD, code_for, confirmed_device, wrong_code_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_user(make_user):
    """These tests read the pages' English messages: their users prefer English (the site's default language is
    Bahasa Indonesia, and signing in remembers the account's language)."""

    def make(**kwargs):
        user = make_user(**kwargs)
        user.language = "en"
        user.save(update_fields=["language"])
        return user

    return make


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

LOGIN, CODE, SETUP = "/accounts/login/", "/accounts/two-factor/", "/accounts/two-factor/setup/"


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    moment = time.time()
    monkeypatch.setattr("lapak.core.ratelimit.time", SimpleNamespace(time=lambda: moment))


def english(**kwargs) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)


def sign_in(client: Client, user, next_url: str = ""):
    query = f"?next={quote(next_url)}" if next_url else ""
    return client.post(LOGIN + query, {"username": user.email, "password": PASSWORD})


def code_error(response) -> str:
    match = re.search(r'<ul class="field__errors" id="id_code_error">(.*?)</ul>', response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


def verified(client: Client) -> bool:
    """Whether the session passed the second factor: the code page sends a verified session straight on."""
    response = client.get(CODE + "?next=/accounts/addresses/")
    return response.status_code == 302 and response["Location"] == "/accounts/addresses/"


# --- Sign-in ---------------------------------------------------------------------------------------


def test_a_regulator_with_an_authenticator_goes_from_the_password_to_the_code_step_keeping_next(make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    client = english()
    response = sign_in(client, regulator, "/oversight/")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next=%2Foversight%2F"
    assert client.session[SESSION_KEY] == str(regulator.pk)  # signed in with the password ...
    assert not verified(client)  # ... but not past the second factor
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<input type="hidden" name="next" value="/oversight/">' in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()
    done = client.post(CODE, {"code": code_for(device), "next": "/oversight/"})
    assert (done.status_code, done["Location"]) == (302, "/oversight/")
    assert verified(client)


def test_a_regulator_without_an_authenticator_is_sent_to_set_one_up(make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    response = sign_in(english(), regulator, "/oversight/")
    assert response["Location"] == f"{SETUP}?next=%2Foversight%2F"


def test_anyone_who_set_up_an_authenticator_gets_the_code_step_too(make_user):
    buyer = make_user()
    confirmed_device(buyer)
    assert sign_in(english(), buyer)["Location"] == f"{CODE}?next=%2F"


def test_other_users_sign_in_with_the_password_alone_as_before(make_user):
    buyer = make_user()
    two_factor.totp_enrolment_start(user=buyer)  # an unconfirmed device does not count
    client = english()
    assert sign_in(client, buyer, "/accounts/addresses/")["Location"] == "/accounts/addresses/"
    assert client.get("/accounts/addresses/").status_code == 200


def test_an_unsafe_next_is_dropped_at_both_steps(make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    client = english()
    assert sign_in(client, regulator, "https://evil.example/steal")["Location"] == f"{CODE}?next=%2F"
    page = client.get(CODE + "?next=https://evil.example/steal")
    form = re.search(rf'<form method="post" action="{CODE}".*?</form>', page.content.decode(), re.S).group(0)
    assert 'name="code"' in form and 'name="next"' not in form
    done = client.post(CODE, {"code": code_for(device), "next": "//evil.example/steal"})
    assert done["Location"] == "/"


def test_a_password_sign_in_never_inherits_an_earlier_verification(make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    client = english()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    sign_in(client, regulator)
    assert not verified(client)


# --- The code step ---------------------------------------------------------------------------------


def test_a_wrong_code_is_refused_inline_and_a_replayed_code_too(make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    code = code_for(device)
    first = english()
    sign_in(first, regulator)
    wrong = first.post(CODE, {"code": wrong_code_for(device)})
    assert wrong.status_code == 422
    assert "That code is wrong or has already been used." in code_error(wrong)
    assert 'aria-invalid="true"' in wrong.content.decode()
    malformed = first.post(CODE, {"code": "12a456"})
    assert (malformed.status_code, "Enter the 6 digits" in code_error(malformed)) == (422, True)
    assert first.post(CODE, {"code": code})["Location"] == "/"
    # Someone who watched the code being typed and has the password cannot use it in a second session.
    second = english()
    sign_in(second, regulator)
    replay = second.post(CODE, {"code": code})
    assert replay.status_code == 422 and "already been used" in code_error(replay)
    assert not verified(second)


def test_five_wrong_codes_lock_the_code_step(make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    client = english()
    sign_in(client, regulator)
    statuses = [client.post(CODE, {"code": wrong_code_for(device)}).status_code for _ in range(two_factor.LOCK_AFTER)]
    assert statuses == [422] * (two_factor.LOCK_AFTER - 1) + [429]
    locked = client.post(CODE, {"code": code_for(device)})
    assert locked.status_code == 429
    assert "Too many wrong codes" in code_error(locked)
    assert not verified(client)


def test_the_code_step_needs_a_signed_in_user_and_csrf(make_user):
    assert english().get(CODE)["Location"].startswith(f"{LOGIN}?next=")
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    client = english(enforce_csrf_checks=True)
    client.force_login(regulator)
    assert client.post(CODE, {"code": code_for(device)}).status_code == 403
    assert not verified(client)


def test_the_code_step_sends_a_user_without_an_authenticator_to_set_up(make_user):
    client = english()
    client.force_login(make_user(roles=["regulator"], jurisdiction="ID"))
    assert client.get(CODE + "?next=/oversight/")["Location"] == f"{SETUP}?next=%2Foversight%2F"


# --- Set-up ----------------------------------------------------------------------------------------


def test_set_up_shows_a_qr_code_and_the_key_and_a_right_code_turns_it_on(make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    client = english()
    sign_in(client, regulator, "/oversight/")
    page = client.get(f"{SETUP}?next=/oversight/")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") and "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=regulator)
    assert device.confirmed is False
    assert re.search(r'<svg [^>]*class="totp-qr"', html) and "<title>QR code for your authenticator app</title>" in html
    secret = two_factor.totp_provisioning(device).secret
    assert '<code id="totp-secret"' in html and secret in html
    assert client.get(SETUP).status_code == 200 and TOTPDevice.objects.filter(user=regulator).count() == 1

    wrong = client.post(SETUP, {"code": wrong_code_for(device), "next": "/oversight/"})
    assert wrong.status_code == 422 and "wrong" in code_error(wrong)
    assert secret in wrong.content.decode()  # the same key, to try again
    done = client.post(SETUP, {"code": code_for(device), "next": "/oversight/"})
    assert (done.status_code, done["Location"]) == (302, "/oversight/")
    device.refresh_from_db()
    assert device.confirmed is True
    assert verified(client)
    # Set up already: the page says so instead of offering a new key.
    assert client.get(SETUP)["Location"] == "/"


def test_set_up_cannot_replace_an_authenticator_with_the_password_alone(make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    client = english()
    sign_in(client, regulator, "/oversight/")
    assert client.get(f"{SETUP}?next=/oversight/")["Location"] == f"{CODE}?next=%2Foversight%2F"
    assert client.post(SETUP, {"code": "123456"})["Location"] == CODE
    assert list(TOTPDevice.objects.filter(user=regulator)) == [device]


def test_set_up_needs_a_signed_in_user():
    assert english().get(SETUP)["Location"].startswith(f"{LOGIN}?next=")


# --- The oversight portal (lapak.oversight.access.oversight_page) ----------------------------------


def test_oversight_sends_a_password_only_regulator_to_the_code_step_and_opens_after_it(make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = confirmed_device(regulator)
    client = english()
    sign_in(client, regulator, "/oversight/")
    refused = client.get("/oversight/")
    assert (refused.status_code, refused["Location"]) == (302, f"{CODE}?next=/oversight/")
    assert client.post(CODE, {"code": code_for(device), "next": "/oversight/"})["Location"] == "/oversight/"
    assert client.get("/oversight/").status_code == 200


# --- The admin -------------------------------------------------------------------------------------


def test_staff_in_the_admin_cannot_read_an_authenticator_key(client, django_user_model, make_user):
    root = django_user_model.objects.create_superuser("root@example.test", PASSWORD, full_name="Root")
    client.force_login(root)
    device = confirmed_device(make_user(roles=["regulator"], jurisdiction="ID"))
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert two_factor.totp_provisioning(device).secret.split()[0] not in page.content.decode()
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403
