"""Fixtures for the creator tests: the SMS outbox, a creator profile made through the service, a verified one."""

from __future__ import annotations

import re

import pytest

from lapak.social import sms

PHONE = "0812-3456-7890"


@pytest.fixture
def sms_outbox(settings):
    settings.SOCIAL_SMS_BACKEND = "lapak.social.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def last_code(outbox: list) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].body).group(1)


def become_creator(user, outbox: list, *, handle: str = "sari"):
    """A creator profile through the services, with the phone verified (the account then holds the creator role)."""
    from lapak.social.services.creators import creator_create, phone_code_send, phone_code_verify

    creator = creator_create(user=user, handle=handle, display_name=handle.title(), phone=PHONE)
    phone_code_send(creator=creator)
    return phone_code_verify(creator=creator, user=user, code=last_code(outbox))
