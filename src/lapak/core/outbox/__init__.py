"""Outbox: events written in the business transaction, delivered after commit by a task."""
