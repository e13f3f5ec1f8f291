"""Listings as subjects of re-evaluation (registered with lapak.compliance.subjects at CatalogConfig.ready).

`batches` builds, for a whole batch of listings, the same facts `listing_facts(product)` gives for one, in four
queries (products with their seller and category, variant prices, certificates, and trader details where the
pack asks for them). `apply` re-decides one listing for real under its row lock (its facts read again under the lock,
as `listing_decide` would, and decided with the rules the run already read) and pauses it when the answer
is no longer allow (ACTIVE → PAUSED by the system, with the reasons shown to the seller), audits it,
and tells the shop's owners and managers by e-mail after the commit.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Case, Max, Min, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.compliance.explain import reason_text
from lapak.compliance.models import Decision
from lapak.compliance.reevaluation import reevaluation_decide
from lapak.compliance.subjects import SubjectRow
from lapak.core.audit.services import audit_append
from lapak.core.outbox.registry import outbox_subscribe
from lapak.core.outbox.services import outbox_emit
from lapak.market.catalog.models import Certificate, Product, Variant
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.services.common import product_for_update, reindex
from lapak.market.catalog.services.listing import listing_facts
from lapak.market.catalog.transitions import SYSTEM, transition_allowed
from lapak.market.sellers.compliance_facts import trader_details
from lapak.market.sellers.models import ApplicationStatus, SellerApplication
from lapak.market.sellers.notifications import editor_letters

EVENT = "listing.publish"
PAUSED_TOPIC = "catalog.listing.paused_by_compliance"
FIELDS = ("pk", "public_id", "origin", "origin_country", "hs_code", "fob_value_usd_cents", "status",
          "category__slug", "category__required_certificates", "category__halal_food", "seller_id",
          "seller__public_id", "seller__seller_type", "seller__status", "seller__umkm_class", "seller__jurisdiction")
# On sale (allowed now), or refused or paused by a decision (refused now). A listing the seller paused, or an
# operator refused by hand, is not the rules' business until the seller asks again.
DECIDED = (Q(status=S.ACTIVE) | (Q(status=S.PAUSED) & ~Q(refusal_reasons=[]))
           | (Q(status=S.REFUSED) & ~Q(refusal_reasons__0__rule_id="OPERATOR")))


# A batch's rows of other tables are read by the batch's primary-key range, not by a list of thousands of ids:
# the range is one index scan, and rows of products outside the batch (drafts, other jurisdictions) are ignored.
def _prices(first: int, last: int) -> dict[int, tuple]:
    rows = (Variant.objects.filter(product__gte=first, product__lte=last, is_active=True).values("product_id")
            .annotate(low=Min("price"), high=Max("price")).values_list("product_id", "low", "high"))
    return {pk: (low, high) for pk, low, high in rows}


def _certificates(first: int, last: int) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    rows = Certificate.objects.filter(product__gte=first, product__lte=last).order_by("pk")
    for pk, kind, number, expires in rows.values_list("product_id", "kind", "number", "expires_on"):
        found[pk].append({"kind": kind, "number": number, "expires_on": expires and expires.isoformat()})
    return found


def _traders(seller_ids: set[int]) -> dict[int, dict]:
    """Each shop's trader details from its latest verified application (as organisation_trader_details)."""
    latest: dict[int, SellerApplication] = {}
    rows = (SellerApplication.objects.filter(organisation_id__in=seller_ids, status=ApplicationStatus.VERIFIED)
            .select_related("applicant").order_by("organisation_id", "-decided_at", "-pk"))
    for application in rows:
        latest.setdefault(application.organisation_id, application)
    return {pk: {k: bool(v) for k, v in trader_details(latest.get(pk)).items()} for pk in seller_ids}


def _facts(row: dict, prices: tuple, certificates: list[dict], trader: dict | None, today: str) -> dict:
    held = {c["kind"] for c in certificates if c["expires_on"] is None or c["expires_on"] >= today}
    required = list(row["category__required_certificates"])
    facts = {
        "product": row["public_id"], "category": row["category__slug"], "category_required_certificates": required,
        "halal_food": row["category__halal_food"], "certificates": certificates,
        "certificates_present": sorted({c["kind"] for c in certificates}),
        "certificates_missing": [k for k in required if k not in held],
        "origin": row["origin"], "origin_country": row["origin_country"], "hs_code": row["hs_code"],
        "fob_value_usd_cents": row["fob_value_usd_cents"], "price_min": prices[0], "price_max": prices[1],
        "description_id_present": row["description_present"], "seller": row["seller__public_id"],
        "seller_type": row["seller__seller_type"], "seller_status": row["seller__status"],
        "seller_umkm_class": row["seller__umkm_class"], "jurisdiction": row["seller__jurisdiction"],
    }
    if trader is not None:
        facts["trader"] = trader
    return facts


