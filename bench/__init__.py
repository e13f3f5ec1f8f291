"""Lapak's benchmarks: `python -m bench <scenario>` prints one JSON line per result on stdout."""
