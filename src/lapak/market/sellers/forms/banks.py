"""The banks a payout account may be at: the major Indonesian banks, as data (code stored, name shown).

Codes are the short names bank transfer networks and people use; the three-digit clearing code (kode bank)
is kept beside each for reference. A foreign merchant may name another bank (OTHER).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code stored on the account, clearing code, name shown)
BANKS: tuple[tuple[str, str, str], ...] = (
    ("BCA", "014", "Bank Central Asia (BCA)"),
    ("BRI", "002", "Bank Rakyat Indonesia (BRI)"),
    ("MANDIRI", "008", "Bank Mandiri"),
    ("BNI", "009", "Bank Negara Indonesia (BNI)"),
    ("BSI", "451", "Bank Syariah Indonesia (BSI)"),
    ("BTN", "200", "Bank Tabungan Negara (BTN)"),
    ("CIMB", "022", "CIMB Niaga"),
    ("PERMATA", "013", "Bank Permata"),
    ("DANAMON", "011", "Bank Danamon"),
    ("MAYBANK", "016", "Maybank Indonesia"),
    ("PANIN", "019", "Panin Bank"),
    ("OCBC", "028", "OCBC Indonesia"),
    ("BJB", "110", "Bank BJB"),
    ("MEGA", "426", "Bank Mega"),
    ("SINARMAS", "153", "Bank Sinarmas"),
    ("BTPN", "213", "Bank SMBC Indonesia (BTPN)"),
    ("KBBANK", "441", "KB Bank"),
    ("JAGO", "542", "Bank Jago"),
    ("SEABANK", "535", "SeaBank Indonesia"),
    ("BLU", "501", "blu by BCA Digital"),
)
OTHER = "OTHER"
BANK_NAMES = {code: name for code, _clearing, name in BANKS}


def bank_choices(*, allow_other: bool) -> list[tuple[str, str]]:
    choices = [("", _("Choose the bank"))] + [(code, name) for code, _clearing, name in BANKS]
    if allow_other:
        choices.append((OTHER, _("Another bank (outside Indonesia)")))
    return choices


def bank_name(code: str) -> str:
    """The bank's name for a stored code; a code not in the list (another bank) is shown as it is."""
    return BANK_NAMES.get(code, code)
