"""The creator's statement as CSV (the API and the studio page serve the same bytes)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import timezone

from lapak.accounts.selectors import user_roles
from lapak.core.errors import NotAuthenticated, PermissionDenied
from lapak.market.affiliates.selectors_creator import StatementRow

HEADER = ("date", "kind", "amount_idr", "sources")


def statement_csv(rows: Iterable[StatementRow]) -> str:
    """One line per posting: local date and time (ISO), kind, signed whole rupiah, sources joined by spaces."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow((timezone.localtime(row.at).isoformat(timespec="seconds"), row.kind, row.amount,
                         " ".join(row.sources)))
    return out.getvalue()


def creator_of(user: object) -> str:
    """The signed-in creator's account public id: whose figures they may read (their own, and only those).
    NotAuthenticated for nobody signed in, PermissionDenied for anyone without the creator role."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAuthenticated()
    if "creator" not in user_roles(user):  # type: ignore[arg-type]
        raise PermissionDenied()
    return user.public_id  # type: ignore[attr-defined]
