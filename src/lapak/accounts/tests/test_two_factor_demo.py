"""The demo regulator's authenticator (a known, public secret) and `manage.py demo_totp`."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.accounts.models import User
from lapak.accounts.tests.two_factor_support import code_for, confirmed_device
from lapak.demo.seeders.accounts import DEMO_PASSWORD, DEMO_TOTP_EMAIL, DEMO_TOTP_SECRET, seed_demo_logins

pytestmark = pytest.mark.django_db


def demo_totp(*args: str) -> str:
    out = StringIO()
    call_command("demo_totp", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_demo_regulator_gets_one_confirmed_authenticator_with_the_known_secret():
    seed_demo_logins()
    seed_demo_logins()
    device = TOTPDevice.objects.get(user__email=DEMO_TOTP_EMAIL)
    assert device.confirmed is True
    assert device.bin_key == base64.b32decode(DEMO_TOTP_SECRET)
    assert not TOTPDevice.objects.exclude(user__email=DEMO_TOTP_EMAIL).exists()


def test_reseeding_leaves_a_replaced_authenticator_alone():
    seed_demo_logins()
    TOTPDevice.objects.all().delete()
    own = confirmed_device(User.objects.get(email=DEMO_TOTP_EMAIL))
    seed_demo_logins()
    assert list(TOTPDevice.objects.all()) == [own]


def test_demo_totp_prints_the_code_the_token_endpoint_accepts(api_client, settings):
    settings.DEBUG = False  # a demo account works without DEBUG
    seed_demo_logins()
    code = demo_totp()
    assert code == code_for(TOTPDevice.objects.get(user__email=DEMO_TOTP_EMAIL))
    response = api_client.post("/api/v1/auth/token", {"email": DEMO_TOTP_EMAIL, "password": DEMO_PASSWORD,
                                                      "otp": code}, content_type="application/json")
    assert response.status_code == 201


def test_demo_totp_refuses_real_accounts_unless_debug(make_user, settings):
    user = make_user(email="real@example.test")
    device = confirmed_device(user)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only for demo accounts"):
        demo_totp("real@example.test")
    settings.DEBUG = True
    assert demo_totp("real@example.test") == code_for(device)


def test_demo_totp_says_when_there_is_no_authenticator(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="no confirmed authenticator"):
        demo_totp()
