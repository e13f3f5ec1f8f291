"""The retention purge (ID-REC-1, ID-PDP-2): once a kept record's retention has ended, erase what was kept.

A deletion request (data_erasure.py) erases at once what it may and keeps the rest as trade records (5 years)
or financial records (10 years), stamping each kept row with `retain_until`. After that date (never on or
before it) this purge erases what was kept:

- applications: identity ciphertexts and lookup hashes, masked numbers (replaced by `ERASED`), names, foreign
  addresses, any contact detail left; the documents' contents; the identity claims pointing at them; the free
  text of operators' notes in their history;
- payout bank accounts: the number (ciphertext, hash, mask) and the holder's name;
- consent records kept as proof of lawful basis: deleted, unless the person applied again after the deletion
  (then they back that newer case and its own retention governs them).

What stays is the skeleton other records point at: ids, statuses, kinds, dates, the bank code, reason codes.

"Already purged" is read from the data, not from a flag: a row is due while its date has passed and it still
holds something listed above. So a second run finds nothing, and the purge cannot skip a row it left unfinished.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lapak.core.audit.services import audit_append
from lapak.market.sellers.identity import IDENTITY_FIELDS
from lapak.market.sellers.lock_objects import (
    application_for_update,
    bank_accounts_for_update,
    consent_records_for_update,
)
from lapak.market.sellers.models import (
    ApplicationDocument,
    ApplicationTransition,
    BankAccount,
    ConsentRecord,
    DataSubjectRequest,
    IdentityClaim,
    RequestKind,
    RequestStatus,
    SellerApplication,
)
from lapak.market.sellers.rules import RETENTION_TRADE

ERASED = "[erased]"  # stands in for a masked number or a name, so screens show that one existed
_CLEARED = ("", ERASED)
PURGE_ACTOR = "system:retention_purge"
PURGE_ACTION = "seller.retention.purged"

_IDENTITY_PREFIXES = tuple(spec.prefix for spec in IDENTITY_FIELDS.values())
_NAME_FIELDS = ("full_name", "company_name", "responsible_person_name", "origin_address", "shipping_origin")
_PERSONAL_FIELDS = ("phone", "address_line", "address_postcode", "sex")  # normally erased already at deletion


@dataclass
class PurgeReport:
    """What one run erased (or, in a dry run, would erase). Counts only: nothing that identifies anyone."""

    dry_run: bool = False
    applications: int = 0
    documents: int = 0
    identity_claims: int = 0
    transition_notes: int = 0
    bank_accounts: int = 0
    consent_records: int = 0
    batches: int = 0  # transactions that erased something, one audit event each

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)

    def add(self, counts: dict[str, int]) -> None:
        for name, value in counts.items():
            setattr(self, name, getattr(self, name) + value)
        if any(counts.values()):  # a batch another run had already done is not counted
            self.batches += 1


def retention_purge(*, now: datetime | None = None, batch_size: int = 500, dry_run: bool = False) -> PurgeReport:
    """Erase the personal data of every kept record whose `retain_until` is before `now`'s local date.

    Guarantees: nothing is touched on or before a row's `retain_until`; each batch of at most `batch_size`
    rows is one transaction that locks its rows in pk order and re-checks them under the lock, and appends
    one `seller.retention.purged` audit event holding counts only; the ids, statuses and dates other rows
    refer to stay. Idempotent: a second run erases nothing and writes no event. Safe to interrupt. With
    `dry_run`, only counts (no lock, no write).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = PurgeReport(dry_run=dry_run)
    for pks in _pages(applications_due(today), batch_size):
        report.add(_applications_purge(pks, now=now, today=today, dry_run=dry_run))
    for pks in _pages(bank_accounts_due(today), batch_size):
        report.add(_bank_accounts_purge(pks, today=today, dry_run=dry_run))
    for requests in _consent_batches(now=now, today=today, batch_size=batch_size):
        report.add(_consents_purge(requests, dry_run=dry_run))
    return report


