"""`/api/v1/catalog/seller/{organisation_id}/products…`: a shop's listings, their variants and lifecycle.

Any member of the shop reads its products in every state; owners and managers create, edit and move them
along the lifecycle (staff get 403); outside the shop everything is 404.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from lapak.market.catalog.api_common import READ_ERRORS, WRITE_ERRORS, E, product_of, shop_of, variant_of
from lapak.market.catalog.api_schemas import ProductIn, ProductPatchIn, VariantIn, VariantPatchIn
from lapak.market.catalog.api_schemas_seller import (
    ProductSummaryOut,
    SellerProductOut,
    SellerVariantOut,
    product_summary_out,
    seller_product_out,
    variant_out,
)
from lapak.market.catalog.models import ListingStatus, Product
from lapak.market.catalog.selectors import products_for_seller
from lapak.market.catalog.services import (
    listing_transition,
    product_create,
    product_update,
    variant_create,
    variant_update,
)
from lapak.market.inventory.selectors import variant_availability
from lapak.market.sellers.api_common import PageQuery, page_of, paginate
from lapak.market.sellers.permissions import EDITORS, member_role_of

router = Router(tags=["catalog: seller products"])

PRODUCTS = "/seller/{organisation_id}/products"
PRODUCT = PRODUCTS + "/{product_id}"


def _detail(request: HttpRequest, product: Product) -> dict:
    variants = list(product.variants.all())
    availability = variant_availability(variant_ids=[v.pk for v in variants])
    can_edit = member_role_of(product.seller, request.auth) in EDITORS
    return seller_product_out(product, availability=availability, can_edit=can_edit)


@router.get(PRODUCTS, response={200: page_of(ProductSummaryOut), 422: E, **READ_ERRORS},
            summary="The shop's products, in every state, newest first")
def product_list(request: HttpRequest, organisation_id: str, page: Query[PageQuery],
                 status: ListingStatus | None = None) -> dict:
    shop = shop_of(request, organisation_id)
    rows = products_for_seller(seller=shop, user=request.auth, status=status).prefetch_related("variants", "images")
    return paginate(rows, page, product_summary_out)


@router.post(
    PRODUCTS, response={201: SellerProductOut, **WRITE_ERRORS},
    summary="Create a draft product (owner or manager)",
    description="Checks every field and reports all problems at once, per field; nothing is saved unless all "
                "pass. Shops in Indonesia must describe the product in Bahasa Indonesia. Add variants, pictures "
                "and certificates next, then submit. A shop may write drafts before it is verified.",
)
def product_create_endpoint(request: HttpRequest, organisation_id: str, payload: ProductIn) -> Status[dict]:
    shop = shop_of(request, organisation_id)
    product = product_create(seller=shop, actor=request.auth, data=payload.model_dump(exclude_unset=True))
    return Status(201, _detail(request, product))


@router.get(PRODUCT, response={200: SellerProductOut, **READ_ERRORS},
            summary="One of the shop's products, with refusal reasons and the steps it can take")
def product_detail(request: HttpRequest, organisation_id: str, product_id: str) -> dict:
    return _detail(request, product_of(request, organisation_id, product_id))


@router.patch(
    PRODUCT, response={200: SellerProductOut, **WRITE_ERRORS},
    summary="Change some of a product's fields (owner or manager)",
    description="Send only the fields to change; all-or-nothing, with per-field errors. A submitted or removed "
                "listing cannot change (409 `listing_not_editable`). Changing the category or origin data of an "
                "active listing asks the compliance rules again; a listing they no longer allow becomes refused.",
)
def product_update_endpoint(request: HttpRequest, organisation_id: str, product_id: str,
                            payload: ProductPatchIn) -> dict:
    product = product_of(request, organisation_id, product_id)
    updated = product_update(product=product, actor=request.auth, data=payload.model_dump(exclude_unset=True))
    return _detail(request, updated)


@router.post(
    PRODUCT + "/variants", response={201: SellerVariantOut, **WRITE_ERRORS},
    summary="Add a variant (owner or manager)",
    description="One SKU (unique within the shop), a price in whole rupiah, option values such as size and "
                "colour, and the packed weight and size for shipping. Stock is added per warehouse afterwards.",
)
def variant_create_endpoint(request: HttpRequest, organisation_id: str, product_id: str,
                            payload: VariantIn) -> Status[dict]:
    product = product_of(request, organisation_id, product_id)
    variant = variant_create(product=product, actor=request.auth, data=payload.model_dump(exclude_unset=True))
    return Status(201, variant_out(variant, 0))


@router.patch(
    PRODUCT + "/variants/{variant_id}", response={200: SellerVariantOut, **WRITE_ERRORS},
    summary="Change a variant (owner or manager)",
    description="Send only the fields to change. `is_active: false` stops offering it. A price change on an "
                "active listing asks the compliance rules again.",
)
def variant_update_endpoint(request: HttpRequest, organisation_id: str, product_id: str, variant_id: str,
                            payload: VariantPatchIn) -> dict:
    variant = variant_of(product_of(request, organisation_id, product_id), variant_id)
    updated = variant_update(variant=variant, actor=request.auth, data=payload.model_dump(exclude_unset=True))
    return variant_out(updated, variant_availability(variant_ids=[updated.pk])[updated.pk])


def _transition(request: HttpRequest, organisation_id: str, product_id: str, to: str) -> dict:
    product = product_of(request, organisation_id, product_id)
    return _detail(request, listing_transition(product=product, actor=request.auth, to=to))


TRANSITION_DOCS = {
    "submit": (ListingStatus.SUBMITTED, "Submit a draft for sale",
               "Needs a verified shop (403 `seller_not_verified`), at least one active variant, the category's "
               "certificates and (in Indonesia) a description in Bahasa Indonesia; what is missing is a 422 "
               "naming each item. The compliance rules decide at once: the answer is 200 with the listing "
               "`active`, or `refused` with the reasons, or still `submitted` when an operator must look."),
    "pause": (ListingStatus.PAUSED, "Pause an active listing", "Buyers stop seeing it until it is resumed."),
    "resume": (ListingStatus.ACTIVE, "Resume a paused listing",
               "The compliance rules are asked again (they may have changed); a listing they no longer allow "
               "becomes `refused`."),
    "remove": (ListingStatus.REMOVED, "Remove a listing for good", "A removed listing cannot come back."),
    "reopen": (ListingStatus.DRAFT, "Take a refused listing back to draft",
               "Edit it to meet the reasons given, then submit again."),
}


def _register_transition(action: str, to: str, summary: str, description: str) -> None:
    def endpoint(request: HttpRequest, organisation_id: str, product_id: str) -> dict:
        return _transition(request, organisation_id, product_id, to)

    endpoint.__name__ = f"listing_{action}"
    router.post(PRODUCT + f"/{action}", response={200: SellerProductOut, **WRITE_ERRORS},
                summary=f"{summary} (owner or manager)",
                description=f"{description} A step the listing's state does not allow is 409 "
                            "`listing_transition_not_allowed`.")(endpoint)


for _action, (_to, _summary, _description) in TRANSITION_DOCS.items():
    _register_transition(_action, _to, _summary, _description)
