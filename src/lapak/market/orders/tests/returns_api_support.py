"""Ground for the orders API tests of returns and of the authorisation matrix (no tests here): a world with one
person of each kind of caller and builders of Toko Budi's orders and returns in any state, made through the
real services (checkout, payment, the transition table, the returns services, the sandbox courier).

Register the fixture where needed: `from lapak.market.orders.tests.returns_api_support import rworld  # noqa`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

ORDERS = "/api/v1/orders"
# The kinds of caller (columns of test_api_matrix.py): no token; the buyer of every order built; another buyer;
# Toko Budi's owner and a staff member (read-only role); the owner of Toko Sari (another seller); a platform
# operator; a regulator of Indonesia.
CALLERS = ("anonymous", "buyer", "other_buyer", "owner", "staff", "other_seller", "operator", "regulator")


@dataclass
class ReturnsWorld:
    users: dict
    headers: dict
    market: object
    address: object
    serial: int = 0

    @property
    def buyer(self) -> object:
        return self.users["buyer"]

    @property
    def owner(self) -> object:
        return self.users["owner"]

    def path(self, template: str, **values: str) -> str:
        values.setdefault("organisation_id", self.market.budi.public_id)
        for name, value in values.items():
            template = template.replace("{" + name + "}", value)
        assert "{" not in template, template
        return template

    def placed(self, courier: tuple[str, str] = ("sandbox", "REG")) -> object:
        """A new order of the buyer awaiting payment: two shirts and a tea from Toko Budi."""
        from lapak.market.checkout.services import checkout_place
        from lapak.market.orders.tests.support import fill

        self.serial += 1
        fill(self.buyer, (self.market.shirt, 2), (self.market.tea, 1))
        return checkout_place(buyer=self.buyer, address_public_id=self.address.public_id,
                              shipping_choices={self.market.budi.public_id: courier}, voucher_codes=[],
                              idempotency_key=f"world-{self.serial}")

    def seller_order(self, status: str = "delivered", courier: tuple[str, str] = ("sandbox", "REG")) -> object:
        """Toko Budi's part of a new order, taken to `status` (paid, accepted or delivered)."""
        from lapak.market.orders.models import SellerOrder
        from lapak.market.orders.services import order_mark_paid, seller_order_transition

        order = self.placed(courier)
        order_mark_paid(order=order, payment_reference=f"pay-world-{self.serial}")
        steps = {"paid": [], "accepted": [("accepted", "seller")],
                 "delivered": [("accepted", "seller"), ("shipped", "system"), ("delivered", "system")]}[status]
        for to, kind in steps:
            seller_order_transition(seller_order=SellerOrder.objects.get(order=order), to=to, actor_kind=kind,
                                    actor=self.owner if kind == "seller" else None)
        return SellerOrder.objects.select_related("order", "seller").get(order=order)

    def ret(self, status: str = "requested", *, quantity: int = 1) -> object:
        """A return of one shirt of a new delivered order, taken to `status`."""
        from lapak.market.orders.returns.services import return_answer, return_dispute, return_request_open
        from lapak.market.orders.returns.shipping import return_ship_back

        so = self.seller_order()
        ret = return_request_open(seller_order=so, buyer=self.buyer, reason="damaged", description="Sobek.",
                                  quantities={self.market.shirt.public_id: quantity})
        if status in ("refused", "disputed"):
            ret = return_answer(return_request=ret, seller_actor=self.owner, accept=False, reason="Tidak rusak.")
        if status == "disputed":
            ret = return_dispute(return_request=ret, buyer=self.buyer, note="Lihat fotonya.")
        if status in ("accepted", "shipped_back"):
            ret = return_answer(return_request=ret, seller_actor=self.owner, accept=True)
        if status == "shipped_back":
            ret = return_ship_back(return_request=ret, buyer=self.buyer)
        assert ret.status == status
        return ret


@pytest.fixture(name="rworld")
def rworld_fixture(market, buyer, other_buyer, address, people, make_user, bearer, settings, tmp_path):
    """Toko Budi (owner, staff) and Toko Sari selling; the buyer with an address in Bandung; another buyer, an
    operator and a regulator; bearer headers for each. Return photos go to `tmp_path`."""
    from lapak.market.sellers.services import member_add

    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    staff = make_user(email="staf.budi@example.test")
    member_add(organisation=market.budi, actor=market.budi_owner, user=staff, role="staff")
    users = {"buyer": buyer, "other_buyer": other_buyer, "owner": market.budi_owner, "staff": staff,
             "other_seller": market.sari_owner, "operator": people.operator,
             "regulator": make_user(email="regulator@example.test", roles=["regulator"], jurisdiction="ID")}
    headers = {"anonymous": {}, **{name: bearer(user) for name, user in users.items()}}
    return ReturnsWorld(users={"anonymous": None, **users}, headers=headers, market=market, address=address)
