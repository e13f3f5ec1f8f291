"""Seeders run in this order; each is idempotent for a given (scale, seed)."""

from lapak.demo.seeders import accounts, catalog, sellers

SEEDERS = [accounts, sellers, catalog]
