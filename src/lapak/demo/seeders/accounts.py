"""Demo accounts: one login per role (documented in the README) and `scale` × 1,000 buyers."""

from __future__ import annotations

import base64
import re
import unicodedata

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.accounts.models import Role, RoleGrant, User
from lapak.accounts.services import role_grant
from lapak.demo.seeders.base import SeedContext, batched

DEMO_DOMAIN = "demo.lapak.id"
# A demo password, printed by `make demo`; these accounts exist only in demo databases.
DEMO_PASSWORD = "lapak-demo-2026"  # noqa: S105
BUYERS_PER_SCALE = 1_000
BATCH = 5_000

# The demo regulator's authenticator secret (base32, for an authenticator app; `manage.py demo_totp` prints the
# current code). Like the password it is public: it exists only in demo databases.
DEMO_TOTP_SECRET = "LAPAKDEMOREGULATORSECRETKEY23456"  # noqa: S105
DEMO_TOTP_EMAIL = f"regulator@{DEMO_DOMAIN}"

DEMO_LOGINS = [
    # (email, full name, roles, jurisdiction, staff)
    (f"pembeli@{DEMO_DOMAIN}", "Siti Pembeli", [Role.BUYER], "", False),
    (f"kreator@{DEMO_DOMAIN}", "Rizky Kreator", [Role.BUYER, Role.CREATOR], "", False),
    (f"operator@{DEMO_DOMAIN}", "Dewi Operator", [Role.OPERATOR], "", True),
    (f"regulator@{DEMO_DOMAIN}", "Bambang Regulator", [Role.REGULATOR], "ID", False),
]


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", ascii_name.lower()).strip(".") or "pembeli"


def seed_demo_logins() -> list[tuple[str, list[str]]]:
    """The fixed demo accounts, created once and left alone afterwards."""
    created = []
    for email, full_name, roles, jurisdiction, staff in DEMO_LOGINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, is_staff=staff)
        for role in roles:
            role_grant(user=user, role=role, jurisdiction=jurisdiction if role == Role.REGULATOR else "")
        created.append((email, [str(r) for r in roles]))
    _seed_demo_authenticator()
    return created


def demo_totp_key_hex() -> str:
    """DEMO_TOTP_SECRET as django-otp stores keys (hex)."""
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def _seed_demo_authenticator() -> None:
    """The demo regulator signs in with two factors, so it gets a confirmed authenticator with the known secret
    (once: a device the user replaced by hand is left alone)."""
    user = User.objects.get(email=DEMO_TOTP_EMAIL)
    if not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name="Demo authenticator", key=demo_totp_key_hex(), confirmed=True)


def seed(ctx: SeedContext) -> dict[str, int]:
    seed_demo_logins()
    total = ctx.scale * BUYERS_PER_SCALE
    # Buyers cannot log in (unusable password): they exist to give the marketplace its crowd.
    unusable = make_password(None)
    wanted = []
    for i in range(total):
        name = ctx.fake.name()
        wanted.append((f"{_slug(name)}.{i}@{DEMO_DOMAIN}", name, ctx.public_id("usr")))
    existing = set(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True))
    missing = [row for row in wanted if row[0] not in existing]
    created = 0
    bar = ctx.progress(total=len(missing), desc="buyers")
    for batch in batched(missing, BATCH):
        with transaction.atomic():
            users = User.objects.bulk_create(
                [User(email=email, full_name=name, public_id=pid, password=unusable) for email, name, pid in batch]
            )
            ids = User.objects.filter(email__in=[u.email for u in users]).values_list("id", flat=True)
            RoleGrant.objects.bulk_create(
                [RoleGrant(user_id=uid, role=Role.BUYER) for uid in ids], ignore_conflicts=True
            )
        created += len(batch)
        bar.update(len(batch))
    bar.close()
    return {"buyers_created": created, "buyers_total": total}