def applications_due(today: date) -> QuerySet[SellerApplication]:
    """Applications past their retention date that still hold something the purge erases."""
    holds = Q(birth_date__isnull=False) | Q(address_region__isnull=False)
    for prefix in _IDENTITY_PREFIXES:
        holds |= Q(**{f"{prefix}_encrypted__isnull": False}) | ~Q(**{f"{prefix}_hash": ""})
        holds |= ~Q(**{f"{prefix}_masked__in": _CLEARED})
    for name in _NAME_FIELDS:
        holds |= ~Q(**{f"{name}__in": _CLEARED})
    for name in _PERSONAL_FIELDS:
        holds |= ~Q(**{name: ""})
    holds |= Q(Exists(ApplicationDocument.objects.filter(application=OuterRef("pk"), content_encrypted__isnull=False)))
    holds |= Q(Exists(IdentityClaim.objects.filter(application=OuterRef("pk"))))
    holds |= Q(Exists(ApplicationTransition.objects.filter(application=OuterRef("pk")).exclude(note__in=_CLEARED)))
    return SellerApplication.objects.filter(retain_until__lt=today).filter(holds)


def bank_accounts_due(today: date) -> QuerySet[BankAccount]:
    """Payout accounts past their retention date that still hold a number or a holder's name."""
    holds = (Q(number_encrypted__isnull=False) | ~Q(number_hash="") | ~Q(number_masked__in=_CLEARED)
             | ~Q(holder_name__in=_CLEARED))
    return BankAccount.objects.filter(retain_until__lt=today).filter(holds)


def _pages(queryset: QuerySet, size: int) -> Iterator[list[int]]:
    # Keyset pages: each row is visited at most once per run, even one a batch could not finish.
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        pks = list(page.order_by("pk").values_list("pk", flat=True)[:size])
        if not pks:
            return
        last = pks[-1]
        yield pks


