"""Becoming a creator: the profile, handle rules, the phone check and the creator role it brings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.accounts.selectors import user_roles
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, LapakError, RateLimited, ValidationFailed
from lapak.core.ids import new_public_id
from lapak.social.models import Creator, PhoneCheck
from lapak.social.services.creators import (
    CODE_ATTEMPTS,
    creator_create,
    creator_update,
    phone_code_send,
    phone_code_verify,
)
from lapak.social.tests import support_creators
from lapak.social.tests.support_creators import PHONE, last_code

pytestmark = pytest.mark.django_db(databases=["default", "social"])
sms_outbox = support_creators.sms_outbox


def make(user, **overrides):
    data = {"handle": "sari", "display_name": "Sari", "phone": PHONE, "bio": "Fesyen harian"}
    data.update(overrides)
    return creator_create(user=user, **data)


def test_a_profile_is_stored_normalised_and_audited(make_user):
    user = make_user()
    creator = make(user, handle="@Sari_Style")
    assert creator.handle == "sari_style" and creator.phone == "+6281234567890"
    assert creator.account == user.public_id and creator.phone_verified_at is None
    assert "creator" not in user_roles(user)  # the role waits for the phone check
    assert AuditEvent.objects.filter(action="social.creator_create", subject_id=creator.public_id).exists()


@pytest.mark.parametrize("handle", ["ab", "a" * 31, "-sari", "sari!", "sa ri", "admin", "studio", "lapak", "me"])
def test_bad_or_reserved_handles_are_refused(make_user, handle):
    with pytest.raises(ValidationFailed) as error:
        make(make_user(), handle=handle)
    assert "handle" in error.value.fields
    assert Creator.objects.count() == 0


def test_a_handle_has_one_owner_and_an_account_one_profile(make_user):
    first = make_user()
    make(first)
    with pytest.raises(Conflict) as error:
        make(make_user(), handle="SARI")
    assert "handle" in error.value.fields
    with pytest.raises(Conflict):
        make(first, handle="sari2")
    assert Creator.objects.count() == 1


@pytest.mark.parametrize(("field", "value"), [("phone", "12345"), ("phone", "+44 20 7946 0958"),
                                              ("display_name", "  "), ("bio", "x" * 301)])
def test_bad_fields_store_nothing(make_user, field, value):
    with pytest.raises(ValidationFailed) as error:
        make(make_user(), **{field: value})
    assert field in error.value.fields
    assert Creator.objects.count() == 0 and not AuditEvent.objects.filter(action="social.creator_create").exists()


def test_linking_a_shop_needs_a_shop_membership(make_user):
    org = new_public_id("org")
    with pytest.raises(ValidationFailed) as error:
        make(make_user(), seller_org=org)
    assert "seller_org" in error.value.fields
    with pytest.raises(ValidationFailed):
        make(make_user(roles=["seller_member"]), seller_org="org_nonsense")
    assert make(make_user(roles=["seller_member"]), seller_org=org).seller_org == org


def test_the_phone_check_grants_the_creator_role(make_user, sms_outbox):
    user = make_user()
    creator = make(user)
    check = phone_code_send(creator=creator)
    assert len(sms_outbox) == 1 and sms_outbox[0].to == "+6281234567890"
    code = last_code(sms_outbox)
    assert code not in check.code_hash  # only a hash is kept
    assert timedelta(minutes=9) < check.expires_at - timezone.now() <= timedelta(minutes=10)
    creator = phone_code_verify(creator=creator, user=user, code=code)
    assert creator.phone_verified_at is not None
    assert "creator" in user_roles(user)
    assert AuditEvent.objects.filter(action="social.creator_phone_verify").count() == 1
    with pytest.raises(ValidationFailed):  # a code works once
        phone_code_verify(creator=creator, user=user, code=code)


def test_wrong_codes_count_and_the_sixth_attempt_is_refused(make_user, sms_outbox):
    user = make_user()
    creator = make(user)
    phone_code_send(creator=creator)
    code = last_code(sms_outbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for attempt in range(1, CODE_ATTEMPTS + 1):
        with pytest.raises(ValidationFailed):
            phone_code_verify(creator=creator, user=user, code=wrong)
        assert PhoneCheck.objects.get().attempts == attempt  # committed despite the error
    with pytest.raises(RateLimited):
        phone_code_verify(creator=creator, user=user, code=code)  # even the right code, now
    creator.refresh_from_db()
    assert creator.phone_verified_at is None and "creator" not in user_roles(user)


def test_an_expired_code_is_refused(make_user, sms_outbox):
    user = make_user()
    creator = make(user)
    phone_code_send(creator=creator)
    PhoneCheck.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationFailed) as error:
        phone_code_verify(creator=creator, user=user, code=last_code(sms_outbox))
    assert error.value.code == "code_expired"


def test_resending_is_rate_limited_and_replaces_the_old_code(make_user, sms_outbox):
    user = make_user()
    creator = make(user)
    phone_code_send(creator=creator)
    old = last_code(sms_outbox)
    with pytest.raises(RateLimited):
        phone_code_send(creator=creator)
    assert len(sms_outbox) == 1
    PhoneCheck.objects.update(sent_at=timezone.now() - timedelta(minutes=2))
    phone_code_send(creator=creator)
    new = last_code(sms_outbox)
    if new != old:
        with pytest.raises(ValidationFailed):
            phone_code_verify(creator=creator, user=user, code=old)
    assert phone_code_verify(creator=creator, user=user, code=new).phone_verified_at is not None


def test_at_most_five_sends_an_hour(make_user, sms_outbox):
    creator = make(make_user())
    for _ in range(5):
        phone_code_send(creator=creator)
        PhoneCheck.objects.update(sent_at=timezone.now() - timedelta(minutes=2))
    with pytest.raises(RateLimited):
        phone_code_send(creator=creator)
    assert len(sms_outbox) == 5


def test_someone_else_cannot_verify_or_edit(make_user, sms_outbox):
    owner, other = make_user(), make_user()
    creator = make(owner)
    phone_code_send(creator=creator)
    with pytest.raises(LapakError) as error:
        phone_code_verify(creator=creator, user=other, code=last_code(sms_outbox))
    assert error.value.status == 403
    with pytest.raises(LapakError):
        creator_update(creator=creator, user=other, display_name="X", bio="", phone=PHONE, seller_org="")


def test_a_new_phone_number_must_be_checked_again(make_user, sms_outbox):
    user = make_user()
    creator = make(user)
    phone_code_send(creator=creator)
    creator = phone_code_verify(creator=creator, user=user, code=last_code(sms_outbox))
    creator = creator_update(creator=creator, user=user, display_name="Sari S", bio="", phone="081298765432",
                             seller_org="")
    assert creator.phone == "+6281298765432" and creator.phone_verified_at is None
    assert creator_update(creator=creator, user=user, display_name="Sari", bio="", phone="081298765432",
                          seller_org="").phone_verified_at is None


def test_without_a_gateway_in_production_no_code_is_sent_or_logged(make_user, settings, caplog):
    settings.SOCIAL_SMS_BACKEND = ""
    settings.DEBUG = False
    creator = make(make_user())
    with pytest.raises(LapakError) as error:
        phone_code_send(creator=creator)
    assert error.value.code == "sms_unavailable" and error.value.status == 503
    assert "SMS to" not in caplog.text
    settings.DEBUG = True  # development: the code is written to the log instead
    PhoneCheck.objects.update(sent_at=timezone.now() - timedelta(minutes=2))
    phone_code_send(creator=creator)
    assert f"SMS to {creator.phone}" in caplog.text
