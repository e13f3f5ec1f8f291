"""The identity vault: identity numbers and images encrypted at rest, found by keyed hash, masked when shown.

See `crypto` for the blob format, `keys` for configuration, `lookup` for hashes and masks, `rotation` for
key rotation. Personal data under UU 27/2022 (COMPLIANCE ID-PDP-1, ID-PDP-4).
"""

from lapak.market.sellers.vault.crypto import (
    VaultAccess,
    VaultError,
    context_kind,
    decrypt_text,
    encrypt_text,
    key_id_of,
    vault_decrypt,
    vault_encrypt,
)
from lapak.market.sellers.vault.keys import key_ring
from lapak.market.sellers.vault.lookup import KINDS, lookup_hash, mask, normalise
from lapak.market.sellers.vault.rotation import (
    EncryptedField,
    RotationCount,
    register_encrypted_field,
    registered_fields,
    vault_rotate_batch,
    vault_rotate_field,
)

__all__ = [
    "KINDS",
    "EncryptedField",
    "RotationCount",
    "VaultAccess",
    "VaultError",
    "context_kind",
    "decrypt_text",
    "encrypt_text",
    "key_id_of",
    "key_ring",
    "lookup_hash",
    "mask",
    "normalise",
    "register_encrypted_field",
    "registered_fields",
    "vault_decrypt",
    "vault_encrypt",
    "vault_rotate_batch",
    "vault_rotate_field",
]
