"""Writing and reading the identity numbers of an application through the vault.

Each identity field of `SellerApplication` is three columns (`<prefix>_encrypted`, `_masked`, `_hash`); this
module is the only code that sets them, so the plaintext is normalised, sealed to its row and field (the
vault context), masked and hashed the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from lapak.market.sellers.models import BankAccount, SellerApplication
from lapak.market.sellers.vault import VaultAccess, decrypt_text, encrypt_text, lookup_hash, mask, normalise


@dataclass(frozen=True)
class IdentityField:
    name: str  # the name callers use ("nik", "passport_number", …)
    prefix: str  # the column prefix on SellerApplication
    kind: str  # the vault kind (hash and mask shape); the responsible person's NIK is a "nik" too


IDENTITY_FIELDS: dict[str, IdentityField] = {
    f.name: f
    for f in (
        IdentityField("nik", "nik", "nik"),
        IdentityField("passport_number", "passport", "passport"),
        IdentityField("nib", "nib", "nib"),
        IdentityField("npwp", "npwp", "npwp"),
        IdentityField("responsible_nik", "responsible_nik", "nik"),
    )
}


def application_context(application: SellerApplication, field: str) -> str:
    return f"sellers.application.{IDENTITY_FIELDS[field].prefix}:{application.public_id}"


def bank_account_context(account: BankAccount) -> str:
    return f"sellers.bank_account.number:{account.public_id}"


def document_context(document: object) -> str:
    return f"sellers.document:{document.public_id}"


def identity_set(application: SellerApplication, field: str, value: str) -> None:
    """Seal `value` into the application's columns for `field` (not saved); an empty value clears them."""
    spec = IDENTITY_FIELDS[field]
    canonical = normalise(spec.kind, value or "")
    if not canonical:
        _columns_clear(application, spec.prefix)
        return
    setattr(application, f"{spec.prefix}_encrypted", encrypt_text(canonical, context=application_context(
        application, field)))
    setattr(application, f"{spec.prefix}_masked", mask(spec.kind, canonical))
    setattr(application, f"{spec.prefix}_hash", lookup_hash(spec.kind, canonical))


def identity_erase(application: SellerApplication, field: str, *, keep_mask: bool = True) -> None:
    """Drop the ciphertext and hash of `field` (not saved); the mask stays unless told otherwise."""
    prefix = IDENTITY_FIELDS[field].prefix
    setattr(application, f"{prefix}_encrypted", None)
    setattr(application, f"{prefix}_hash", "")
    if not keep_mask:
        setattr(application, f"{prefix}_masked", "")


def identity_present(application: SellerApplication, field: str) -> bool:
    return bool(getattr(application, f"{IDENTITY_FIELDS[field].prefix}_encrypted"))


def identity_hash(application: SellerApplication, field: str) -> str:
    return getattr(application, f"{IDENTITY_FIELDS[field].prefix}_hash")


def identity_masked(application: SellerApplication, field: str) -> str:
    return getattr(application, f"{IDENTITY_FIELDS[field].prefix}_masked")


def identity_read(application: SellerApplication, field: str, *, actor: str, purpose: str) -> str | None:
    """The plaintext of `field`, or None when it is not held. Every read is audit-logged by the vault."""
    blob = getattr(application, f"{IDENTITY_FIELDS[field].prefix}_encrypted")
    if not blob:
        return None
    access = VaultAccess(
        actor=actor,
        purpose=purpose,
        subject_type="seller_application",
        subject_id=application.public_id,
        jurisdiction=application.organisation.jurisdiction,
    )
    return decrypt_text(blob, context=application_context(application, field), access=access)


def bank_number_read(account: BankAccount, *, actor: str, purpose: str) -> str | None:
    if not account.number_encrypted:
        return None
    access = VaultAccess(
        actor=actor,
        purpose=purpose,
        subject_type="seller_bank_account",
        subject_id=account.public_id,
        jurisdiction=account.organisation.jurisdiction,
    )
    return decrypt_text(account.number_encrypted, context=bank_account_context(account), access=access)


def _columns_clear(application: SellerApplication, prefix: str) -> None:
    setattr(application, f"{prefix}_encrypted", None)
    setattr(application, f"{prefix}_masked", "")
    setattr(application, f"{prefix}_hash", "")
