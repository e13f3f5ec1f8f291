"""The shape every identity check reports problems in (defined in lapak.core.issues, shared with accounts)."""

from lapak.core.issues import Issue

__all__ = ["Issue"]
