"""`POST /api/v1/auth/token` with a second factor: regulators (and anyone who set one up) send `otp`."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from lapak.accounts import two_factor
from lapak.accounts.models import ApiToken
from lapak.accounts.tests.two_factor_support import PASSWORD, code_for, confirmed_device, wrong_code_for

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    moment = time.time()
    monkeypatch.setattr("lapak.core.ratelimit.time", SimpleNamespace(time=lambda: moment))


@pytest.fixture
def regulator(make_user):
    return make_user(roles=["regulator"], jurisdiction="ID")


def ask(api_client, user, **extra):
    return api_client.post(TOKEN, {"email": user.email, "password": PASSWORD, **extra},
                           content_type="application/json")


def error(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def test_a_regulator_without_otp_gets_second_factor_required_and_no_token(api_client, regulator):
    confirmed_device(regulator)
    assert error(ask(api_client, regulator)) == (401, "second_factor_required")
    assert error(ask(api_client, regulator, otp="  ")) == (401, "second_factor_required")
    assert not ApiToken.objects.exists()


def test_a_regulator_with_the_right_code_gets_a_token_that_works_once(api_client, regulator):
    device = confirmed_device(regulator)
    code = code_for(device)
    response = ask(api_client, regulator, otp=code, name="laptop")
    assert response.status_code == 201
    me = api_client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.json()["roles"] == ["buyer", "regulator"]
    assert error(ask(api_client, regulator, otp=code)) == (401, "otp_invalid")
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("otp", ["wrong", "12345", "abcdef"])
def test_a_wrong_or_malformed_code_is_otp_invalid(api_client, regulator, otp):
    device = confirmed_device(regulator)
    response = ask(api_client, regulator, otp=wrong_code_for(device) if otp == "wrong" else otp)
    assert error(response) == (401, "otp_invalid")
    assert response.json()["error"]["message"].startswith("That code is wrong")
    assert not ApiToken.objects.exists()


def test_a_wrong_password_is_answered_before_the_code_is_looked_at(api_client, regulator):
    device = confirmed_device(regulator)
    response = api_client.post(TOKEN, {"email": regulator.email, "password": "not it at all", "otp": code_for(device)},
                               content_type="application/json")
    assert error(response) == (401, "invalid_credentials")
    # The right code was not spent: it still works with the right password.
    assert ask(api_client, regulator, otp=code_for(device)).status_code == 201


def test_a_regulator_without_an_authenticator_is_told_to_set_one_up(api_client, regulator):
    response = ask(api_client, regulator, otp="123456")
    assert error(response) == (401, "second_factor_required")
    assert "Set up two-factor sign-in" in response.json()["error"]["message"]


def test_wrong_codes_lock_the_api_like_the_page(api_client, regulator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = confirmed_device(regulator)
    wrong = wrong_code_for(device)
    answers = [error(ask(api_client, regulator, otp=wrong)) for _ in range(two_factor.LOCK_AFTER)]
    assert answers == [(401, "otp_invalid")] * (two_factor.LOCK_AFTER - 1) + [(429, "otp_locked")]
    assert error(ask(api_client, regulator, otp=code_for(device))) == (429, "otp_locked")
    assert two_factor.second_factor_locked(regulator)


def test_users_without_an_authenticator_are_unaffected(api_client, make_user):
    buyer = make_user(roles=["creator"])
    two_factor.totp_enrolment_start(user=buyer)  # pending, not confirmed
    assert ask(api_client, buyer).status_code == 201
    assert ask(api_client, buyer, otp="000000").status_code == 201  # ignored


def test_a_user_who_set_up_an_authenticator_needs_the_code_too(api_client, make_user):
    buyer = make_user()
    device = confirmed_device(buyer)
    assert error(ask(api_client, buyer)) == (401, "second_factor_required")
    assert ask(api_client, buyer, otp=code_for(device)).status_code == 201


def test_the_otp_field_is_documented(api_client, db):
    spec = api_client.get("/api/v1/openapi.json").json()
    schema = spec["components"]["schemas"]["TokenIn"]["properties"]["otp"]
    assert "6-digit code" in schema["description"]
    description = spec["paths"][TOKEN]["post"]["description"]
    assert "second_factor_required" in description and "otp_invalid" in description


def test_a_token_from_before_the_regulator_role_is_refused_on_every_api(api_client, make_user):
    from lapak.accounts.services import api_token_issue, role_grant

    user = make_user()
    _token, raw = api_token_issue(user=user, name="old")
    role_grant(user=user, role="regulator", jurisdiction="ID")
    for path in ("/api/v1/auth/me", "/api/v1/compliance/decisions", "/api/v1/oversight/figures"):
        response = api_client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "token_needs_second_factor"