class ListingSource:
    def batches(self, jurisdiction: str, after_pk: int, size: int) -> list[SubjectRow]:
        rows = list(Product.objects.filter(DECIDED, pk__gt=after_pk, seller__jurisdiction=jurisdiction)
                    .annotate(description_present=Case(When(description_id__regex=r"\S", then=True), default=False))
                    .order_by("pk").values(*FIELDS, "description_present")[:size])
        if not rows:
            return []
        first, last = rows[0]["pk"], rows[-1]["pk"]
        prices, certificates = _prices(first, last), _certificates(first, last)
        traders = _traders({r["seller_id"] for r in rows}) if jurisdiction != "ID" else {}
        today = timezone.localdate().isoformat()  # once a batch: the time-zone lookup costs more than a row
        return [SubjectRow(pk=r["pk"], subject_id=r["public_id"], party=r["seller__public_id"],
                           facts=_facts(r, prices.get(r["pk"], (None, None)), certificates.get(r["pk"], []),
                                        traders.get(r["seller_id"]), today),
                           allowed_now=r["status"] == S.ACTIVE) for r in rows]

    def apply(self, subject_id: str, evaluation: object, run: object) -> bool:
        """Re-decide an active listing the sweep found refused now; pause it if the recorded answer agrees."""
        with transaction.atomic():
            product = product_for_update().filter(public_id=subject_id).order_by().first()
            if product is None or product.status != S.ACTIVE:
                return False  # changed meanwhile: the seller paused, edited or removed it
            facts = listing_facts(product)  # under the lock: what the listing is now, not what the batch read
            facts["trigger"] = f"reevaluation:{run.public_id}"
            decision = reevaluation_decide(run=run, subject_type="product", subject_id=product.public_id,
                                           facts=facts, party=product.seller.public_id)
            if decision.allowed:
                return False
            assert transition_allowed(S.ACTIVE, S.PAUSED, SYSTEM)
            product.status, product.last_decision_id = S.PAUSED, decision.decision_id
            product.refusal_reasons = list(decision.details)
            product.save(update_fields=["status", "refusal_reasons", "last_decision_id", "updated_at"])
            audit_append(actor="system", action="catalog.listing.paused", subject_type="product",
                         subject_id=product.public_id, jurisdiction=product.seller.jurisdiction,
                         before={"status": S.ACTIVE}, after={"status": S.PAUSED, "cause": run.cause[:200],
                                                             "refusal_reasons": product.refusal_reasons},
                         decision=decision.as_dict())
            reindex(product)
            outbox_emit(topic=PAUSED_TOPIC, payload={"product": product.public_id, "decision": decision.decision_id},
                        dedupe_key=f"catalog.compliance_pause:{decision.decision_id}")
        return True


def listing_paused_emails(product: Product, decision: Decision) -> list[EmailMessage]:
    """The e-mail telling each owner and manager that the rules paused a listing, why, and what to do."""
    path = reverse("catalog_seller:product", kwargs={"org": product.seller.public_id, "prd": product.public_id})
    link = getattr(settings, "SITE_URL", "").rstrip("/") + path

    def compose(user: object, language: str) -> tuple[str, list[str]]:
        lines = [_("The rules for selling in this market changed, and your listing “%(title)s” no longer meets "
                   "them, so we paused it. Buyers cannot see or buy it for now. Why:") % {"title": product.title}]
        lines += [f"- {reason_text(r, language)}" for r in decision.reasons]
        lines += ["", _("Change the listing and resume it; it is checked again when you do."), link]
        return _("Your listing “%(title)s” was paused") % {"title": product.title}, lines

    return editor_letters(product.seller, compose)


@outbox_subscribe(PAUSED_TOPIC)
def listing_paused_notify(event: object) -> None:
    # At least once: a redelivery after a failed send may repeat the e-mail (there is no per-letter claim row).
    product = Product.objects.select_related("seller").filter(public_id=event.payload.get("product")).first()
    decision = Decision.objects.filter(public_id=event.payload.get("decision")).first()
    if product is None or decision is None:
        return
    for message in listing_paused_emails(product, decision):
        message.send()
