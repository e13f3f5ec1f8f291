"""Importing this package registers every scenario. Add a module here and import it below."""

from bench.scenarios import (
    http_baseline,  # noqa: F401
    reserve_contention,  # noqa: F401
)
