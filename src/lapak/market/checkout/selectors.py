"""Cart reads: finding a cart, and the cart as the buyer sees it (grouped by seller, live prices and stock).

Totals use the live price of every line still for sale. A line whose price changed since it was added is
flagged (with the old and new price) and counted at the new price; checkout refuses while any line carries an
unacknowledged change, a product no longer for sale, or more units than are available. Nothing is applied
silently: the stored price moves only through `cart_acknowledge`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lapak.market.catalog.models import ListingStatus
from lapak.market.checkout.labels import variant_label
from lapak.market.checkout.models import Cart, CartLine
from lapak.market.inventory.selectors import variant_availability
from lapak.market.sellers.models import OrganisationStatus


def cart_of_user(*, user: object) -> Cart | None:
    return Cart.objects.filter(user=user).first()


def cart_of_token(*, token: str) -> Cart | None:
    if not token:
        return None
    return Cart.objects.filter(token=token, user__isnull=True).first()


@dataclass(frozen=True)
class CartLineView:
    variant_id: str  # public id
    product_id: str  # public id
    title: str
    variant_label: str
    sku: str
    quantity: int
    stored_price: int  # what the buyer saw when adding (or last accepted)
    live_price: int
    available: int  # units buyers can get now (a hint; checkout reserves for real)
    unavailable: bool  # the listing or variant is no longer for sale
    insufficient_stock: bool
    added_at: object
    attribution_click: object = None  # the affiliates.HandoffClick the line is attributed to, if any

    @property
    def price_changed(self) -> str | None:
        """"up", "down" or None."""
        if self.live_price == self.stored_price:
            return None
        return "up" if self.live_price > self.stored_price else "down"

    @property
    def line_total(self) -> int:
        return 0 if self.unavailable else self.live_price * self.quantity

    @property
    def blocks_checkout(self) -> bool:
        return self.unavailable or self.insufficient_stock or self.price_changed is not None


@dataclass
class SellerGroup:
    seller_id: str  # public id
    shop_name: str
    shop_slug: str
    lines: list[CartLineView] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)


@dataclass(frozen=True)
class CartView:
    cart_id: str
    groups: list[SellerGroup]

    @property
    def lines(self) -> list[CartLineView]:
        return [line for group in self.groups for line in group.lines]

    @property
    def line_count(self) -> int:
        return len(self.lines)

    @property
    def unit_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def total(self) -> int:
        return sum(group.subtotal for group in self.groups)

    @property
    def price_changes(self) -> list[CartLineView]:
        return [line for line in self.lines if line.price_changed and not line.unavailable]

    @property
    def can_checkout(self) -> bool:
        return bool(self.groups) and not any(line.blocks_checkout for line in self.lines)


def _is_public(line: CartLine) -> bool:
    variant = line.variant
    product = variant.product
    return (variant.is_active and product.status == ListingStatus.ACTIVE
            and product.seller.status == OrganisationStatus.VERIFIED and product.category.is_active)


def cart_view(*, cart: Cart | None) -> CartView:
    """The cart grouped by seller (in the order the seller's first line was added), with live price,
    availability and flags per line. Two queries whatever the number of lines: the lines with their variant,
    listing, seller and category, then the availability of every variant at once."""
    if cart is None:
        return CartView(cart_id="", groups=[])
    lines = list(
        CartLine.objects.filter(cart=cart)
        .select_related("variant__product__seller", "variant__product__category", "attribution_click")
        .defer("variant__product__description_id", "variant__product__description_en",
               "variant__product__seller__logo", "variant__product__seller__description")
        .order_by("added_at", "pk")
    )
    available = variant_availability(variant_ids=[line.variant_id for line in lines])
    groups: dict[int, SellerGroup] = {}
    for line in lines:
        variant, product = line.variant, line.variant.product
        seller = product.seller
        group = groups.get(seller.pk)
        if group is None:
            group = groups[seller.pk] = SellerGroup(seller_id=seller.public_id, shop_name=seller.shop_name,
                                                    shop_slug=seller.shop_slug)
        public = _is_public(line)
        units = available.get(variant.pk, 0)
        group.lines.append(CartLineView(
            variant_id=variant.public_id, product_id=product.public_id,
            title=product.title if public else line.title,
            variant_label=variant_label(variant.options) if public else line.variant_label, sku=variant.sku,
            quantity=line.quantity, stored_price=line.unit_price, live_price=variant.price, available=units,
            unavailable=not public, insufficient_stock=public and units < line.quantity, added_at=line.added_at,
            attribution_click=line.attribution_click,
        ))
    return CartView(cart_id=cart.public_id, groups=list(groups.values()))
