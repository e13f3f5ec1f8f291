"""E-mails to creators, in the creator's language (user.language): a shop's invitation, a payout account change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from lapak.market.affiliates.models import AffiliateInvite
from lapak.market.affiliates.models_payouts import CreatorPayoutAccount
from lapak.market.affiliates.selectors_offers import percent_label


def _language(user: object) -> str:
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def invite_email(invite: AffiliateInvite) -> EmailMessage | None:
    """The e-mail telling the creator about a pending invitation; None when there is no one to tell or the
    invitation is no longer pending."""
    user = get_user_model().objects.filter(public_id=invite.creator, is_active=True).first()
    if user is None or not user.email or invite.status != AffiliateInvite.Status.PENDING:
        return None
    language = _language(user)
    with translation.override(language):
        facts = {"shop": invite.seller.shop_name, "product": invite.product.title,
                 "rate": percent_label(invite.rate_bps)}
        subject = _("%(shop)s invites you to earn %(rate)s on %(product)s") % facts
        lines = [_("Hello %(name)s,") % {"name": user.full_name or user.email}, "",
                 _("%(shop)s invites you to promote %(product)s for a commission of %(rate)s of each sale.") % facts]
        if invite.message:
            lines += ["", _("Their message:"), invite.message]
        lines += ["", _("Accept or decline it in your studio: /studio/invites/"), "", _("The Lapak team")]
    return EmailMessage(subject=subject, body="\n".join(lines), from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[user.email], headers={"Content-Language": language})


def payout_account_email(account: CreatorPayoutAccount) -> EmailMessage | None:
    """Tell the creator their payout account changed (it may not have been them); None without an address."""
    user = get_user_model().objects.filter(public_id=account.creator, is_active=True).first()
    if user is None or not user.email:
        return None
    language = _language(user)
    with translation.override(language):
        subject = _("Your Lapak payout account was changed")
        body = "\n".join([
            _("Hello %(name)s,") % {"name": user.full_name or user.email}, "",
            _("Your payout account is now %(bank)s %(number)s. Payouts are held for 24 hours.")
            % {"bank": account.bank_code, "number": account.number_masked},
            _("If you did not make this change, contact us at once."), "", _("The Lapak team")])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
                        headers={"Content-Language": language})
