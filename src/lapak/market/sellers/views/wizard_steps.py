"""The application wizard's steps per seller type, and the progress shown above every step.

Consent comes second, before any identity data is asked for: identity data may only be processed for a
purpose the applicant has agreed to (ID-PDP-1), so the services judge nothing else while it is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.models import EDITABLE_STATUSES, SellerApplication


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise


SHOP = Step("shop", _("Shop"))
CONSENT = Step("consent", _("Consent"))
IDENTITY = Step("identity", _("Identity"))
DOCUMENTS = Step("documents", _("Documents"))
PICKUP = Step("pickup", _("Pickup address"))
BANK = Step("bank", _("Bank account"))
REVIEW = Step("review", _("Review and submit"))
ALL_STEPS = {s.slug: s for s in (SHOP, CONSENT, IDENTITY, DOCUMENTS, PICKUP, BANK, REVIEW)}


def steps_for(seller_type: str) -> list[Step]:
    """Foreign merchants ship from abroad (their shipping origin is part of their details): no pickup step."""
    if seller_type == "foreign":
        return [SHOP, CONSENT, IDENTITY, DOCUMENTS, BANK, REVIEW]
    return [SHOP, CONSENT, IDENTITY, DOCUMENTS, PICKUP, BANK, REVIEW]


# What each missing item (application_missing_items' keys) is called, and the step that supplies it.
ITEMS: dict[str, tuple[str | Promise, str]] = {
    "consent": (_("Consent to the processing of your identity data"), "consent"),
    "full_name": (_("Full name"), "identity"),
    "id_document_kind": (_("Identity document (KTP or passport)"), "identity"),
    "nik": (_("NIK"), "identity"),
    "passport_number": (_("Passport number"), "identity"),
    "birth_date": (_("Date of birth"), "identity"),
    "sex": (_("Sex"), "identity"),
    "phone": (_("Mobile phone number"), "identity"),
    "address_line": (_("Street address"), "identity"),
    "company_name": (_("Company name"), "identity"),
    "nib": (_("NIB"), "identity"),
    "npwp": (_("NPWP"), "identity"),
    "responsible_person_name": (_("Responsible person's name"), "identity"),
    "responsible_nik": (_("Responsible person's NIK"), "identity"),
    "origin_address": (_("Address in the origin country"), "identity"),
    "origin_country": (_("Origin country"), "identity"),
    "bahasa_descriptions": (_("Declaration: product descriptions in Bahasa Indonesia"), "identity"),
    "shipping_origin": (_("Shipping origin"), "identity"),
    "ktp_photo": (_("KTP photo"), "documents"),
    "passport_photo": (_("Passport photo page"), "documents"),
    "selfie": (_("Selfie"), "documents"),
    "deed": (_("Deed or registration document"), "documents"),
    "business_licence": (_("Legalised business licence"), "documents"),
    "standards_proof": (_("Proof of standards compliance"), "documents"),
    "surveyor_report": (_("Independent surveyor's report"), "documents"),
    "bank_account": (_("Payout bank account"), "bank"),
    "mlm_not_allowed": (_("Seller type"), "shop"),
}


@dataclass
class MissingItem:
    key: str
    label: str | Promise
    messages: list[str]
    url: str


@dataclass
class StepState:
    step: Step
    url: str
    state: str  # "done", "todo" or "optional"
    current: bool
    missing: list[MissingItem] = field(default_factory=list)


def step_url(application: SellerApplication, slug: str) -> str:
    return reverse("sellers:wizard", args=[application.public_id, slug])


def missing_list(application: SellerApplication, missing: dict[str, list]) -> list[MissingItem]:
    items = []
    for key, messages in missing.items():
        label, slug = ITEMS.get(key, (key, "review"))
        items.append(MissingItem(key=key, label=label, messages=[str(m) for m in messages],
                                 url=step_url(application, slug)))
    return items


def progress(application: SellerApplication, missing: dict[str, list], current: str) -> list[StepState]:
    """Each step with what is still missing from it. Without consent nothing else is judged yet (ID-PDP-1)."""
    items = missing_list(application, missing)
    consent_given = "consent" not in missing
    states = []
    for step in steps_for(application.organisation.seller_type):
        own = [i for i in items if ITEMS.get(i.key, ("", "review"))[1] == step.slug]
        if step is REVIEW:
            state = "todo" if application.status in EDITABLE_STATUSES else "done"
        elif step is PICKUP:
            state = "done" if application.organisation.pickup_region_id else "optional"
        elif step in (SHOP, CONSENT) or consent_given:
            state = "todo" if own else "done"
        else:
            state = "todo"
        states.append(StepState(step=step, url=step_url(application, step.slug), state=state,
                                current=step.slug == current, missing=own))
    return states


def next_step(application: SellerApplication, slug: str) -> str:
    slugs = [s.slug for s in steps_for(application.organisation.seller_type)]
    index = slugs.index(slug) if slug in slugs else -1
    return slugs[min(index + 1, len(slugs) - 1)]


def document_kinds(application: SellerApplication) -> list[str]:
    """The documents this application needs, by seller type (and, for a person, by identity document)."""
    kind = application.organisation.seller_type
    if kind == "individual":
        photo = "passport_photo" if application.id_document_kind == "passport" else "ktp_photo"
        return [photo, "selfie"]
    if kind == "foreign":
        return ["business_licence", "standards_proof", "surveyor_report"]
    return ["deed"]
