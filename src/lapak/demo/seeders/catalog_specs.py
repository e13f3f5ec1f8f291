"""Realistic generated products: Indonesian titles and descriptions (some English), prices, variants, stock,
origin and certificates, drawn from the words in data/catalog_words.json with a caller's random source.

Both the demo shop (through the catalogue services) and the bulk loader (straight into the tables) use these
specs, so the services' own checks (`product_clean`, `variant_clean`, `product_origin_check`, the certificate
formats) are the test of what the bulk loader writes.
"""

from __future__ import annotations

import json
import math
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from lapak.demo.seeders.catalog_certificates import CertificateSpec, certificates_for

WORDS_FILE = Path(__file__).resolve().parent / "data" / "catalog_words.json"
USD_RATE = 16_000  # rupiah per US dollar, for FOB values of cross-border products
XB_FOB_FLOOR_CENTS = 10_000  # USD 100 (COMPLIANCE.md ID-XB-1)
PRICED_AXES = frozenset({"Berat", "Isi", "Kapasitas", "Memori", "Spesifikasi", "Daya", "Panjang"})
VARIANT_COUNTS = (1, 1, 1, 2, 2, 2, 3, 3, 4, 4)  # 30% one, 30% two, 20% three, 20% four


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    price: int
    options: dict[str, str]
    weight_grams: int
    length_mm: int
    width_mm: int
    height_mm: int
    stock: int  # units on the shelf of the seller's warehouse; 0 = never stocked (no stock row)


@dataclass(frozen=True)
class ProductSpec:
    category: str  # leaf slug
    title: str
    description_id: str
    description_en: str
    origin: str
    origin_country: str
    hs_code: str
    fob_value_usd_cents: int | None
    variants: list[VariantSpec]
    certificates: list[CertificateSpec] = field(default_factory=list)
    age_days: float = 0.0  # how long ago it was published

    def product_data(self) -> dict:
        """The product fields as `product_create` takes them."""
        data = {"category": self.category, "title": self.title, "description_id": self.description_id,
                "description_en": self.description_en, "origin": self.origin}
        if self.origin != "domestic":
            data.update(origin_country=self.origin_country, hs_code=self.hs_code,
                        fob_value_usd_cents=self.fob_value_usd_cents)
        return data


@dataclass(frozen=True)
class Leaf:
    slug: str
    group: str
    words: dict  # the group's words with the leaf's own on top
    required: tuple[str, ...]
    weight: float  # how often products of this leaf are drawn


@lru_cache(maxsize=1)
def words() -> dict:
    with WORDS_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def leaves_for(categories: dict[str, tuple[str, list[str]]]) -> list[Leaf]:
    """The leaves to draw from: `categories` maps a leaf slug to (parent slug, required certificates)."""
    data = words()
    out = []
    for slug, leaf_words in data["leaves"].items():
        if slug not in categories:
            continue
        group, required = categories[slug]
        merged = {**data["groups"][group], **leaf_words}
        out.append(Leaf(slug, group, merged, tuple(required), float(merged.get("share", 1))))
    return out


def _price(rng: random.Random, low: int, high: int) -> int:
    value = math.exp(rng.uniform(math.log(low), math.log(high)))  # log-uniform: cheap goods are common
    step = 500 if value < 100_000 else 1_000
    price = max(step, round(value / step) * step)
    return price - 100 if price > 10_000 and rng.random() < 0.35 else price  # "Rp49.900"


def _pick(rng: random.Random, values: list[str], k: int) -> list[str]:
    return rng.sample(values, min(k, len(values)))


def _axes(rng: random.Random, spec_axes: dict) -> list[tuple[str, list[str]]]:
    colours = words()["colours"]
    axes = [(name, colours if values == "colours" else values) for name, values in spec_axes.items()]
    return _pick(rng, axes, rng.choice((1, 1, 2)))  # mostly one axis, sometimes two


def _title(rng: random.Random, w: dict, english: bool) -> tuple[str, str]:
    """The title and the main noun it was built on."""
    marketing = words()["marketing"]
    brand = rng.choice(w["brands"])
    if english:
        noun = rng.choice(w["en"])
        adjective = rng.choice(w["en_adjectives"])
        return " ".join(dict.fromkeys([brand, adjective, noun])), noun
    noun = rng.choice(w["nouns"])
    parts = [noun]
    if w.get("materials") and rng.random() < 0.45:
        parts.append(" ".join(word[:1].upper() + word[1:] for word in rng.choice(w["materials"]).split()))
    parts += _pick(rng, w["adjectives"], rng.choice((0, 1, 1, 2)))
    if w.get("audience") and rng.random() < 0.55:
        parts.append(rng.choice(w["audience"]))
    if rng.random() < 0.45:
        parts += _pick(rng, marketing, rng.choice((1, 1, 2)))
    if rng.random() < 0.4:
        parts.insert(0, brand)
    elif rng.random() < 0.2:
        parts.append(brand)
    seen: set[str] = set()
    unique = [p for p in parts if not (p.lower() in seen or seen.add(p.lower()))]
    return " ".join(unique)[:200], noun


