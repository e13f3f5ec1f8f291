"""The sandbox courier's daily COD remittance (demo): what `manage.py cod_remittance_import --sandbox --date D`
and the `payments.cod_sandbox_remittance` job both run. A real courier's remittance arrives as its CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lapak.market.payments.services.cod_remittance import RemittanceResult, cod_remittance_record
from lapak.market.shipping.models import Booking
from lapak.market.shipping.selectors import sandbox_cod_remittance

PROVIDER = Booking.SANDBOX.value


@dataclass(frozen=True)
class SandboxRemittance:
    reference: str
    lines: int  # how many parcels the sandbox courier remitted for the day
    result: RemittanceResult


def cod_sandbox_remittance_import(*, day: date, now: datetime | None = None) -> SandboxRemittance:
    """Records the sandbox courier's remittance for `day`: the cash of every sandbox parcel delivered that day
    (shipping's `sandbox_cod_remittance`), through `cod_remittance_record` under the day's reference. Idempotent:
    importing the same day again records and posts nothing more; a day without deliveries records nothing."""
    reference, lines = sandbox_cod_remittance(day=day)
    if not lines:
        return SandboxRemittance(reference=reference, lines=0, result=RemittanceResult())
    result = cod_remittance_record(provider=PROVIDER, reference=reference, remitted_on=day, lines=lines, now=now)
    return SandboxRemittance(reference=reference, lines=len(lines), result=result)
