"""What every order e-mail shares: who is told (the buyer; a shop's owners and managers), in which language,
how amounts, times and links are written, and the letter's frame (greeting, body, link, signature)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lapak.core.money import Money
from lapak.market.orders.models import Audience, OrderEvent, ReturnRequest
from lapak.market.sellers.permissions import EDITORS


@dataclass
class Letter:
    """One e-mail's words, before its frame: a subject and the lines of the body."""

    subject: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Facts:
    """What a letter may say about the event, read once for every recipient."""

    event: OrderEvent
    return_request: ReturnRequest | None = None


def language_of(user: object) -> str:
    language = getattr(user, "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def rupiah(amount: int) -> str:
    """In the active language (call inside translation.override)."""
    return Money(int(amount), "IDR").format(translation.get_language() or settings.LANGUAGE_CODE)


def when(moment: datetime | None) -> str:
    """A deadline as the recipient reads it: the site's time zone (WIB), the active language's format."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def absolute(path: str) -> str:
    """A link that works from a mail client when settings.SITE_URL is set; the bare path otherwise."""
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def page_of(facts: Facts, audience: str) -> str:
    event = facts.event
    if audience == Audience.SELLER and event.seller_order is not None:
        so = event.seller_order
        return absolute(reverse("orders_seller:detail", kwargs={"org": so.seller.public_id, "so": so.public_id}))
    return absolute(reverse("orders:detail", kwargs={"public_id": event.order.public_id}))


def buyer_of(facts: Facts) -> list[object]:
    user = facts.event.order.buyer
    return [user] if user.is_active and user.email else []


def shop_team_of(facts: Facts) -> list[object]:
    """The shop's owners and managers: the people who accept, ship and answer returns."""
    so = facts.event.seller_order
    if so is None:
        return []
    members = so.seller.memberships.filter(role__in=EDITORS, user__is_active=True).select_related("user")
    return [m.user for m in members.order_by("pk") if m.user.email]


def email_of(*, letter: Letter, user: object, link: str, language: str) -> EmailMessage:
    """The letter in its frame, addressed to `user` (call inside translation.override(language))."""
    body = [_("Hello %(name)s,") % {"name": user.full_name or user.email}, "", *letter.lines, "",
            _("See the details: %(link)s") % {"link": link}, "", _("The Lapak team")]
    return EmailMessage(subject=letter.subject, body="\n".join(body), from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[user.email], headers={"Content-Language": language})
