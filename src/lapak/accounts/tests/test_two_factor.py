"""The second factor's services: enrolment, checking codes (never twice), django-otp's throttle, the lock."""

from __future__ import annotations

import base64
import time
from types import SimpleNamespace

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.accounts import two_factor
from lapak.accounts.tests.two_factor_support import code_for, confirmed_device, wrong_code_for
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, LapakError
from lapak.core.testing import race

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """The lock counts wrong codes in fixed windows of wall-clock time; its clock stands still here so a slow
    machine cannot cross a window's edge halfway through a test."""
    moment = time.time()
    monkeypatch.setattr("lapak.core.ratelimit.time", SimpleNamespace(time=lambda: moment))


@pytest.fixture
def no_backoff(settings):
    """django-otp's own back-off (1, 2, 4 … seconds after each wrong code) off, to reach the lock quickly."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def error_code(call) -> str:
    with pytest.raises(LapakError) as raised:
        call()
    return raised.value.code


def test_enrolment_start_is_idempotent_and_confirm_needs_a_right_code(make_user, no_backoff):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    device = two_factor.totp_enrolment_start(user=regulator)
    assert device.confirmed is False
    assert two_factor.totp_enrolment_start(user=regulator).pk == device.pk
    assert two_factor.totp_device_of(regulator) is None

    wrong = wrong_code_for(device)
    assert error_code(lambda: two_factor.totp_enrolment_confirm(user=regulator, code=wrong)) == "otp_invalid"
    device.refresh_from_db()
    assert device.confirmed is False
    assert not AuditEvent.objects.filter(action="account.totp_enrol").exists()

    two_factor.totp_enrolment_confirm(user=regulator, code=code_for(device))
    assert two_factor.totp_device_of(regulator).pk == device.pk
    event = AuditEvent.objects.get(action="account.totp_enrol")
    assert (event.subject_id, event.actor, event.jurisdiction) == (regulator.public_id, regulator.public_id, "ID")
    with pytest.raises(Conflict):
        two_factor.totp_enrolment_start(user=regulator)


def test_the_confirming_code_cannot_be_used_again_to_sign_in(make_user):
    user = make_user()
    device = two_factor.totp_enrolment_start(user=user)
    code = code_for(device)
    two_factor.totp_enrolment_confirm(user=user, code=code)
    assert error_code(lambda: two_factor.totp_check(user=user, code=code)) == "otp_invalid"


def test_provisioning_gives_the_device_key_in_base32_and_an_otpauth_uri(make_user):
    user = make_user(email="ani@example.test")
    device = two_factor.totp_enrolment_start(user=user)
    provisioning = two_factor.totp_provisioning(device)
    assert base64.b32decode(provisioning.secret.replace(" ", "")) == device.bin_key
    assert provisioning.uri.startswith("otpauth://totp/Lapak%3Aani%40example.test?")
    assert f"secret={provisioning.secret.replace(' ', '')}" in provisioning.uri


def test_a_right_code_passes_once_and_never_again(make_user):
    user = make_user()
    device = confirmed_device(user)
    code = code_for(device)
    assert two_factor.totp_check(user=user, code=code).pk == device.pk
    assert error_code(lambda: two_factor.totp_check(user=user, code=code)) == "otp_invalid"


def test_after_a_later_code_an_earlier_one_is_refused(make_user, no_backoff):
    user = make_user()
    device = confirmed_device(user)
    earlier, later = code_for(device), code_for(device, steps=1)  # both within django-otp's tolerance
    two_factor.totp_check(user=user, code=later)
    assert error_code(lambda: two_factor.totp_check(user=user, code=earlier)) == "otp_invalid"


def test_codes_typed_with_a_space_pass_and_malformed_ones_are_wrong_but_not_counted(make_user):
    user = make_user()
    device = confirmed_device(user)
    for bad in ("", "12345", "1234567", "abcdef", "12 34 5", "١٢٣٤٥٦"):
        assert error_code(lambda bad=bad: two_factor.totp_check(user=user, code=bad)) == "otp_invalid"
    assert not two_factor.second_factor_locked(user)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    code = code_for(device)
    two_factor.totp_check(user=user, code=f"{code[:3]} {code[3:]}")


def test_a_code_from_another_users_device_is_wrong(make_user):
    ani, budi = make_user(), make_user()
    confirmed_device(ani)
    budi_device = confirmed_device(budi)
    assert error_code(lambda: two_factor.totp_check(user=ani, code=code_for(budi_device))) == "otp_invalid"


def test_without_a_confirmed_device_checking_asks_for_set_up(make_user):
    user = make_user()
    pending = two_factor.totp_enrolment_start(user=user)
    code = code_for(pending)
    assert error_code(lambda: two_factor.totp_check(user=user, code=code)) == "second_factor_setup_required"


def test_five_wrong_codes_lock_even_the_right_one_and_the_lock_is_audited_once(make_user, no_backoff):
    user = make_user(roles=["regulator"], jurisdiction="ID")
    other = make_user()
    device, other_device = confirmed_device(user), confirmed_device(other)
    wrong = wrong_code_for(device)
    for _attempt in range(two_factor.LOCK_AFTER - 1):
        assert error_code(lambda: two_factor.totp_check(user=user, code=wrong)) == "otp_invalid"
    assert not two_factor.second_factor_locked(user)
    assert error_code(lambda: two_factor.totp_check(user=user, code=wrong)) == "otp_locked"
    assert two_factor.second_factor_locked(user)
    assert error_code(lambda: two_factor.totp_check(user=user, code=code_for(device))) == "otp_locked"
    assert error_code(lambda: two_factor.totp_check(user=user, code=wrong, channel="api")) == "otp_locked"
    event = AuditEvent.objects.get(action="account.totp_lockout")
    assert (event.subject_id, event.jurisdiction) == (user.public_id, "ID")
    assert event.after["wrong_codes"] == two_factor.LOCK_AFTER
    # Another account is not affected.
    assert two_factor.totp_check(user=other, code=code_for(other_device)).pk == other_device.pk


def test_wrong_codes_while_setting_up_count_towards_the_lock(make_user, no_backoff):
    user = make_user()
    device = two_factor.totp_enrolment_start(user=user)
    wrong = wrong_code_for(device)
    for _attempt in range(two_factor.LOCK_AFTER - 1):
        assert error_code(lambda: two_factor.totp_enrolment_confirm(user=user, code=wrong)) == "otp_invalid"
    assert error_code(lambda: two_factor.totp_enrolment_confirm(user=user, code=wrong)) == "otp_locked"
    assert error_code(lambda: two_factor.totp_enrolment_confirm(user=user, code=code_for(device))) == "otp_locked"
    device.refresh_from_db()
    assert device.confirmed is False


def test_django_otp_back_off_answers_throttled_and_does_not_count_towards_the_lock(make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a wrong code makes the next one wait a minute
    user = make_user()
    device = confirmed_device(user)
    assert error_code(lambda: two_factor.totp_check(user=user, code=wrong_code_for(device))) == "otp_invalid"
    for _attempt in range(two_factor.LOCK_AFTER + 1):
        assert error_code(lambda: two_factor.totp_check(user=user, code=code_for(device))) == "otp_throttled"
    assert not two_factor.second_factor_locked(user)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_who_needs_a_second_factor(make_user):
    regulator, buyer, enrolled, pending = make_user(roles=["regulator"], jurisdiction="ID"), *(make_user()
                                                                                                for _ in range(3))
    confirmed_device(enrolled)
    two_factor.totp_enrolment_start(user=pending)
    assert [two_factor.second_factor_required(u) for u in (regulator, buyer, enrolled, pending)] == [
        True, False, True, False]


def test_removing_the_authenticator_is_audited_and_needs_set_up_again(make_user):
    user = make_user()
    confirmed_device(user)
    assert two_factor.totp_device_remove(user=user, actor="usr_operator") == 1
    assert two_factor.totp_device_of(user) is None
    event = AuditEvent.objects.get(action="account.totp_remove")
    assert (event.actor, event.subject_id) == ("usr_operator", user.public_id)
    assert two_factor.totp_device_remove(user=user, actor="usr_operator") == 0
    assert AuditEvent.objects.filter(action="account.totp_remove").count() == 1
    assert two_factor.totp_enrolment_start(user=user).confirmed is False


@pytest.mark.django_db(transaction=True)
def test_the_same_code_sent_twice_at_once_passes_only_once(make_user):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")
    user = make_user()
    device = confirmed_device(user)
    code = code_for(device)
    outcomes = race(*[lambda: two_factor.totp_check(user=user, code=code) for _ in range(4)])
    passed = [o for o in outcomes if isinstance(o, TOTPDevice)]
    refused = [o for o in outcomes if isinstance(o, LapakError)]
    assert len(passed) == 1, outcomes
    assert len(refused) == 3 and {e.code for e in refused} <= {"otp_invalid", "otp_throttled"}, outcomes
