"""The shared kernel: money, public ids, errors, idempotency, outbox events, the audit log, task glue."""
