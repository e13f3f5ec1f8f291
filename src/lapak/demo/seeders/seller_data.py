"""What the demo sellers are: a fixed plan of states and kinds, and generated (never real) identity data.

Everything here is drawn from a random source seeded per seller (`seed`, the seller's key), so seller n is
the same person whatever the scale, and a larger scale only adds sellers. The numbers are made to pass the
platform's checks: NIKs are built on a district of the loaded Kemendagri region table with a real birth date
and a serial, NPWPs carry a valid check digit (python-stdnum's Luhn), NIBs have 13 digits. Nobody holds them.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from faker import Faker
from stdnum import luhn

from lapak.regions.models import Region, RegionLevel

PHONE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0877", "0878", "0896")
BANKS = ("BCA", "BRI", "BNI", "MANDIRI", "BSI", "CIMB")
SHOP_PATTERNS = ("Toko {name}", "Warung {name}", "Dapur {name}", "Kopi {name}", "Batik {name}", "Kerajinan {name}",
                 "{name} Collection", "Sambal {name}", "Kue {name}", "Tenun {name}")
COMPANY_WORDS = ("Jaya", "Makmur", "Sejahtera", "Abadi", "Mandiri", "Sentosa", "Lestari", "Nusantara")


@dataclass(frozen=True)
class Plan:
    """One slot of the plan: seller type, the state to bring the application to, and a twist for the checks."""

    seller_type: str
    state: str
    twist: str = ""  # "birth_mismatch", "holder_mismatch", "bank_change", "partial", "pending_documents"
    age_hours: int = 0  # how long ago it was submitted (the queue's SLA age) or last moved


# Twenty sellers per scale unit, every state and type present (ID-SEL-5: the MLM company is refused at once;
# ID-MKT-1: the first-party seller is flagged for an operator; ID-XB-3: the foreign merchant lacks documents).
PLAN: tuple[Plan, ...] = (
    Plan("individual", "verified", age_hours=24 * 20),
    Plan("individual", "verified", age_hours=24 * 12),
    Plan("individual", "verified", "bank_change", age_hours=24 * 9),
    Plan("individual", "verified", age_hours=24 * 5),
    Plan("individual", "submitted", age_hours=5),
    Plan("individual", "submitted", "birth_mismatch", age_hours=30),
    Plan("individual", "submitted", "holder_mismatch", age_hours=80),
    Plan("individual", "in_review", age_hours=50),
    Plan("individual", "in_review", age_hours=14),
    Plan("individual", "more_info_needed", age_hours=40),
    Plan("individual", "rejected", age_hours=24 * 3),
    Plan("individual", "withdrawn", age_hours=24 * 6),
    Plan("individual", "draft", "partial", age_hours=2),
    Plan("individual", "draft", age_hours=20),
    Plan("business", "verified", age_hours=24 * 15),
    Plan("business", "submitted", age_hours=76),
    Plan("business", "in_review", age_hours=26),
    Plan("foreign", "draft", "pending_documents", age_hours=24 * 2),
    Plan("first_party", "submitted", age_hours=10),
    Plan("mlm", "rejected", age_hours=24),
)


@dataclass
class Person:
    full_name: str
    sex: str  # "M" or "F"
    birth_date: date
    nik: str


@dataclass
class SellerSpec:
    key: str  # "0" .. for the plan, "fixed:verified" / "fixed:draft" for the demo logins
    plan: Plan
    email: str
    owner: Person
    village_code: str
    village_postcode: str
    shop_name: str
    street: str
    phone: str
    bank_code: str
    account_number: str
    holder_name: str
    declared_birth_date: date
    company_name: str = ""
    nib: str = ""
    npwp: str = ""
    responsible: Person | None = None
    extra: dict = field(default_factory=dict)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", ascii_text.lower()).strip(".") or "penjual"


class VillagePicker:
    """Villages of the loaded region table, drawn by province then by position (two small queries each)."""

    def __init__(self) -> None:
        self.provinces = list(Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")
                              .values_list("code", flat=True))
        self._counts: dict[str, int] = {}

    def pick(self, rng: random.Random) -> tuple[str, str]:
        province = rng.choice(self.provinces)
        villages = Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{province}.").order_by("code")
        if province not in self._counts:
            self._counts[province] = villages.count()
        code, postcode = villages.values_list("code", "postcode")[rng.randrange(self._counts[province])]
        return code, postcode


def nik_for(rng: random.Random, village_code: str, sex: str, born: date) -> str:
    """A structurally valid NIK registered in the village's district (women: day + 40)."""
    district = "".join(village_code.split(".")[:3])
    day = born.day + (40 if sex == "F" else 0)
    return f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


