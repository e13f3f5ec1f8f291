"""The bulk demo catalogue asks the compliance engine too: every generated listing is evaluated under the rules in
force (one reference view per batch, so a batch costs a few queries), and each batch's answer is recorded as one
decision. A generated listing the rules would not allow is a bug in the generator: the load stops."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.utils import timezone

from lapak.compliance.reference import ReferenceView
from lapak.compliance.services import DecisionResult, compliance_evaluate, compliance_record
from lapak.market.catalog.models import Category
from lapak.market.sellers.models import SellerOrganisation

if TYPE_CHECKING:
    from lapak.demo.seeders.catalog_bulk import Drawn
    from lapak.demo.seeders.catalog_bulk_sellers import SellerRef


def bulk_listing_facts(drawn: Drawn, seller: dict, category: dict) -> dict:
    spec = drawn.spec
    prices = [v.price for v in spec.variants]
    return {
        "product": drawn.ids["prd"][0], "category": spec.category,
        "category_required_certificates": list(category["required_certificates"]),
        "halal_food": category["halal_food"],
        "certificates": [{"kind": c.kind, "number": c.number, "expires_on": c.expires_on and c.expires_on.isoformat()}
                         for c in spec.certificates],
        "origin": spec.origin, "origin_country": spec.origin_country, "hs_code": spec.hs_code,
        "fob_value_usd_cents": spec.fob_value_usd_cents, "price_min": min(prices), "price_max": max(prices),
        "description_id_present": bool(spec.description_id.strip()), "seller": seller["public_id"],
        "seller_type": seller["seller_type"], "seller_status": seller["status"],
        "seller_umkm_class": seller["umkm_class"], "jurisdiction": seller["jurisdiction"],
    }


def bulk_batch_decide(batch: list[Drawn], *, refs: list[SellerRef], actor: str, label: str) -> DecisionResult:
    """Evaluate every listing of the batch; record the batch's answer; raise if any listing is not allowed."""
    on = timezone.localdate()
    sellers = {row["pk"]: row for row in SellerOrganisation.objects.filter(
        pk__in={refs[d.seller].org_id for d in batch}).values(
        "pk", "public_id", "seller_type", "status", "umkm_class", "jurisdiction")}
    categories = {row["slug"]: row for row in Category.objects.filter(
        slug__in={d.spec.category for d in batch}).values("slug", "required_certificates", "halal_food")}
    views: dict[str, ReferenceView] = {}
    outcomes: Counter = Counter()
    evaluated = None
    for drawn in batch:
        seller = sellers[refs[drawn.seller].org_id]
        view = views.setdefault(seller["jurisdiction"], ReferenceView(jurisdiction=seller["jurisdiction"], on=on))
        facts = bulk_listing_facts(drawn, seller, categories[drawn.spec.category])
        evaluated = compliance_evaluate(event="listing.publish", jurisdiction=seller["jurisdiction"], facts=facts,
                                        on=on, reference=view)
        outcomes[evaluated.outcome] += 1
        if evaluated.outcome != "allow":
            raise RuntimeError(f"generated listing {drawn.index} is not allowed: {evaluated.reasons}")
    return compliance_record(
        event="listing.publish", jurisdiction="ID", subject_type="demo_bulk_batch", subject_id=label,
        facts={"listings": len(batch), "outcomes": dict(outcomes), "first_index": batch[0].index,
               "last_index": batch[-1].index}, actor=actor, party="", on=on, result=evaluated)
