"""Checks of identity numbers and contact details given at seller onboarding (COMPLIANCE ID-SEL-1..3).

Every check returns a small result with `errors` (and where useful `warnings`) as `Issue(part, code,
message)`; messages are translatable and never quote the number checked.
"""

from lapak.market.sellers.validation.issues import Issue
from lapak.market.sellers.validation.names import MATCH_THRESHOLD, NameMatch, holder_name_matches, name_words
from lapak.market.sellers.validation.nik import NikCheck, nik_check
from lapak.market.sellers.validation.numbers import NumberCheck, nib_check, npwp_check, passport_check
from lapak.market.sellers.validation.phone import PhoneCheck, phone_check, phone_normalise

__all__ = [
    "MATCH_THRESHOLD",
    "Issue",
    "NameMatch",
    "NikCheck",
    "NumberCheck",
    "PhoneCheck",
    "holder_name_matches",
    "name_words",
    "nib_check",
    "nik_check",
    "npwp_check",
    "passport_check",
    "phone_check",
    "phone_normalise",
]
