"""The quarterly statistical report to BPS (ID-REC-2), defined once, as data: every field with its label in both
languages, its unit, where its value comes from and how it is defined. The report builder, the CSV and JSON
downloads, the page and the tests all read this list, so a field added here appears everywhere.

`origin` says who answers a field: "company" (settings.PLATFORM_COMPANY), "workforce" (the number an operator
entered for the quarter), "revenue" (the ledger), "participants" (distinct sellers and buyers counted from the
orders) or "figure" (a registered oversight figure, read through `figure_read` like every other reader's query).
A figure field names the figure, the groupings to try in order (the first the figure supports is used; `()` is
the total) and the measure column to report (by key, else the first column of `kind`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Origin = Literal["company", "workforce", "revenue", "participants", "figure"]
Unit = Literal["text", "persons", "count", "IDR", "share"]


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise


@dataclass(frozen=True)
class ReportField:
    section: str
    key: str
    label: Promise
    unit: Unit
    origin: Origin
    definition: Promise
    figure: str = ""
    by: tuple[tuple[str, ...], ...] = ((),)
    measure: tuple[str, ...] = ()
    kind: str = ""


SECTIONS = (
    Section("company", _("Company")),
    Section("workforce", _("Workforce")),
    Section("revenue", _("Revenue")),
    Section("transactions", _("Transactions")),
    Section("categories", _("Product categories")),
    Section("regions", _("Regions")),
    Section("payment_methods", _("Payment methods")),
    Section("participants", _("Sellers and buyers")),
)

_GMV = _("GMV: the price of the goods in seller orders whose order was paid in the quarter (cash on delivery: "
         "confirmed), before vouchers, as the oversight GMV figure defines it.")
_ORDERS = _("Seller orders (one order split per shop) whose order was paid in the quarter.")

FIELDS: tuple[ReportField, ...] = (
    ReportField("company", "company_name", _("Company name"), "text", "company",
                _("The legal name of the company operating the platform (settings: PLATFORM_COMPANY).")),
    ReportField("company", "company_nib", _("Business identification number (NIB)"), "text", "company",
                _("The company's NIB from OSS (settings: PLATFORM_COMPANY).")),
    ReportField("company", "company_address", _("Registered address"), "text", "company",
                _("The company's registered address (settings: PLATFORM_COMPANY).")),
    ReportField("workforce", "employees", _("Employees"), "persons", "workforce",
                _("The company's headcount in the quarter as an operator entered it on the reports page; the "
                  "platform holds no payroll data.")),
    ReportField("revenue", "commission_charged", _("Commission charged"), "IDR", "revenue",
                _("Commission credited to the platform's revenue account when escrow was released to sellers in "
                  "the quarter.")),
    ReportField("revenue", "commission_returned", _("Commission given back on refunds"), "IDR", "revenue",
                _("Commission debited back when a refund followed an escrow release in the quarter, including "
                  "the parts of such refunds the platform bore.")),
    ReportField("revenue", "voucher_rounding", _("Platform voucher rounding borne"), "IDR", "revenue",
                _("Rupiah by which rounding the platform's vouchers down left sellers' escrow above what buyers "
                  "paid; the platform bears them from its commission.")),
    ReportField("revenue", "revenue_net", _("Net revenue (commission)"), "IDR", "revenue",
                _("The platform's own revenue: commission charged less commission given back and voucher "
                  "rounding. The platform charges no other fees.")),
    ReportField("revenue", "platform_voucher_cost", _("Cost of platform vouchers"), "IDR", "revenue",
                _("What the platform's own vouchers cost it in the quarter (paid to sellers at escrow release, net "
                  "of refunds); a cost, not deducted from the revenue above.")),
    ReportField("transactions", "gmv_total", _("Gross merchandise value"), "IDR", "figure", _GMV,
                figure="sales", measure=("gmv",), kind="money"),
    ReportField("transactions", "orders_total", _("Orders"), "count", "figure", _ORDERS,
                figure="sales", measure=("orders",), kind="count"),
    ReportField("transactions", "gmv_by_month", _("GMV by month"), "IDR", "figure", _GMV,
                figure="sales", by=(("month",),), measure=("gmv",), kind="money"),
    ReportField("transactions", "gmv_by_origin", _("GMV by origin of the goods"), "IDR", "figure",
                _("GMV split by origin: domestic, imported by a local seller, cross-border direct."),
                figure="sales", by=(("origin",),), measure=("gmv",), kind="money"),
    ReportField("transactions", "gmv_by_umkm_class", _("GMV by seller UMKM class"), "IDR", "figure",
                _("GMV split by the seller's declared UMKM class (micro, small, medium, large)."),
                figure="sales", by=(("umkm_class",), ("umkm",)), measure=("gmv",), kind="money"),
    ReportField("categories", "gmv_by_category", _("GMV by product category"), "IDR", "figure", _GMV,
                figure="sales", by=(("category",),), measure=("gmv",), kind="money"),
    ReportField("categories", "orders_by_category", _("Orders by product category"), "count", "figure", _ORDERS,
                figure="sales", by=(("category",),), measure=("orders",), kind="count"),
    ReportField("regions", "gmv_by_buyer_province", _("GMV by the buyer's province"), "IDR", "figure", _GMV,
                figure="sales", by=(("buyer_province",),), measure=("gmv",), kind="money"),
    ReportField("regions", "gmv_by_seller_province", _("GMV by the seller's province"), "IDR", "figure",
                _("GMV by the province the parcels were shipped from."),
                figure="sales", by=(("province",), ("seller_province",)), measure=("gmv",), kind="money"),
    ReportField("regions", "sellers_by_province", _("Sellers with sales by province"), "count", "participants",
                _("Distinct sellers with at least one paid seller order in the quarter, by the province they "
                  "shipped from; fewer than 10 is shown as <10.")),
    ReportField("regions", "buyers_by_province", _("Buyers by province"), "count", "participants",
                _("Distinct buyers of the quarter's paid orders, by the province of the delivery address; fewer "
                  "than 10 is shown as <10.")),
    ReportField("payment_methods", "payments_by_method", _("Payments by method"), "IDR", "figure",
                _("Amounts paid in the quarter by payment method (QRIS, virtual account, e-wallet, card, cash on "
                  "delivery), as the oversight payment-method figure defines them."),
                figure="payment-methods", by=(("method",), ()), measure=("amount", "paid", "gmv"), kind="money"),
    ReportField("payment_methods", "payment_count_by_method", _("Payments by method (count)"), "count", "figure",
                _("Number of payments in the quarter by payment method."),
                figure="payment-methods", by=(("method",), ()), measure=("payments", "count", "orders"),
                kind="count"),
    ReportField("participants", "sellers_with_sales", _("Sellers with sales"), "count", "participants",
                _("Distinct sellers with at least one seller order paid in the quarter; fewer than 10 is shown "
                  "as <10.")),
    ReportField("participants", "buyers", _("Buyers"), "count", "participants",
                _("Distinct buyers with at least one order paid in the quarter; fewer than 10 is shown as <10.")),
    ReportField("participants", "sellers_registered", _("Registered sellers by verification state"), "count",
                "figure", _("Seller organisations by verification state at the end of the quarter, as the oversight "
                            "sellers figure defines them."),
                figure="sellers", by=(("status",), ("verification",), ("state",), ()),
                measure=("sellers", "count"), kind="count"),
)


def section_fields(section: str) -> list[ReportField]:
    return [field for field in FIELDS if field.section == section]
