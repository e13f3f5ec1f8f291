"""A marketplace to buy from, for the order scenarios (`checkout`, `hot-sku`).

Each scenario has its own database in the bench cluster (`lapak_checkout_bench`, `lapak_hotsku_bench`, each
with its `_social` twin), kept between runs: migrated, with the demo's region list (`regions_load`), the
category tree and the couriers (`shipping_load_couriers`). Every run then seeds its own sellers, listings and
buyers, named by a run stamp, so its consistency checks look at its own rows only. The bench process itself
runs Django (in-process ORM) to seed and to check; the load goes through gunicorn over HTTP.

Seeding is set-based where the services would be slow and prove nothing here: sellers are written verified
(as the demo's bulk catalogue writes them, without KYC), buyers with an unusable password, one bearer token
and one default address each. Listings and stock go through the catalogue and inventory services.
"""

from __future__ import annotations

import os
import random
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from bench._catalog import _ensure_databases
from bench._server import REPO, Database, django_env, django_prepare, log, postgres

BUYER_PROVINCES = ("31", "32", "33", "35", "36")  # Java: every courier serves Jawa → Jawa
CATEGORY = "kaos-pria"  # a leaf that asks for no certificate


@dataclass(frozen=True)
class ShopDatabase:
    database: Database
    name: str
    url: str
    env: dict[str, str]


@dataclass(frozen=True)
class Listing:
    variant_id: int
    public_id: str
    price: int


@dataclass(frozen=True)
class Seller:
    org_id: int
    public_id: str
    listings: list[Listing]


@dataclass(frozen=True)
class Buyer:
    user_id: int
    token: str
    address: str  # the default address's public id


def add_shop_arguments(parser) -> None:
    parser.add_argument("--fresh", action="store_true", help="drop the scenario's database and set it up again")
    parser.add_argument("--pg-purpose", default="bench",
                        help="scripts/pg.sh cluster to use (bench; LAPAK_PG_PORT picks its port)")
    parser.add_argument("--seed", type=int, default=5, help="random seed of the buyers' carts and villages (5)")


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(REPO / "manage.py"), *args], env=env, cwd=REPO, check=True,
                   stdout=sys.stderr)


@contextmanager
def shop_database(name: str, args) -> Iterator[ShopDatabase]:
    """The bench cluster (left running) with database `name` set up, and Django set up in this process on it."""
    with postgres(args.pg_purpose, keep=True) as database:
        created = _ensure_databases(database.url, name, args.fresh)
        url = f"{database.url.rsplit('/', 1)[0]}/{name}"
        env = django_env(url)
        log(f"database {name}: {'new' if created else 'exists'}")
        django_prepare(env)
        for command in ("regions_load", "catalog_load_categories", "shipping_load_couriers"):
            log(command)
            _manage(env, command)
        os.environ.update(env)
        sys.path.insert(0, str(REPO / "src"))
        import django

        django.setup()
        yield ShopDatabase(database=database, name=name, url=url, env=env)


def stamp() -> str:
    return f"{time.time_ns() // 1_000_000:x}"


