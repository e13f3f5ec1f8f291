"""A creator's showcase: marketplace products they recommend, read from the public catalogue when added."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.core.ids import is_public_id
from lapak.social.catalogue import CatalogueDown, CatalogueUnavailable, product_facts
from lapak.social.models import Creator, ShowcaseItem

SHOWCASE_LIMIT = 50


def _product_field(message: object) -> ValidationFailed:
    return ValidationFailed(fields={"product_id": [message]})


def showcase_add(*, creator: Creator, product_id: str) -> ShowcaseItem:
    """Add a product at the end of the showcase, with its title, price, picture and shop as the public catalogue
    shows them now. Guarantees: an unknown or not-on-sale product is a field error, an unreachable catalogue is
    CatalogueDown, and in both cases nothing is stored; a product is in a showcase at most once (Conflict)."""
    product_id = (product_id or "").strip()
    if not is_public_id(product_id, "prd"):
        raise _product_field(_("Enter a product id such as prd_…."))
    if ShowcaseItem.objects.filter(creator=creator, product_id=product_id).exists():
        raise Conflict(fields={"product_id": [_("This product is already in your showcase.")]},
                       code="showcase_duplicate")
    try:  # the network call happens before any transaction is open
        facts = product_facts(product_id)
    except CatalogueUnavailable as error:
        raise CatalogueDown() from error
    if facts is None:
        raise _product_field(_("This product is not on sale in the marketplace."))
    try:
        with transaction.atomic(using="social"):
            Creator.objects.select_for_update().filter(pk=creator.pk).first()  # serialises positions
            items = ShowcaseItem.objects.filter(creator=creator)
            if items.count() >= SHOWCASE_LIMIT:
                raise ValidationFailed(_("A showcase holds at most %(n)d products.") % {"n": SHOWCASE_LIMIT},
                                       code="showcase_full")
            position = (items.aggregate(top=Max("position"))["top"] or 0) + 1
            return ShowcaseItem.objects.create(creator=creator, position=position, **facts.snapshot_fields())
    except IntegrityError as error:
        raise Conflict(fields={"product_id": [_("This product is already in your showcase.")]},
                       code="showcase_duplicate") from error


def showcase_remove(*, creator: Creator, product_id: str) -> None:
    """Remove a product from the showcase (NotFound when it is not there)."""
    deleted, _rows = ShowcaseItem.objects.filter(creator=creator, product_id=product_id).delete()
    if not deleted:
        raise NotFound(_("This product is not in your showcase."), code="showcase_item_not_found")


def showcase_reorder(*, creator: Creator, product_ids: list[str]) -> list[ShowcaseItem]:
    """Put the showcase in the order given, which must name each of its products exactly once."""
    with transaction.atomic(using="social"):
        items = {item.product_id: item for item in ShowcaseItem.objects.select_for_update().filter(creator=creator)}
        if sorted(product_ids) != sorted(items) or len(set(product_ids)) != len(product_ids):
            raise ValidationFailed(fields={"product_ids": [_("List every product of your showcase exactly once.")]},
                                   code="showcase_order_invalid")
        for position, product_id in enumerate(product_ids, start=1):
            items[product_id].position = position
        ShowcaseItem.objects.bulk_update(items.values(), ["position"])
    return sorted(items.values(), key=lambda item: item.position)


def showcase_move(*, creator: Creator, product_id: str, offset: int) -> list[ShowcaseItem]:
    """Move one product up (offset -1) or down (+1): the studio's buttons, which work without JavaScript."""
    order = list(ShowcaseItem.objects.filter(creator=creator).order_by("position", "id")
                 .values_list("product_id", flat=True))
    if product_id not in order:
        raise NotFound(_("This product is not in your showcase."), code="showcase_item_not_found")
    index = order.index(product_id)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return showcase_reorder(creator=creator, product_ids=order)
