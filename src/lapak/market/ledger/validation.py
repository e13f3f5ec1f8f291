"""The shape checks of a journal entry, made before the database is touched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed

if TYPE_CHECKING:
    from lapak.market.ledger.services import PostingLine

# Far above any real amount, far below the 64-bit column's limit even when added up across many postings.
MAX_AMOUNT = 10**15


def validate_entry(*, key: str, cause_type: str, cause_id: str, memo: str, postings: Sequence[PostingLine]) -> str:
    """Raises `ValidationFailed` naming every fault; returns the entry's currency."""
    fields: dict[str, list] = {}
    for name, value, limit in (("key", key, 200), ("cause_type", cause_type, 50), ("cause_id", cause_id, 64)):
        if not isinstance(value, str) or not value:
            fields[name] = [_("This field is required.")]
        elif len(value) > limit:
            fields[name] = [_("At most %(limit)d characters.") % {"limit": limit}]
    if not isinstance(memo, str) or len(memo) > 255:
        fields["memo"] = [_("At most %(limit)d characters.") % {"limit": 255}]
    problems = _posting_problems(postings)
    if problems:
        fields["postings"] = problems
    if fields:
        raise ValidationFailed(_("The ledger entry is not valid."), fields=fields)
    return postings[0].account.currency


def _posting_problems(postings: Sequence[PostingLine]) -> list:
    if len(postings) < 2:
        return [_("An entry needs at least two postings.")]
    problems = []
    for line in postings:
        amount = line.amount
        if isinstance(amount, bool) or not isinstance(amount, int):
            problems.append(_("Amounts are whole rupiah (integers)."))
        elif amount == 0 or abs(amount) > MAX_AMOUNT:
            problems.append(_("Each posting moves between 1 and %(max)d rupiah.") % {"max": MAX_AMOUNT})
        if getattr(line.account, "pk", None) is None:
            problems.append(_("Postings go to saved ledger accounts."))
    if problems:
        return problems
    if len({line.account.currency for line in postings}) != 1:
        return [_("All postings of an entry are in one currency.")]
    total = sum(line.amount for line in postings)
    if total != 0:
        return [_("Debits and credits differ by %(diff)d; an entry must balance to zero.") % {"diff": total}]
    return []
