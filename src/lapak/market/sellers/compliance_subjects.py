"""Verified sellers as subjects of re-evaluation (registered with lapak.compliance.subjects at SellersConfig.ready).

`batches` builds the `seller.verify` facts of a batch of verified shops from their latest verified application
in four queries (the same facts `verification_facts` gives, asked as "verified → verified"). `apply` records
a fresh `seller.verify` decision under the application's and the shop's row locks and, when it is not allow,
tells the owners and managers by e-mail. It does not change the shop's state nor pause its listings: taking
a shop's verification away is an operator's decision, made on the case with the decision in front of them;
its listings are re-evaluated by the listing sweep of the same rule change.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _

from lapak.compliance.explain import reason_text
from lapak.compliance.models import Decision
from lapak.compliance.reevaluation import reevaluation_decide
from lapak.compliance.subjects import SubjectRow
from lapak.core.audit.services import audit_append
from lapak.core.outbox.registry import outbox_subscribe
from lapak.core.outbox.services import outbox_emit
from lapak.market.sellers.compliance_facts import foreign_items_present, trader_details, verification_facts
from lapak.market.sellers.identity import identity_present
from lapak.market.sellers.lock_objects import application_for_update, organisation_for_update
from lapak.market.sellers.models import (
    ApplicationDocument,
    ApplicationStatus,
    BankAccount,
    OrganisationStatus,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.notifications import editor_letters

EVENT = "seller.verify"
REFUSED_TOPIC = "sellers.compliance_refused"


def _latest_verified(organisation_ids: list[int]) -> dict[int, SellerApplication]:
    latest: dict[int, SellerApplication] = {}
    rows = (SellerApplication.objects.filter(organisation_id__in=organisation_ids, status=ApplicationStatus.VERIFIED)
            .select_related("applicant", "organisation").order_by("organisation_id", "-decided_at", "-pk"))
    for application in rows:
        latest.setdefault(application.organisation_id, application)
    return latest


def _facts(application: SellerApplication, documents: set[str], account: BankAccount | None) -> dict:
    """As `verification_facts(application, source="verified", to="verified")`, from prefetched rows."""
    organisation = application.organisation
    return {
        "from": ApplicationStatus.VERIFIED, "to": ApplicationStatus.VERIFIED, "seller_type": organisation.seller_type,
        "seller": organisation.public_id, "organisation": organisation.public_id,
        "umkm_class": organisation.umkm_class, "jurisdiction": organisation.jurisdiction,
        "review_flags": [f["code"] for f in application.review_flags],
        "id_document_kind": application.id_document_kind, "nib_present": identity_present(application, "nib"),
        "foreign_items": foreign_items_present(application, documents, account),
        "trader": {key: bool(value) for key, value in trader_details(application).items()},
    }


def _refused_now(application_ids: list[str]) -> set[str]:
    """The applications whose latest `seller.verify` decision was not "allow" (a sweep already refused the shop:
    the next one finds nothing changed, and neither records nor mails it again)."""
    latest: dict[str, str] = {}
    for subject_id, outcome in (Decision.objects.filter(event=EVENT, subject_type="seller_application",
                                                        subject_id__in=application_ids)
                                .order_by("subject_id", "-decided_at", "-pk").values_list("subject_id", "outcome")):
        latest.setdefault(subject_id, outcome)
    return {subject_id for subject_id, outcome in latest.items() if outcome != "allow"}


class SellerSource:
    def batches(self, jurisdiction: str, after_pk: int, size: int) -> list[SubjectRow]:
        organisations = list(SellerOrganisation.objects.filter(
            pk__gt=after_pk, jurisdiction=jurisdiction, status=OrganisationStatus.VERIFIED,
        ).order_by("pk").values_list("pk", "public_id")[:size])
        if not organisations:
            return []
        applications = _latest_verified([pk for pk, _ in organisations])
        documents: dict[int, set[str]] = defaultdict(set)
        for application_id, kind in ApplicationDocument.objects.filter(
                application__in=list(applications.values()), erased_at__isnull=True).values_list("application_id",
                                                                                                   "kind"):
            documents[application_id].add(kind)
        accounts = {a.organisation_id: a for a in BankAccount.objects.filter(
            organisation_id__in=[pk for pk, _ in organisations], is_current=True)}
        refused = _refused_now([a.public_id for a in applications.values()])
        rows = []
        for pk, public_id in organisations:
            application = applications.get(pk)
            # A shop verified without an application (fixtures, imports) has nothing to ask about.
            facts = application and _facts(application, documents[application.pk], accounts.get(pk))
            allowed_now = application is None or application.public_id not in refused
            rows.append(SubjectRow(pk=pk, subject_id=public_id, facts=facts, party=public_id, allowed_now=allowed_now))
        return rows

    def apply(self, subject_id: str, evaluation: object, run: object) -> bool:
        """Record a fresh seller.verify decision for a verified shop the sweep found refused now."""
        with transaction.atomic():
            # Lock order of the sellers package: application, then organisation.
            application = (application_for_update().filter(organisation__public_id=subject_id,
                                                           status=ApplicationStatus.VERIFIED)
                           .order_by("-decided_at", "-pk").first())
            if application is None:
                return False
            organisation = organisation_for_update().get(pk=application.organisation_id)
            if organisation.status != OrganisationStatus.VERIFIED:
                return False
            facts = verification_facts(application, source=ApplicationStatus.VERIFIED, to=ApplicationStatus.VERIFIED)
            facts["trigger"] = f"reevaluation:{run.public_id}"
            decision = reevaluation_decide(run=run, subject_type="seller_application",
                                           subject_id=application.public_id, facts=facts,
                                           party=organisation.public_id)
            if decision.allowed:
                return False
            audit_append(actor="system", action="seller.organisation.compliance_refused",
                         subject_type="seller_organisation", subject_id=organisation.public_id,
                         jurisdiction=organisation.jurisdiction, before={"status": organisation.status},
                         after={"status": organisation.status, "cause": run.cause[:200]},
                         decision=decision.as_dict())
            outbox_emit(topic=REFUSED_TOPIC, payload={"organisation": organisation.public_id,
                                                      "decision": decision.decision_id},
                        dedupe_key=f"sellers.compliance_refused:{decision.decision_id}")
        return True


def seller_refused_emails(organisation: SellerOrganisation, decision: Decision) -> list[EmailMessage]:
    """The e-mail telling each owner and manager that the shop no longer meets the rules in force."""

    def compose(user: object, language: str) -> tuple[str, list[str]]:
        lines = [_("The rules for selling in this market changed, and %(shop)s no longer meets them:") % {
            "shop": organisation.shop_name}]
        lines += [f"- {reason_text(r, language)}" for r in decision.reasons]
        lines += ["", _("Our team will review your shop and may contact you.")]
        return _("The selling rules changed for %(shop)s") % {"shop": organisation.shop_name}, lines

    return editor_letters(organisation, compose)


@outbox_subscribe(REFUSED_TOPIC)
def seller_refused_notify(event: object) -> None:
    # At least once: a redelivery after a failed send may repeat the e-mail.
    organisation = SellerOrganisation.objects.filter(public_id=event.payload.get("organisation")).first()
    decision = Decision.objects.filter(public_id=event.payload.get("decision")).first()
    if organisation is None or decision is None:
        return
    for message in seller_refused_emails(organisation, decision):
        message.send()
