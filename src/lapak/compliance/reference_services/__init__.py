"""Writing the reference data the rules read (positive lists, KMK rates, certificate requirements, holiday
corrections). Every service checks all rows before writing any, writes in one transaction, audits each change
and asks for re-evaluation when a decision may change."""

from lapak.compliance.reference_services.certificates import (
    CERTIFICATE_KINDS,
    CertificateRow,
    certificate_requirement_end,
    certificate_requirements_add,
)
from lapak.compliance.reference_services.common import MAX_BYTES, MAX_ROWS, RowErrors
from lapak.compliance.reference_services.holidays import (
    HolidayRow,
    holiday_change_remove,
    holiday_changes_add,
    holiday_changes_for,
)
from lapak.compliance.reference_services.hs_list import (
    HsEntryRow,
    hs_code_normalise,
    hs_list_version_activate,
    hs_list_version_create,
)
from lapak.compliance.reference_services.rates import RateRow, exchange_rates_add

__all__ = [
    "CERTIFICATE_KINDS", "MAX_BYTES", "MAX_ROWS", "CertificateRow", "HolidayRow", "HsEntryRow", "RateRow",
    "RowErrors", "certificate_requirement_end", "certificate_requirements_add", "exchange_rates_add",
    "holiday_change_remove", "holiday_changes_add", "holiday_changes_for", "hs_code_normalise",
    "hs_list_version_activate", "hs_list_version_create",
]
