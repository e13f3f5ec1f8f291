"""The generated shops that hold the bulk demo catalogue: verified sellers in every province, one warehouse each.

Seller k of a seed is the same whatever the number of products asked for, so a larger run only adds sellers.
They are written with bulk inserts, not through the KYC services (thousands of full applications would take
an hour): each is a verified organisation with its owner (who cannot log in), the owner's membership and
roles, and a warehouse on a real village of its province. They have no KYC application and so never appear
in the operators' queue; the demo's KYC cases are the sellers seeder's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify
from faker import Faker

from lapak.accounts.models import Role, RoleGrant, User
from lapak.core.ids import encode_public_id
from lapak.demo.seeders.accounts import DEMO_DOMAIN
from lapak.demo.seeders.seller_data import COMPANY_WORDS
from lapak.market.inventory.models import Warehouse
from lapak.market.sellers.models import MemberRole, Membership, OrganisationStatus, SellerOrganisation
from lapak.market.sellers.rules import umkm_class_for
from lapak.regions.models import Region, RegionLevel

PRODUCTS_PER_SELLER = 200
ID_ANCHOR_MS = 1_793_491_200_000  # 2026-11-01 UTC: the time part of generated public ids counts from here
SHOP_PATTERNS = ("Toko {name}", "{name} Store", "Grosir {name}", "{name} Official Shop", "Rumah {name}",
                 "{name} Jaya", "Sentra {name}", "{name} Shop", "Pusat Grosir {name}", "{name} Collection")
# Rough weights of where online shops are: Java first, every province present (the first 38 sellers take one
# province each).
PROVINCE_WEIGHTS = {"31": 14, "32": 20, "33": 12, "34": 4, "35": 16, "36": 7, "51": 3, "12": 4, "16": 2, "18": 2,
                    "73": 3, "64": 2, "13": 2, "14": 2, "61": 1.5, "63": 1.5, "71": 1.2, "52": 1.2}


@dataclass(frozen=True)
class BulkSeller:
    index: int
    email: str
    full_name: str
    shop_name: str
    shop_slug: str
    seller_type: str
    annual_sales: int
    village_code: str
    postcode: str
    province_code: str
    province_name: str
    street: str
    verified_days_ago: int
    user_public_id: str
    org_public_id: str
    warehouse_public_id: str


@dataclass(frozen=True)
class SellerRef:
    """What the product loader needs of a stored seller."""

    org_id: int
    warehouse_id: int
    owner_label: str
    province_code: str
    province_name: str


def sellers_needed(products: int) -> int:
    return 0 if products <= 0 else (products - 1) // PRODUCTS_PER_SELLER + 1


def email_for(seed: int, index: int) -> str:
    return f"katalog.{seed}.{index}@{DEMO_DOMAIN}"


class Provinces:
    """Provinces and their villages (with postcodes) from the loaded region table, villages read on first use."""

    def __init__(self) -> None:
        self.names = dict(Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")
                          .values_list("code", "name"))
        self.codes = list(self.names)
        self.weights = [PROVINCE_WEIGHTS.get(code, 0.6) for code in self.codes]
        self._villages: dict[str, list[tuple[str, str]]] = {}

    def villages(self, province: str) -> list[tuple[str, str]]:
        if province not in self._villages:
            self._villages[province] = list(
                Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{province}.")
                .exclude(postcode="").order_by("code").values_list("code", "postcode"))
        return self._villages[province]


@lru_cache(maxsize=1)
def _faker() -> Faker:
    return Faker("id_ID")


def _public_id(rng: random.Random, prefix: str, days_ago: float) -> str:
    return encode_public_id(prefix, millis=ID_ANCHOR_MS - int(days_ago * 86_400_000), random_bits=rng.getrandbits(80))


def bulk_seller(seed: int, index: int, provinces: Provinces) -> BulkSeller:
    rng = random.Random(f"lapak-demo-catalog:{seed}:seller:{index}")  # noqa: S311 (demo data, not secrets)
    fake = _faker()
    fake.seed_instance(rng.getrandbits(64))
    if index < len(provinces.codes):
        province = provinces.codes[index]
    else:
        province = rng.choices(provinces.codes, provinces.weights)[0]
    village, postcode = rng.choice(provinces.villages(province))
    full_name = f"{fake.first_name()} {fake.last_name()}"
    business = rng.random() < 0.25
    if business:
        shop = f"{fake.last_name()} {rng.choice(COMPANY_WORDS)}"
        sales = rng.randrange(2_500_000_000, 60_000_000_000, 1_000_000)
    else:
        shop = rng.choice(SHOP_PATTERNS).format(name=full_name.split()[0])
        sales = rng.randrange(30_000_000, 2_000_000_000, 1_000_000)
    days = rng.randint(560, 1500)  # verified before any of its listings was published (at most 540 days ago)
    return BulkSeller(
        index=index, email=email_for(seed, index), full_name=full_name, shop_name=shop[:80],
        shop_slug=f"{slugify(shop)[:60]}-{seed}-{index}", seller_type="business" if business else "individual",
        annual_sales=sales, village_code=village, postcode=postcode, province_code=province,
        province_name=provinces.names[province], street=fake.street_address()[:200], verified_days_ago=days,
        user_public_id=_public_id(rng, "usr", days + 30), org_public_id=_public_id(rng, "org", days + 20),
        warehouse_public_id=_public_id(rng, "wh", days),
    )


def bulk_sellers_ensure(*, seed: int, count: int, now: datetime, provinces: Provinces) -> tuple[list[SellerRef], int]:
    """Sellers 0..count-1 of `seed`, creating the missing ones; returns their refs (by index) and how many were new.

    Idempotent: a seller is found by its owner's e-mail; each chunk of new sellers is one transaction.
    """
    emails = [email_for(seed, k) for k in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True)) if count else set()
    missing = [k for k, email in enumerate(emails) if email not in existing]
    unusable = make_password(None)
    for start in range(0, len(missing), 1_000):
        specs = [bulk_seller(seed, k, provinces) for k in missing[start:start + 1_000]]
        with transaction.atomic():
            _create(specs, now, unusable)
    return _refs(seed, count, provinces), len(missing)


def _create(specs: list[BulkSeller], now: datetime, unusable: str) -> None:
    users = User.objects.bulk_create([
        User(email=s.email, full_name=s.full_name, public_id=s.user_public_id, password=unusable, language="id",
             date_joined=now - timedelta(days=s.verified_days_ago + 30)) for s in specs])
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=role) for u in users
                                   for role in (Role.BUYER, Role.SELLER_MEMBER)])
    orgs = SellerOrganisation.objects.bulk_create([
        SellerOrganisation(
            public_id=s.org_public_id, seller_type=s.seller_type, status=OrganisationStatus.VERIFIED,
            umkm_class=umkm_class_for(s.annual_sales), declared_annual_sales=s.annual_sales, shop_name=s.shop_name,
            shop_slug=s.shop_slug, description=f"{s.shop_name}: belanja mudah dari {s.province_name}. "
                                               "(Data contoh untuk demo.)",
            pickup_region_id=s.village_code, pickup_street=s.street, pickup_postcode=s.postcode,
            verified_at=now - timedelta(days=s.verified_days_ago),
            created_at=now - timedelta(days=s.verified_days_ago + 20)) for s in specs])
    Membership.objects.bulk_create([Membership(organisation=o, user=u, role=MemberRole.OWNER, added_by=u,
                                               added_at=o.created_at) for o, u in zip(orgs, users, strict=True)])
    Warehouse.objects.bulk_create([
        Warehouse(public_id=s.warehouse_public_id, organisation=o, name="Gudang Utama", region_id=s.village_code,
                  street=s.street, postcode=s.postcode, created_at=o.created_at)
        for o, s in zip(orgs, specs, strict=True)])


def _refs(seed: int, count: int, provinces: Provinces) -> list[SellerRef]:
    rows = (Membership.objects.filter(role=MemberRole.OWNER, user__email__startswith=f"katalog.{seed}.",
                                      user__email__endswith=f"@{DEMO_DOMAIN}")
            .values_list("user__email", "organisation_id", "user__public_id", "organisation__pickup_region_id"))
    by_email = {email: (org, label, region) for email, org, label, region in rows}
    warehouses = dict(Warehouse.objects.filter(organisation_id__in=[v[0] for v in by_email.values()])
                      .order_by("-pk").values_list("organisation_id", "pk"))  # the first warehouse wins
    refs = []
    for k in range(count):
        org, label, region = by_email[email_for(seed, k)]
        province = region[:2]
        refs.append(SellerRef(org, warehouses[org], label, province, provinces.names.get(province, "")))
    return refs
