"""Creating seller organisations and keeping their shop profile."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lapak.accounts.services import role_grant
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed
from lapak.core.ids import new_public_id
from lapak.core.outbox.services import outbox_emit
from lapak.market.sellers.models import (
    MemberRole,
    Membership,
    OrganisationStatus,
    SellerApplication,
    SellerOrganisation,
    SellerType,
    UmkmClass,
)
from lapak.market.sellers.permissions import EDITORS, actor_label, is_regulator, require_member
from lapak.market.sellers.rules import umkm_class_for
from lapak.regions.models import RegionLevel
from lapak.regions.selectors import region_by_code

PROFILE_FIELDS = ("shop_name", "description", "pickup_region_code", "pickup_street", "pickup_postcode",
                  "umkm_class", "declared_annual_sales")

ORGANISATION_CHANGED_TOPIC = "sellers.organisation.changed"


def seller_apply(
    *, actor: object, seller_type: str, shop_name: str, jurisdiction: str = "ID", umkm_class: str = "",
    declared_annual_sales: int | None = None,
) -> SellerApplication:
    """Start selling: a new organisation owned by `actor`, with a draft application to complete.

    Guarantees: in one transaction, the organisation, the actor's owner membership, the seller-member role
    and an empty draft application exist together, or none of them does.
    """
    from lapak.market.sellers.services.applications import application_start

    with transaction.atomic():
        organisation = organisation_create(
            actor=actor, seller_type=seller_type, shop_name=shop_name, jurisdiction=jurisdiction,
            umkm_class=umkm_class, declared_annual_sales=declared_annual_sales,
        )
        return application_start(organisation=organisation, actor=actor)


def organisation_create(
    *, actor: object, seller_type: str, shop_name: str, jurisdiction: str = "ID", umkm_class: str = "",
    declared_annual_sales: int | None = None,
) -> SellerOrganisation:
    """A new, unverified organisation with `actor` as its owner. Guarantees a unique shop slug.

    Regulators cannot own shops: their access is read-only everywhere.
    """
    if is_regulator(actor):
        raise PermissionDenied(_("Regulator accounts are read-only."), code="regulator_read_only")
    errors: dict[str, list] = {}
    if seller_type not in SellerType.values:
        errors["seller_type"] = [_("Choose a seller type.")]
    if not (isinstance(jurisdiction, str) and len(jurisdiction) == 2 and jurisdiction.isascii()
            and jurisdiction.isupper()):
        errors["jurisdiction"] = [_("A jurisdiction is a two-letter country code such as ID.")]
    profile = _profile_values({"shop_name": shop_name, "umkm_class": umkm_class,
                               "declared_annual_sales": declared_annual_sales}, errors)
    if not (shop_name or "").strip():
        errors["shop_name"] = [_("Enter the shop's name.")]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        organisation = SellerOrganisation(seller_type=seller_type, jurisdiction=jurisdiction, **profile)
        _save_with_unique_slug(organisation)
        Membership.objects.create(organisation=organisation, user=actor, role=MemberRole.OWNER, added_by=actor)
        role_grant(user=actor, role="seller_member", actor=actor_label(actor))
        audit_append(
            actor=actor_label(actor), action="seller.organisation.created", subject_type="seller_organisation",
            subject_id=organisation.public_id, jurisdiction=jurisdiction,
            after={"seller_type": seller_type, "status": organisation.status},
        )
    return organisation


def organisation_changed(organisation_id: int) -> None:
    """Tell other modules (the catalogue's search index) that the shop's public face or status changed.

    Call inside the transaction of the change."""
    outbox_emit(topic=ORGANISATION_CHANGED_TOPIC, payload={"organisation": organisation_id})


def organisation_profile_update(*, organisation: SellerOrganisation, actor: object, data: dict) -> SellerOrganisation:
    """Change the shop profile (owner or manager). Keys: PROFILE_FIELDS; the pickup region must be a village.

    Guarantees: the whole change is validated before anything is written; a closed organisation is refused.
    """
    require_member(organisation, actor, EDITORS)
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationFailed(fields={name: [_("This field cannot be changed here.")] for name in unknown})
    errors: dict[str, list] = {}
    values = _profile_values(data, errors)
    if "shop_name" in data and not (data["shop_name"] or "").strip():
        errors["shop_name"] = [_("Enter the shop's name.")]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        locked = SellerOrganisation.objects.select_for_update().get(pk=organisation.pk)
        if locked.status == OrganisationStatus.CLOSED:
            raise Conflict(_("This shop is closed."), code="seller_closed")
        for name, value in values.items():
            setattr(locked, name, value)
        if "pickup_region" in values and "pickup_postcode" not in data and locked.pickup_region is not None:
            locked.pickup_postcode = locked.pickup_region.postcode
        locked.save()
        organisation_changed(locked.pk)
    return locked


def _profile_values(data: dict, errors: dict[str, list]) -> dict:
    values: dict = {}
    if "shop_name" in data:
        values["shop_name"] = (data["shop_name"] or "").strip()[:80]
    if "description" in data:
        values["description"] = (data["description"] or "").strip()[:5000]
    if "pickup_street" in data:
        values["pickup_street"] = (data["pickup_street"] or "").strip()[:200]
    if data.get("umkm_class"):
        if data["umkm_class"] not in UmkmClass.values:
            errors["umkm_class"] = [_("Choose micro, small, medium or large.")]
        values["umkm_class"] = data["umkm_class"]
    if data.get("declared_annual_sales") is not None:
        sales = data["declared_annual_sales"]
        if not isinstance(sales, int) or isinstance(sales, bool) or sales < 0:
            errors["declared_annual_sales"] = [_("Enter the yearly sales in whole rupiah.")]
        else:
            values["declared_annual_sales"] = sales
            values.setdefault("umkm_class", umkm_class_for(sales))
    if "pickup_region_code" in data:
        region = region_by_code(data["pickup_region_code"] or "")
        if region is None or region.level != RegionLevel.VILLAGE:
            errors["pickup_region_code"] = [_("Choose the village (kelurahan/desa) of the pickup address.")]
        values["pickup_region"] = region
    if "pickup_postcode" in data:
        postcode = (data["pickup_postcode"] or "").strip()
        if postcode and not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
            errors["pickup_postcode"] = [_("A postcode has five digits.")]
        values["pickup_postcode"] = postcode
    region = values.get("pickup_region")
    if region is not None and region.postcode and values.get("pickup_postcode") not in ("", None, region.postcode):
        errors["pickup_postcode"] = [_("This postcode is not the village's postcode.")]
    return values


def _save_with_unique_slug(organisation: SellerOrganisation) -> None:
    base = slugify(organisation.shop_name)[:70] or "toko"
    for attempt in range(5):
        organisation.shop_slug = base if attempt == 0 else f"{base}-{new_public_id('s')[-6:].lower()}"
        try:
            with transaction.atomic():
                organisation.save()
            return
        except IntegrityError:
            organisation.pk = None
            continue
    raise Conflict(_("Could not give the shop a unique address; try another name."), code="shop_slug_taken")
