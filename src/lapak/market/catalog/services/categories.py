"""Loading the category tree from data (catalog/data/categories.json): an upsert by slug, all or nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.market.catalog.models import Category, CertificateKind

CATEGORIES_FILE = Path(__file__).resolve().parents[1] / "data" / "categories.json"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FIELDS = ("parent_id", "name_id", "name_en", "required_certificates", "halal_food", "return_window_days",
           "is_active")
ACTOR = "system:catalog_load_categories"


@dataclass(frozen=True)
class CategoryLoadResult:
    created: int
    updated: int
    unchanged: int
    not_in_file: int  # categories in the database that the file does not name (left as they are)


@dataclass(frozen=True)
class _Node:
    slug: str
    parent: str | None
    name_id: str
    name_en: str
    required_certificates: list[str]
    halal_food: bool
    return_window_days: int | None


def categories_tree_read(path: Path = CATEGORIES_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _walk(nodes: list, parent: _Node | None, errors: dict[str, list]) -> Iterator[_Node]:
    for raw in nodes:
        slug = str(raw.get("slug", "")) if isinstance(raw, Mapping) else ""
        where = f"categories.{slug or '?'}"
        if not isinstance(raw, Mapping) or not _SLUG.fullmatch(slug) or len(slug) > 80:
            errors.setdefault(where, []).append("A category needs a slug of lower-case letters, digits and '-'.")
            continue
        names = [str(raw.get(key) or "").strip() for key in ("name_id", "name_en")]
        if not all(0 < len(name) <= 120 for name in names):
            errors.setdefault(where, []).append("A category needs an Indonesian and an English name (1-120).")
        # A child states its own certificates only where they differ from its parent's.
        certificates = raw.get("required_certificates", parent.required_certificates if parent else [])
        if not isinstance(certificates, list) or not set(certificates) <= set(CertificateKind.values):
            errors.setdefault(where, []).append("Required certificates are a list of sni, bpom and halal.")
            certificates = []
        halal_food = raw.get("halal_food", parent.halal_food if parent else False)
        if not isinstance(halal_food, bool):
            errors.setdefault(where, []).append("halal_food is true or false.")
        # Working days to ask for a return (ID-CON-1 sets the floor at 2); inherited like the certificates.
        window = raw.get("return_window_days", parent.return_window_days if parent else None)
        if window is not None and (type(window) is not int or not 2 <= window <= 30):
            errors.setdefault(where, []).append("return_window_days is a whole number from 2 to 30, or absent.")
            window = None
        node = _Node(slug=slug, parent=parent.slug if parent else None, name_id=names[0], name_en=names[1],
                     required_certificates=sorted(set(certificates)), halal_food=halal_food is True,
                     return_window_days=window)
        yield node
        yield from _walk(raw.get("children") or [], node, errors)


def categories_tree_nodes(tree: Mapping[str, Any]) -> list[_Node]:
    """The tree flattened parents-first, with inherited values resolved; raises ValidationFailed on bad data."""
    errors: dict[str, list] = {}
    nodes = list(_walk(list(tree.get("categories") or []), None, errors))
    seen: set[str] = set()
    for node in nodes:
        if node.slug in seen:
            errors.setdefault(f"categories.{node.slug}", []).append("This slug appears twice.")
        seen.add(node.slug)
    if not nodes:
        errors.setdefault("categories", []).append("The file names no categories.")
    if errors:
        raise ValidationFailed(fields=errors)
    return nodes


def categories_load(*, tree: Mapping[str, Any] | None = None) -> CategoryLoadResult:
    """Create or update every category of `tree` (default: the shipped file), matched by slug.

    Guarantees: the whole file is checked before anything is written, and the writes happen in one
    transaction, so a bad file changes nothing; running it again changes nothing (idempotent); a category
    whose values differ from the file is updated to them (parent, names, certificates, halal flag) and made
    active; categories the file does not name are left alone. Each created or changed category writes an
    audit event, as its required certificates are compliance data (ID-PRD-1/2).
    """
    nodes = categories_tree_nodes(tree if tree is not None else categories_tree_read())
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {c.slug: c for c in Category.objects.select_for_update().filter(slug__in=[n.slug for n in nodes])}
        ids: dict[str, int] = {}
        for node in nodes:
            wanted = {"parent_id": ids[node.parent] if node.parent else None, "name_id": node.name_id,
                      "name_en": node.name_en, "required_certificates": node.required_certificates,
                      "halal_food": node.halal_food, "return_window_days": node.return_window_days,
                      "is_active": True}
            category = existing.get(node.slug)
            if category is None:
                category = Category.objects.create(slug=node.slug, **wanted)
                created += 1
                _audit("created", category, before=None, after=wanted)
            else:
                before = {field: getattr(category, field) for field in _FIELDS}
                if before != wanted:
                    for field, value in wanted.items():
                        setattr(category, field, value)
                    category.save()
                    updated += 1
                    _audit("updated", category, before=before, after=wanted)
                else:
                    unchanged += 1
            ids[node.slug] = category.pk
        not_in_file = Category.objects.exclude(slug__in=list(ids)).count()
    return CategoryLoadResult(created=created, updated=updated, unchanged=unchanged, not_in_file=not_in_file)


def _audit(what: str, category: Category, *, before: dict | None, after: dict) -> None:
    audit_append(actor=ACTOR, action=f"catalog.category.{what}", subject_type="category", subject_id=category.slug,
                 before=before, after=after)
