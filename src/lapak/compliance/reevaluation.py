"""Re-deciding existing listings and sellers when what the rules would answer may have changed."""

from __future__ import annotations


def compliance_reevaluate_request(*, jurisdiction: str, events: list[str], cause: str, actor: str) -> None:
    """Ask for a batched re-decision of the subjects of `events` in `jurisdiction` after the commit of the
    caller's transaction (a rule version activated, a reference table changed, a date boundary passed)."""
    # Implemented by the re-evaluation work; callers may rely on this signature.