def npwp_for(rng: random.Random) -> str:
    """An old-form 15-digit NPWP, dotted, whose ninth digit is the Luhn check digit of the first eight."""
    head = f"{rng.randint(1, 99):02d}{rng.randint(0, 999999):06d}"
    digits = head + luhn.calc_check_digit(head) + f"{rng.randint(1, 999):03d}000"
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}"


def nib_for(rng: random.Random) -> str:
    return "912" + "".join(str(rng.randint(0, 9)) for _ in range(10))


def _person(rng: random.Random, fake: Faker, village_code: str) -> Person:
    sex = rng.choice("MF")
    first = fake.first_name_male() if sex == "M" else fake.first_name_female()
    born = date(1965, 1, 1) + timedelta(days=rng.randrange((date(2004, 12, 31) - date(1965, 1, 1)).days))
    return Person(f"{first} {fake.last_name()}", sex, born, nik_for(rng, village_code, sex, born))


def seller_spec(*, seed: int, key: str, plan: Plan, villages: VillagePicker, email: str | None = None) -> SellerSpec:
    """The seller behind one plan slot: the same for the same (seed, key)."""
    rng = random.Random(f"lapak-demo-sellers:{seed}:{key}")  # noqa: S311 (demo data, not secrets)
    fake = _faker()
    fake.seed_instance(rng.getrandbits(64))
    village_code, postcode = villages.pick(rng)
    owner = _person(rng, fake, village_code)
    shop = rng.choice(SHOP_PATTERNS).format(name=owner.full_name.split()[0])
    company = ""
    if plan.seller_type in ("business", "first_party", "mlm"):
        company = f"PT {fake.last_name()} {rng.choice(COMPANY_WORDS)}"
        shop = company.removeprefix("PT ") + " Official"
    if plan.seller_type == "first_party":
        company, shop = "PT Lapak Ritel Indonesia", "Lapak Mall"
    if plan.seller_type == "foreign":
        company, shop = f"Shenzhen {fake.last_name()} Trading Co. Ltd", f"{fake.last_name()} Global Store"
    holder = (company or owner.full_name).upper()
    if plan.seller_type == "foreign":
        holder = company.upper().replace(".", "")
    if plan.twist == "holder_mismatch":
        holder = f"{fake.first_name()} {fake.last_name()}".upper()
    declared = owner.birth_date + timedelta(days=1) if plan.twist == "birth_mismatch" else owner.birth_date
    spec = SellerSpec(
        key=key, plan=plan, owner=owner, village_code=village_code, village_postcode=postcode or "",
        email=email or f"{_slug(owner.full_name)}.toko{key}@demo.lapak.id", shop_name=shop,
        street=fake.street_address(), phone=rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}",
        bank_code=rng.choice(BANKS), account_number=f"{rng.randint(10**9, 10**10 - 1)}", holder_name=holder,
        declared_birth_date=declared, company_name=company,
    )
    if plan.seller_type in ("business", "first_party", "mlm"):
        # The owner is the company's responsible person (its director): their NIK is the one declared.
        spec.nib, spec.npwp, spec.responsible = nib_for(rng), npwp_for(rng), owner
    sales = {"individual": (30_000_000, 1_800_000_000), "business": (2_500_000_000, 40_000_000_000)}.get(
        plan.seller_type)
    spec.extra["annual_sales"] = rng.randrange(*sales, 1_000_000) if sales else None
    spec.extra["origin_address"] = f"{rng.randint(1, 999)} Nanshan Road, Shenzhen, Guangdong"
    # Up to three hours more than the plan says, so the queue's ages differ but stay on the same side of 24/72 h.
    spec.extra["age_minutes"] = plan.age_hours * 60 + rng.randint(0, 180)
    spec.extra["new_account_number"] = f"{rng.randint(10**9, 10**10 - 1)}"
    spec.extra["new_phone"] = rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
    return spec


def seller_specs(*, seed: int, scale: int, villages: VillagePicker | None = None) -> list[SellerSpec]:
    """Every planned seller for (seed, scale), in order: `scale` × the twenty of PLAN."""
    villages = villages or VillagePicker()
    specs = []
    for index in range(scale * len(PLAN)):
        specs.append(seller_spec(seed=seed, key=str(index), plan=PLAN[index % len(PLAN)], villages=villages))
    return specs


def generated_niks(specs: list[SellerSpec]) -> list[str]:
    """Every NIK the specs give to the platform (an individual's, a company's responsible person's)."""
    return [s.owner.nik for s in specs if s.plan.seller_type != "foreign"]


@lru_cache(maxsize=1)
def _faker() -> Faker:
    # One instance, re-seeded for each seller: building a Faker costs more than drawing from it.
    return Faker("id_ID")
