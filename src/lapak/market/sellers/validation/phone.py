"""Indonesian mobile numbers: moved to lapak.core.phone (the address book uses them too); re-exported here."""

from lapak.core.phone import PhoneCheck, phone_check, phone_normalise

__all__ = ["PhoneCheck", "phone_check", "phone_normalise"]