def _applications_purge(pks: list[int], *, now: datetime, today: date, dry_run: bool) -> dict[str, int]:
    if dry_run:
        return _applications_erase(pks, now=now, today=today, write=False)
    with transaction.atomic():
        list(application_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
        counts = _applications_erase(pks, now=now, today=today, write=True)
        if counts["applications"]:
            _audit("sellers.sellerapplication", counts)
        return counts


def _applications_erase(pks: list[int], *, now: datetime, today: date, write: bool) -> dict[str, int]:
    # Read again after the lock (a fresh statement): another run may have purged some of them meanwhile.
    rows = list(applications_due(today).filter(pk__in=pks).order_by("pk"))
    ids = [row.pk for row in rows]
    documents = ApplicationDocument.objects.filter(application_id__in=ids, content_encrypted__isnull=False)
    claims = IdentityClaim.objects.filter(application_id__in=ids)
    notes = ApplicationTransition.objects.filter(application_id__in=ids).exclude(note__in=_CLEARED)
    if not write:
        return {"applications": len(rows), "documents": documents.count(), "identity_claims": claims.count(),
                "transition_notes": notes.count()}
    counts = {
        "applications": len(rows),
        "documents": documents.update(content_encrypted=None, erased_at=now),
        "identity_claims": claims.delete()[0],
        "transition_notes": notes.update(note=ERASED),
    }
    for row in rows:
        _application_strip(row)
    SellerApplication.objects.bulk_update(rows, _APPLICATION_STRIPPED, batch_size=100)
    return counts


_APPLICATION_STRIPPED = [
    *(f"{prefix}_{part}" for prefix in _IDENTITY_PREFIXES for part in ("encrypted", "hash", "masked")),
    *_NAME_FIELDS, *_PERSONAL_FIELDS, "birth_date", "address_region",
]


def _application_strip(row: SellerApplication) -> None:
    """Clear, in memory, every field of `_APPLICATION_STRIPPED`."""
    for prefix in _IDENTITY_PREFIXES:
        masked = f"{prefix}_masked"
        setattr(row, f"{prefix}_encrypted", None)
        setattr(row, f"{prefix}_hash", "")
        setattr(row, masked, ERASED if getattr(row, masked) else "")
    for name in _NAME_FIELDS:
        setattr(row, name, ERASED if getattr(row, name) else "")
    for name in _PERSONAL_FIELDS:
        setattr(row, name, "")
    row.birth_date, row.address_region = None, None


def _bank_accounts_purge(pks: list[int], *, today: date, dry_run: bool) -> dict[str, int]:
    if dry_run:
        return {"bank_accounts": bank_accounts_due(today).filter(pk__in=pks).count()}
    with transaction.atomic():
        list(bank_accounts_for_update().filter(pk__in=pks).values_list("pk", flat=True))
        rows = list(bank_accounts_due(today).filter(pk__in=pks).order_by("pk"))
        for row in rows:
            row.number_encrypted, row.number_hash = None, ""
            row.number_masked = ERASED if row.number_masked else ""
            row.holder_name = ERASED if row.holder_name else ""
        BankAccount.objects.bulk_update(rows, ["number_encrypted", "number_hash", "number_masked", "holder_name"],
                                        batch_size=100)
        counts = {"bank_accounts": len(rows)}
        if rows:
            _audit("sellers.bankaccount", counts)
        return counts


def _consent_batches(*, now: datetime, today: date, batch_size: int) -> Iterator[list[DataSubjectRequest]]:
    """Completed deletion requests whose kept consent records are past their date and still exist, grouped so
    that a group holds about `batch_size` records."""
    # Five calendar years are at least 1,825 days, so no request completed later than this can be due yet.
    horizon = now - timedelta(days=365 * RETENTION_TRADE.years - 1)
    requests = DataSubjectRequest.objects.filter(
        kind=RequestKind.DELETION, status=RequestStatus.COMPLETED, completed_at__lt=horizon
    ).only("pk", "subject_id", "completed_at", "result").order_by("pk")
    group: list[DataSubjectRequest] = []
    size = 0
    for request in requests.iterator():
        until = _kept_until(request, "consent_records")
        if until is None or until >= today:
            continue
        held = _consents_kept_by(request).count()
        if not held:
            continue
        group.append(request)
        size += held
        if size >= batch_size:
            yield group
            group, size = [], 0
    if group:
        yield group


def _kept_until(request: DataSubjectRequest, item: str) -> date | None:
    dates = [k.get("until") for k in (request.result or {}).get("kept", []) if k.get("item") == item]
    return max((date.fromisoformat(d) for d in dates if d), default=None)


def _consents_kept_by(request: DataSubjectRequest) -> QuerySet[ConsentRecord]:
    """The consent records a deletion request kept; none if the person has applied again since."""
    came_back = SellerApplication.objects.filter(applicant_id=request.subject_id, created_at__gt=request.completed_at)
    if came_back.exists():
        return ConsentRecord.objects.none()
    return ConsentRecord.objects.filter(user_id=request.subject_id, granted_at__lte=request.completed_at)


def _consents_purge(requests: list[DataSubjectRequest], *, dry_run: bool) -> dict[str, int]:
    scope = Q(pk__in=[])
    for request in requests:
        scope |= Q(user_id=request.subject_id, granted_at__lte=request.completed_at)
    if dry_run:
        return {"consent_records": len(_consents_due(requests, ConsentRecord.objects.filter(scope)))}
    with transaction.atomic():
        locked = consent_records_for_update().filter(scope)
        due = _consents_due(requests, locked)
        counts = {"consent_records": ConsentRecord.objects.filter(pk__in=due).delete()[0]}
        if counts["consent_records"]:
            _audit("sellers.consentrecord", counts)
        return counts


def _consents_due(requests: list[DataSubjectRequest], candidates: QuerySet[ConsentRecord]) -> set[int]:
    # Evaluating `candidates` takes the locks (in pk order); then ask again, under them, whether each person
    # has applied since (their consent would back that newer case).
    pks = list(candidates.order_by("pk").values_list("pk", flat=True))
    due: set[int] = set()
    for request in requests:
        due.update(_consents_kept_by(request).filter(pk__in=pks).values_list("pk", flat=True))
    return due


def _audit(table: str, counts: dict[str, int]) -> None:
    audit_append(actor=PURGE_ACTOR, action=PURGE_ACTION, subject_type="table", subject_id=table, after=counts)
