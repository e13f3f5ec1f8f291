"""E-mails to sellers, written in the recipient's language (user.language)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from lapak.market.sellers.models import ApplicationTransition, BankAccount, SellerOrganisation
from lapak.market.sellers.permissions import EDITORS

NOTIFIED_STATES = ("submitted", "verified", "rejected", "more_info_needed", "withdrawn")


def _language(user: object) -> str:
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def transition_email(transition: ApplicationTransition) -> EmailMessage | None:
    """The e-mail telling the applicant their application moved; None when there is no one to tell."""
    application = transition.application
    user = application.applicant
    if user is None or not user.email or transition.to_status not in NOTIFIED_STATES:
        return None
    language = _language(user)
    shop = application.organisation.shop_name
    with translation.override(language):
        subjects = {
            "submitted": _("We received your seller application for %(shop)s"),
            "verified": _("%(shop)s is verified: you can start selling"),
            "rejected": _("Your seller application for %(shop)s was not approved"),
            "more_info_needed": _("We need more information for %(shop)s"),
            "withdrawn": _("Your seller application for %(shop)s was withdrawn"),
        }
        intros = {
            "submitted": _("Thank you. We will review your application and write to you again."),
            "verified": _("Your shop has been verified. You can now publish products."),
            "rejected": _("We could not approve your application, for these reasons:"),
            "more_info_needed": _("Please update your application and submit it again. What we need:"),
            "withdrawn": _("Your application was withdrawn and will not be processed further."),
        }
        lines = [_("Hello %(name)s,") % {"name": user.full_name or user.email}, "", intros[transition.to_status]]
        lines += [f"- {r['message_id'] if language == 'id' else r['message_en']}" for r in transition.reasons]
        if transition.note:
            lines += ["", _("Note from our team:"), transition.note]
        lines += ["", _("Application: %(id)s") % {"id": application.public_id}, "", _("The Lapak team")]
        subject = subjects[transition.to_status] % {"shop": shop}
    return EmailMessage(
        subject=subject, body="\n".join(lines), from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        headers={"Content-Language": language},
    )


def bank_change_emails(account: BankAccount) -> list[EmailMessage]:
    """Tell every owner and manager that the payout account changed (it may not have been them)."""
    organisation = account.organisation
    messages = []
    for membership in organisation.memberships.filter(role__in=("owner", "manager")).select_related("user"):
        user = membership.user
        language = _language(user)
        with translation.override(language):
            subject = _("The payout bank account of %(shop)s was changed") % {"shop": organisation.shop_name}
            body = "\n".join([
                _("Hello %(name)s,") % {"name": user.full_name or user.email}, "",
                _("The payout account is now %(bank)s %(number)s. Payouts are held for 24 hours.")
                % {"bank": account.bank_code, "number": account.number_masked},
                _("If you did not make this change, contact us at once."), "", _("The Lapak team"),
            ])
        messages.append(EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=[user.email], headers={"Content-Language": language}))
    return messages


def editor_letters(organisation: SellerOrganisation,
                   compose: Callable[[object, str], tuple[str, list[str]]]) -> list[EmailMessage]:
    """One e-mail to each active owner and manager of the shop who has an address, in their own language:
    `compose(user, language)`, called with that language active, gives the subject and the lines between the
    greeting and the sign-off."""
    messages = []
    members = organisation.memberships.filter(role__in=EDITORS, user__is_active=True).select_related("user")
    for member in members.order_by("pk"):
        user = member.user
        if not user.email:
            continue
        language = _language(user)
        with translation.override(language):
            subject, lines = compose(user, language)
            body = [_("Hello %(name)s,") % {"name": user.full_name or user.email}, "", *lines, "", _("The Lapak team")]
        messages.append(EmailMessage(subject=subject, body="\n".join(body), from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=[user.email], headers={"Content-Language": language}))
    return messages
