"""Demo data: `manage.py demo_seed` makes a reproducible, realistic Indonesian marketplace to look at.

This package sits above every domain package (it may call any of their services) and nothing imports it.
Each later capability adds a seeder module to `lapak.demo.seeders` and lists it in `SEEDERS`.
"""
