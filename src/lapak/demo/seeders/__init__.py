"""Seeders run in this order; each is idempotent for a given (scale, seed)."""

from lapak.demo.seeders import accounts, sellers

SEEDERS = [accounts, sellers]
