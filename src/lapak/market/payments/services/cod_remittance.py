"""The courier's settlement arrives later (ADR 0010): a COD remittance lists the airway bills whose cash the
courier (or aggregator) pays over to Lapak, with an amount each and a reference. Each line that names a
collected parcel with the same amount moves the cash from the courier's COD receivable to Lapak's clearing
account for that courier; every other line is kept as a mismatch for an operator and posts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.errors import ValidationFailed
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.payments.models_cod import CodParcel, CodRemittanceLine, CodStatus, RemittanceOutcome
from lapak.market.payments.services.cod_collect import cod_intent_settle
from lapak.market.shipping.cod import RemittanceLine

_PROVIDER = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")
_AWB = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{3,63}$")


@dataclass
class RemittanceResult:
    matched: int = 0
    repeated: int = 0  # lines already recorded by an earlier import of this remittance
    mismatches: list[CodRemittanceLine] = field(default_factory=list)


def cod_clearing_owner(provider: str) -> str:
    """The clearing account that holds a courier's remitted COD cash: Lapak's money, no longer the courier's."""
    return f"cod:{provider}"


def ledger_cod_remitted_post(*, parcel: CodParcel, line: CodRemittanceLine) -> JournalEntry:
    """Clearing "cod:<courier>" (debit) → the courier's COD receivable (credit), the parcel's cash. Once per parcel."""
    clearing = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref=cod_clearing_owner(parcel.provider))
    receivable = ledger_account(kind=AccountKind.COD_RECEIVABLE, owner_ref=parcel.provider)
    return ledger_post(key=f"payments.cod.remitted:{parcel.public_id}", cause_type="cod_remittance_line",
                       cause_id=f"{line.provider}:{line.reference}:{line.tracking_number}"[:100],
                       memo=f"cash on delivery of {parcel.tracking_number} remitted ({line.reference})",
                       postings=[debit(clearing, parcel.amount), credit(receivable, parcel.amount)])


def _checked(provider: str, reference: str, lines: Sequence[RemittanceLine]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not _PROVIDER.match(provider or ""):
        errors["provider"] = [_("Give the courier's code (lower-case letters, digits, dashes).")]
    if not isinstance(reference, str) or not 0 < len(reference.strip()) <= 100:
        errors["reference"] = [_("Give the remittance reference (1 to 100 characters).")]
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if not _AWB.match(line.tracking_number or ""):
            errors.setdefault(f"lines.{index}", []).append(_("A tracking number has 4 to 64 letters, digits or "
                                                             "dashes."))
        if not isinstance(line.amount, int) or isinstance(line.amount, bool) or line.amount < 0:
            errors.setdefault(f"lines.{index}", []).append(_("An amount is whole rupiah, zero or more."))
        if line.tracking_number in seen:
            errors.setdefault(f"lines.{index}", []).append(_("This tracking number appears twice."))
        seen.add(line.tracking_number)
    if not lines:
        errors["lines"] = [_("The remittance has no lines.")]
    return errors


def cod_remittance_record(*, provider: str, reference: str, remitted_on: date, lines: Sequence[RemittanceLine],
                          now: datetime | None = None) -> RemittanceResult:
    """Records a courier's COD remittance, line by line.

    Guarantees: the whole remittance is checked first (ValidationFailed, nothing written); each line is recorded
    once per (courier, reference, airway bill) — importing the same remittance again, or twice at once, records
    and posts nothing more (`repeated`); a line matches only a parcel of this courier that was collected and
    not yet remitted, for exactly its cash: then one ledger entry (once per parcel) and the parcel is remitted,
    its intent closed when it was the last one open; any other line is stored with its outcome (unknown parcel,
    already remitted, amount mismatch with the amount expected) and posts nothing."""
    errors = _checked(provider, reference, lines)
    if errors:
        raise ValidationFailed(fields=errors)
    result = RemittanceResult()
    for line in lines:
        try:
            with transaction.atomic():
                # Stamped when the line is recorded, not when the import began: a long file commits its last
                # lines minutes later, and readers that follow the stamps (the oversight rollups) must not find
                # a payment stamped before what they already read.
                row = _line_record(provider, reference.strip(), remitted_on, line, now or timezone.now())
        except IntegrityError:  # the same line recorded at the same moment by another import
            row = None
        if row is None:
            result.repeated += 1
        elif row.outcome == RemittanceOutcome.MATCHED:
            result.matched += 1
        else:
            result.mismatches.append(row)
    return result


def _line_record(provider: str, reference: str, remitted_on: date, line: RemittanceLine,
                 now: datetime) -> CodRemittanceLine | None:
    key = {"provider": provider, "reference": reference, "tracking_number": line.tracking_number}
    if CodRemittanceLine.objects.filter(**key).exists():
        return None
    parcel = (CodParcel.objects.select_for_update().filter(provider=provider, tracking_number=line.tracking_number)
              .order_by("-pk").first())
    row = CodRemittanceLine(**key, remitted_on=remitted_on, amount=line.amount, recorded_at=now,
                            parcel=parcel, expected_amount=parcel.amount if parcel else None)
    if parcel is None or parcel.status not in (CodStatus.COLLECTED, CodStatus.REMITTED):
        row.outcome = RemittanceOutcome.UNKNOWN
    elif parcel.status == CodStatus.REMITTED:
        row.outcome = RemittanceOutcome.ALREADY
    elif line.amount != parcel.amount:
        row.outcome = RemittanceOutcome.AMOUNT
    else:
        row.outcome = RemittanceOutcome.MATCHED
    row.save()
    if row.outcome == RemittanceOutcome.MATCHED:
        ledger_cod_remitted_post(parcel=parcel, line=row)
        parcel.status, parcel.remitted_at = CodStatus.REMITTED, now
        parcel.save(update_fields=["status", "remitted_at"])
        cod_intent_settle(intent_id=parcel.intent_id, now=now)
    return row
