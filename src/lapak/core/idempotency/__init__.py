"""Idempotency keys for unsafe API calls."""
