"""Saturating sets: how a rollup cell remembers the distinct people behind it without keeping everyone (ADR 0016).

A cell keeps up to PEOPLE_CAP distinct ids; once it holds that many it is full and stops growing, since privacy
only asks "at least 10?". Rows made of several cells: any full cell means at least PEOPLE_CAP; otherwise the
small sets are complete and their union is exact.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from lapak.oversight.privacy import SUPPRESSION_THRESHOLD

PEOPLE_CAP = SUPPRESSION_THRESHOLD


def saturate(current: Iterable[Hashable], more: Iterable[Hashable]) -> list:
    """`current` with the ids of `more` it lacks (in sorted order; None and "" are nobody) until it holds
    PEOPLE_CAP; a full set is returned as it is."""
    current = list(current)
    if len(current) >= PEOPLE_CAP:
        return current
    known = set(current)
    added = sorted({person for person in more if person is not None and person != "" and person not in known})
    return current + added[: PEOPLE_CAP - len(current)]


def people_at_least(sets: Iterable[Iterable[Hashable]]) -> int:
    """How many distinct people stand behind cells with these sets, capped at PEOPLE_CAP: exact below the cap,
    PEOPLE_CAP as soon as any set is full or the union reaches it."""
    union: set = set()
    for ids in sets:
        ids = list(ids)
        if len(ids) >= PEOPLE_CAP:
            return PEOPLE_CAP
        union.update(ids)
        if len(union) >= PEOPLE_CAP:
            return PEOPLE_CAP
    return len(union)
