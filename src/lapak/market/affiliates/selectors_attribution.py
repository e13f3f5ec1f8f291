"""Which hand-off click a buyer's cart line is attributed to: the latest unexpired click on the product by this
buyer (signed in) or this browser (the clicks its session recorded). Last click within the window wins: decided
when the line is added, and again at placement (clicks_latest_by_product), so a later click counts without a
re-add."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from lapak.market.affiliates.models_attribution import HandoffClick
from lapak.market.sellers.models import Membership

# The clicks a browser remembers in its session: enough for a shopping spree, bounded so a session stays small.
SESSION_CLICKS = "handoff_clicks"
SESSION_CLICKS_MAX = 50


@dataclass(frozen=True)
class ClickScope:
    """Whose clicks count: a signed-in buyer's (by user id), and those this browser's session recorded."""

    user_id: int | None = None
    click_ids: Sequence[int] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return self.user_id is None and not self.click_ids


def click_scope_of_session(session: object, user: object | None) -> ClickScope:
    """The scope of a browser request: its session's clicks, and the signed-in user's."""
    raw = session.get(SESSION_CLICKS, []) if session is not None else []  # type: ignore[attr-defined]
    ids = tuple(i for i in raw if isinstance(i, int) and not isinstance(i, bool))[-SESSION_CLICKS_MAX:]
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return ClickScope(user_id=user_id, click_ids=ids)


def click_latest(*, product_id: int, scope: ClickScope | None, now: datetime | None = None) -> HandoffClick | None:
    """The most recent click on the product in `scope` whose window is still open at `now`, or None. One query."""
    if scope is None or scope.empty:
        return None
    who = Q(pk__in=list(scope.click_ids)) if scope.click_ids else Q(pk__in=[])
    if scope.user_id is not None:
        who |= Q(user_id=scope.user_id)
    return (HandoffClick.objects.filter(who, product_id=product_id, expires_at__gt=now or timezone.now())
            .order_by("-clicked_at", "-pk").first())


def click_counts(*, click: HandoffClick | None, now: datetime) -> bool:
    """Whether an attribution to `click` still counts at `now` (its window has not closed)."""
    return click is not None and click.expires_at > now


def clicks_latest_by_product(*, product_ids: Sequence[int], user_id: int | None, session_keys: Sequence[str],
                             click_ids: Sequence[int], now: datetime) -> dict[int, HandoffClick]:
    """Per product, the most recent click whose window is open at `now` among the buyer's own clicks
    (`user_id`), the clicks of the browsers (`session_keys`) and the clicks given (`click_ids`). One query."""
    who = Q(pk__in=list(click_ids))
    if user_id is not None:
        who |= Q(user_id=user_id)
    keys = [key for key in session_keys if key]
    if keys:
        who |= Q(session_key__in=keys)
    latest: dict[int, HandoffClick] = {}
    for click in (HandoffClick.objects.filter(who, product_id__in=list(product_ids), expires_at__gt=now)
                  .order_by("-clicked_at", "-pk")):
        latest.setdefault(click.product_id, click)
    return latest


def creators_in_shops(*, pairs: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
    """Which (creator account public id, seller organisation pk) pairs name a member of that shop: a shop's own
    people earn no commission on its products. One query (none for no pairs)."""
    if not pairs:
        return set()
    found = (Membership.objects.filter(user__public_id__in={c for c, _ in pairs},
                                       organisation_id__in={o for _, o in pairs})
             .values_list("user__public_id", "organisation_id"))
    return set(found) & set(pairs)
