"""The sellers and sales figures, registered with the oversight portal (imported by lapak.oversight.figures)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.oversight.figures.base import Figure, register
from lapak.oversight.sales.figure_sales import first_party_compute, sales_compute
from lapak.oversight.sales.figure_sellers import sellers_compute
from lapak.oversight.sales.labels import DIMENSIONS


def _dimensions(*names: str) -> dict:
    return {name: DIMENSIONS[name] for name in names}


register(Figure(
    key="sellers",
    title=_("Sellers"),
    description=_("Seller organisations by verification state, type, province and UMKM class, and the share of "
                  "active sellers that are verified local sellers."),
    compute=sellers_compute,
    dimensions=_dimensions("status", "seller_type", "province", "umkm_class"),
    default_by=("status",),
    rule_ids=("ID-SEL-1", "ID-SEL-4", "ID-SEL-5"),
    order=10,
))

register(Figure(
    key="sales",
    title=_("Sales"),
    description=_("GMV and seller orders by month, province, buyer's province, category, UMKM class and origin, "
                  "and the share of GMV earned by micro and small sellers."),
    compute=sales_compute,
    dimensions=_dimensions("month", "province", "buyer_province", "category", "umkm_class", "origin"),
    default_by=("month",),
    rule_ids=("ID-SEL-4", "ID-REC-2"),
    order=20,
))

register(Figure(
    key="first-party",
    title=_("First-party activity"),
    description=_("Sales, organisations and listings of the platform's own first-party shops: zero in Indonesia."),
    compute=first_party_compute,
    dimensions=_dimensions("month"),
    default_by=("month",),
    rule_ids=("ID-MKT-1",),
    order=30,
))
