"""Where re-evaluation finds the standing subjects of an event (listings, sellers) without importing them.

The engine must not import `lapak.market` (nor `lapak.social`): the package that owns a kind of subject
registers a source for its event at `AppConfig.ready()`::

    register_subject_source("listing.publish", ListingSource())

A source walks its subjects of one jurisdiction in primary-key order, a batch at a time, building the facts
the rules read for the whole batch in a few queries; and re-decides one subject for real, under that
subject's row lock, when a sweep found that its answer changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from lapak.compliance.engine import Evaluation
    from lapak.compliance.models import ReevaluationRun


class SubjectRow(NamedTuple):
    pk: int  # the walk's cursor: rows come in ascending pk order
    subject_id: str  # the public id decisions name
    facts: dict | None  # the facts a decision of the event is given; None: skip it (it only moves the cursor)
    party: str  # the seller organisation concerned (public id)
    allowed_now: bool  # what the subject's current state says the last decision was (on sale, verified…)


class SubjectSource(Protocol):
    def batches(self, jurisdiction: str, after_pk: int, size: int) -> list[SubjectRow]:
        """Up to `size` subjects of `jurisdiction` with pk > `after_pk`, ascending; [] when there are no more."""

    def apply(self, subject_id: str, evaluation: Evaluation, run: ReevaluationRun) -> bool:
        """Re-decide the subject for real (a recorded decision) under its row lock, and act on the answer;
        True if it was changed (paused, notified), False if on a fresh look nothing had to change."""


_sources: dict[str, SubjectSource] = {}


def register_subject_source(event: str, source: SubjectSource) -> None:
    """Registers the source of `event`'s standing subjects; registering again replaces it (tests, reloads)."""
    _sources[event] = source


def unregister_subject_source(event: str) -> None:
    _sources.pop(event, None)


def subject_source(event: str) -> SubjectSource | None:
    return _sources.get(event)


def subject_events() -> list[str]:
    """The events whose subjects can be re-evaluated."""
    return sorted(_sources)
