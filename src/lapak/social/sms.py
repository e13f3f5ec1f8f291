"""Delivery of the phone codes that verify a creator's number.

The backend is named by the setting `SOCIAL_SMS_BACKEND` (a dotted path to a class with `send(message)`):
- `lapak.social.sms.ConsoleBackend` (the default with DEBUG on): writes the text to the log, for development and
  the demo;
- `lapak.social.sms.LocmemBackend`: keeps the messages in `lapak.social.sms.outbox`, for tests;
- `lapak.social.sms.UnconfiguredBackend` (the default with DEBUG off): refuses to send, so a production server
  without a gateway never writes one-time codes into its logs.
A real gateway (an Indonesian SMS or WhatsApp provider) is one more class with the same `send`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class ConsoleBackend:
    """Logs the message (the code is readable in the development server's output)."""

    def send(self, message: SmsMessage) -> None:
        logger.warning("SMS to %s: %s", message.to, message.body)


class SmsUnavailable(Exception):
    """The message could not be handed to a gateway."""


class UnconfiguredBackend:
    def send(self, message: SmsMessage) -> None:
        raise SmsUnavailable("SOCIAL_SMS_BACKEND is not set")


outbox: list[SmsMessage] = []


class LocmemBackend:
    """Appends to the module's `outbox`; tests read and clear it."""

    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def sms_send(*, to: str, body: str) -> None:
    """Send `body` to the E.164 number `to` through the configured backend; raises SmsUnavailable if it cannot."""
    default = "lapak.social.sms.ConsoleBackend" if settings.DEBUG else "lapak.social.sms.UnconfiguredBackend"
    backend: SmsBackend = import_string(getattr(settings, "SOCIAL_SMS_BACKEND", "") or default)()
    backend.send(SmsMessage(to=to, body=body))