def sellers_seed(*, run: str, count: int, listings: int, units: int, price_step: int = 5_000) -> list[Seller]:
    """`count` verified sellers picking up in Jakarta and Bandung, each with `listings` public single-variant
    listings of `units` units."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from lapak.accounts.models import Role, RoleGrant, User
    from lapak.market.catalog.models import Category
    from lapak.market.catalog.services import listing_transition, product_create, variant_create
    from lapak.market.inventory.models import Warehouse
    from lapak.market.inventory.services import stock_restock
    from lapak.market.sellers.models import MemberRole, Membership, OrganisationStatus, SellerOrganisation

    villages = _villages(("31", "32"), 2, random.Random(run))
    category = Category.objects.get(slug=CATEGORY)
    sellers = []
    for index in range(count):
        village, postcode = villages[index % len(villages)]
        with transaction.atomic():
            owner = User.objects.create(email=f"penjual.{run}.{index}@bench.lapak.test", full_name=f"Penjual {index}",
                                        password=make_password(None))
            RoleGrant.objects.bulk_create([RoleGrant(user=owner, role=r) for r in (Role.BUYER, Role.SELLER_MEMBER)])
            org = SellerOrganisation.objects.create(
                seller_type="individual", status=OrganisationStatus.VERIFIED, shop_name=f"Toko Bench {index + 1}",
                shop_slug=f"toko-bench-{run}-{index}", pickup_region_id=village, pickup_street="Jl. Bench 1",
                pickup_postcode=postcode, verified_at=owner.date_joined)
            Membership.objects.create(organisation=org, user=owner, role=MemberRole.OWNER, added_by=owner)
            warehouse = Warehouse.objects.create(organisation=org, name="Gudang Utama", region_id=village,
                                                 street="Jl. Bench 1", postcode=postcode)
        made = []
        for number in range(listings):
            price = 50_000 + price_step * ((index * listings + number) % 20)
            product = product_create(seller=org, actor=owner, data={
                "category": category, "title": f"Kaos Katun Bench {index + 1}-{number + 1}", "origin": "domestic",
                "description_id": "Kaos katun untuk uji beban."})
            variant = variant_create(product=product, actor=owner, data={
                "sku": f"BENCH-{run}-{index}-{number}", "price": price, "options": {}, "weight_grams": 250,
                "length_mm": 300, "width_mm": 200, "height_mm": 20})
            stock_restock(variant=variant, warehouse=warehouse, quantity=units, actor="bench")
            product = listing_transition(product=product, actor=owner, to="submitted")
            if product.status != "active":
                raise SystemExit(f"bench: a seeded listing is {product.status}, not active")
            made.append(Listing(variant_id=variant.pk, public_id=variant.public_id, price=price))
        sellers.append(Seller(org_id=org.pk, public_id=org.public_id, listings=made))
    return sellers


def _villages(provinces: tuple[str, ...], count: int, rng: random.Random) -> list[tuple[str, str]]:
    from django.db.models import Q

    from lapak.regions.models import Region

    query = Q()
    for code in provinces:
        query |= Q(code__startswith=f"{code}.")
    rows = list(Region.objects.filter(query, level=4).exclude(postcode="").order_by("code")
                .values_list("code", "postcode"))
    if not rows:
        raise SystemExit("bench: no villages in the region table; did regions_load run?")
    return rng.sample(rows, min(count, len(rows)))


def buyers_seed(*, run: str, count: int, rng: random.Random) -> list[Buyer]:
    """`count` buyers, each with one bearer token and one default address on a village of Java."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from lapak.accounts.models import Address, ApiToken, Role, RoleGrant, User
    from lapak.accounts.services import TOKEN_PREFIX, hash_token
    from lapak.regions.models import Region

    codes = _villages(BUYER_PROVINCES, 200, rng)
    villages = {r.code: r for r in Region.objects.filter(code__in=[c for c, _p in codes])
                .select_related("parent__parent__parent")}
    unusable, expires = make_password(None), timezone.now() + timedelta(days=1)
    buyers: list[Buyer] = []
    for start in range(0, count, 1_000):
        size = min(1_000, count - start)
        tokens = [TOKEN_PREFIX + secrets.token_urlsafe(32) for _ in range(size)]
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(email=f"pembeli.{run}.{start + i}@bench.lapak.test", full_name=f"Pembeli {start + i}",
                     password=unusable, language="id") for i in range(size)])
            RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.BUYER) for u in users])
            ApiToken.objects.bulk_create([
                ApiToken(user=u, name="bench", token_hash=hash_token(t), display_prefix=t[:12], expires_at=expires)
                for u, t in zip(users, tokens, strict=True)])
            addresses = []
            for i, user in enumerate(users):
                code, postcode = codes[(start + i) % len(codes)]
                village = villages[code]
                district = village.parent
                addresses.append(Address(
                    user=user, label="Rumah", recipient_name=user.full_name, phone=f"+62812{start + i:08d}",
                    village=village, district=district, regency=district.parent, province=district.parent.parent,
                    street=f"Jl. Uji Beban No. {i + 1}", postcode=postcode, is_default=True))
            Address.objects.bulk_create(addresses)
        buyers += [Buyer(user_id=u.pk, token=t, address=a.public_id)
                   for u, t, a in zip(users, tokens, addresses, strict=True)]
    return buyers
