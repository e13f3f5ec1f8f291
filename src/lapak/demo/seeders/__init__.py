"""Seeders run in this order; each is idempotent for a given (scale, seed)."""

from lapak.demo.seeders import accounts, catalog, compliance, compliance_refusals, oversight_history, sellers, social

SEEDERS = [accounts, compliance, sellers, catalog, compliance_refusals, social, oversight_history]