def _description_id(rng: random.Random, w: dict, title: str, noun: str, options: str, weight: int,
                    province: str) -> str:
    benefits = _pick(rng, w["benefits"], 2)
    uses = _pick(rng, w["uses"], 2)
    material = rng.choice(w.get("materials") or ["bahan berkualitas"])
    opening = rng.choice((
        f"{title}. {noun} ini {' dan '.join(benefits)}.",
        f"Cari {noun.lower()} yang {benefits[0]}? {title} jawabannya.",
        f"{noun} andalan kami: {benefits[0]}, {benefits[-1]}.",
    ))
    lines = [opening, f"Cocok untuk {' atau '.join(uses)}.", "", "Keterangan produk:",
             f"- Bahan: {material}"]
    if options:
        lines.append(f"- Pilihan: {options}")
    lines += [f"- Berat: ± {weight:,} gram".replace(",", "."), f"- Dikirim dari {province}", "",
              rng.choice(words()["closings"])]
    return "\n".join(lines)


def _description_en(rng: random.Random, w: dict, province: str) -> str:
    noun = rng.choice(w["en"])
    adjective = rng.choice(w["en_adjectives"]).lower()
    return (f"{adjective.capitalize()} {noun.lower()} from a local seller. Ships from {province}, Indonesia.\n\n"
            f"{rng.choice(words()['closings_en'])}")


def _origin(rng: random.Random, w: dict, price: int) -> tuple[str, str, str, int | None]:
    countries = w.get("countries")
    if w.get("cross_border") and countries and price >= 2_000_000 and rng.random() < 0.12:
        fob = max(XB_FOB_FLOOR_CENTS, price * 100 * 6 // (USD_RATE * 10))
        return "cross_border_direct", rng.choice(countries), w["hs"], fob
    if countries and rng.random() < 0.12:
        return "imported_local", rng.choice(countries), w.get("hs", "") if rng.random() < 0.5 else "", None
    return "domestic", "ID", "", None


def _dimensions(rng: random.Random, w: dict) -> tuple[int, int, int]:
    (l0, w0, h0), (l1, w1, h1) = w["size_mm"]
    t = rng.random()
    return round(l0 + (l1 - l0) * t), round(w0 + (w1 - w0) * t), max(1, round(h0 + (h1 - h0) * rng.random()))


def _stock(rng: random.Random) -> int:
    if rng.random() < 0.06:
        return 0
    return min(5_000, max(1, int(rng.lognormvariate(3.5, 1.1))))


def product_spec(rng: random.Random, leaf: Leaf, *, sku_prefix: str, province_code: str, province_name: str,
                 today: date) -> ProductSpec:
    """One product of `leaf`; SKUs are `sku_prefix` + "-1".. (the caller keeps the prefix unique per seller)."""
    w = leaf.words
    english = rng.random() < 0.08
    title, noun = _title(rng, w, english)
    base = _price(rng, *w["price"])
    origin, country, hs_code, fob = _origin(rng, w, base)
    weight0 = rng.randint(*w["weight"])
    dims = _dimensions(rng, w)
    count = rng.choice(VARIANT_COUNTS)
    axes = _axes(rng, w["axes"]) if count > 1 or rng.random() < 0.5 else []
    combos: list[dict[str, str]] = [{}]
    for name, values in axes:
        chosen = sorted(_pick(rng, values, count), key=values.index)  # S before M, 100 gr before 1 kg
        combos = [{**c, name: v} for c in combos for v in chosen]
    combos = combos[:count] if axes else [{}]
    variants = []
    for n, options in enumerate(combos, start=1):
        step = sum(list(values).index(options[name]) for name, values in axes if name in PRICED_AXES
                   and name in options)
        price = base if step == 0 else _price(rng, int(base * (1 + 0.55 * step)), int(base * (1 + 0.75 * step)))
        weight = min(1_000_000, int(weight0 * (1 + 0.8 * step)))
        variants.append(VariantSpec(sku=f"{sku_prefix}-{n}", price=price, options=options, weight_grams=weight,
                                    length_mm=dims[0], width_mm=dims[1], height_mm=dims[2], stock=_stock(rng)))
    kinds = list(leaf.required)
    if w.get("optional_halal") and "halal" not in kinds and rng.random() < 0.4:
        kinds.append("halal")
    certificates = certificates_for(rng, kinds=kinds, bpom_family=w.get("bpom", "food"),
                                    sni_standard=w.get("sni", ""), origin_country=country, province=province_code,
                                    today=today)
    summary = "; ".join(f"{name} {', '.join(dict.fromkeys(c[name] for c in combos if name in c))}"
                        for name, _v in axes)
    description_id = _description_id(rng, w, title, noun, summary, weight0, province_name)
    description_en = _description_en(rng, w, province_name) if english or rng.random() < 0.22 else ""
    age_days = rng.random() ** 2 * 540  # most listings are recent
    return ProductSpec(category=leaf.slug, title=title, description_id=description_id,
                       description_en=description_en, origin=origin, origin_country=country, hs_code=hs_code,
                       fob_value_usd_cents=fob, variants=variants, certificates=certificates, age_days=age_days)


class LeafPicker:
    """Draws leaves by their share (fashion and food are listed far more often than cement)."""

    def __init__(self, leaves: list[Leaf]) -> None:
        if not leaves:
            raise ValueError("no catalogue categories to generate products for (load them first)")
        self.leaves = leaves
        total, self.cumulative = 0.0, []
        for leaf in leaves:
            total += leaf.weight
            self.cumulative.append(total)

    def pick(self, rng: random.Random) -> Leaf:
        index = bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.leaves[min(index, len(self.leaves) - 1)]
