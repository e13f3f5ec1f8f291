"""Returns nobody acted on in time: a request the seller did not answer goes to Lapak, a refusal the buyer did
not dispute is closed, an accepted return the buyer did not send back is withdrawn."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from lapak.market.orders import transitions as orders_table
from lapak.market.orders.errors import ReturnStepNotAllowed
from lapak.market.orders.models import ReturnRequest
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns.services import return_step

ON_TIMEOUT = {R.REQUESTED: R.DISPUTED, R.REFUSED: R.REJECTED, R.ACCEPTED: R.WITHDRAWN}
BATCH = 100


def returns_overdue_move(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Move every return past its `due_at` to what its timeout means (ON_TIMEOUT), as the system; returns how
    many moved. Each in its own transaction through return_step, which re-reads the status under the order's
    lock, so a seller answering at the same moment wins or loses cleanly. Safe to run twice at once."""
    moment = now or timezone.now()
    moved, last_pk = 0, 0
    while True:
        due = list(ReturnRequest.objects.filter(status__in=list(ON_TIMEOUT), due_at__lte=moment, pk__gt=last_pk)
                   .select_related("seller_order").order_by("pk")[:batch])
        if not due:
            return moved
        for ret in due:
            try:
                return_step(return_request=ret, to=ON_TIMEOUT[ret.status], actor_kind=orders_table.SYSTEM,
                            data={"timeout": True})
                moved += 1
            except ReturnStepNotAllowed:  # someone acted meanwhile
                continue
        last_pk = due[-1].pk
