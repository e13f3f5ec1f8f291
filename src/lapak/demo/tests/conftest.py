"""The demo sellers need the region table: reuse the regions package's once-per-session load."""

from lapak.regions.tests.conftest import regions, regions_session_load  # noqa: F401 (fixtures)
