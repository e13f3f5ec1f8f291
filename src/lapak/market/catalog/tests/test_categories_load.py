"""The shipped category tree and its loader: realistic shape, certificates where Indonesian rules put them,
an idempotent all-or-nothing upsert by slug."""

from __future__ import annotations

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import ValidationFailed
from lapak.market.catalog.models import Category
from lapak.market.catalog.services.categories import categories_load, categories_tree_nodes, categories_tree_read


def by_slug():
    return {c.slug: c for c in Category.objects.select_related("parent")}


def snapshot():
    return sorted(Category.objects.values_list("slug", "parent__slug", "name_id", "name_en", "required_certificates",
                                               "halal_food", "is_active"))


def test_the_shipped_tree_is_a_realistic_two_level_tree():
    nodes = categories_tree_nodes(categories_tree_read())
    tops = [n for n in nodes if n.parent is None]
    leaves = [n for n in nodes if n.parent is not None]
    assert 12 <= len(tops) <= 16 and 60 <= len(leaves) <= 90
    assert {n.parent for n in leaves} <= {t.slug for t in tops}  # two levels: every child hangs off a top
    assert all(any(leaf.parent == top.slug for leaf in leaves) for top in tops)
    leaf = {n.slug: n for n in nodes}
    # Food and drink: BPOM and halal, halal-regulated; cosmetics BPOM and halal; medicines BPOM; SNI goods.
    for slug in ("camilan", "kopi", "sambal-saus", "madu", "makanan-bayi"):
        assert (leaf[slug].required_certificates, leaf[slug].halal_food) == (["bpom", "halal"], True), slug
    for slug in ("perawatan-wajah", "tata-rias", "parfum"):
        assert (leaf[slug].required_certificates, leaf[slug].halal_food) == (["bpom", "halal"], False), slug
    for slug in ("obat-bebas", "vitamin-suplemen", "jamu-herbal"):
        assert leaf[slug].required_certificates == ["bpom"], slug
    for slug in ("boneka", "helm", "ban", "setrika", "kipas-angin", "besi-baja", "botol-susu", "pakaian-bayi"):
        assert leaf[slug].required_certificates == ["sni"], slug
    for slug in ("kaos-pria", "handphone", "laptop", "buku", "alat-musik", "alat-kesehatan"):
        assert leaf[slug].required_certificates == [] and not leaf[slug].halal_food, slug


@pytest.mark.django_db
def test_loading_creates_the_tree_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("catalog_load_categories", stdout=out)
    nodes = categories_tree_nodes(categories_tree_read())
    assert f"{len(nodes)} created, 0 updated, 0 unchanged" in out.getvalue()
    categories = by_slug()
    assert categories["kopi"].parent.slug == "makanan-minuman"
    assert categories["kopi"].name_for("id") == "Kopi" and categories["kopi"].name_for("en") == "Coffee"
    assert categories["makanan-minuman"].parent is None
    assert AuditEvent.objects.filter(action="catalog.category.created").count() == len(nodes)
    first, events = snapshot(), AuditEvent.objects.count()

    again = StringIO()
    call_command("catalog_load_categories", stdout=again)
    assert f"0 created, 0 updated, {len(nodes)} unchanged" in again.getvalue()
    assert snapshot() == first and AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_changed_file_updates_by_slug_and_leaves_other_categories_alone():
    categories_load()
    kept = Category.objects.create(slug="kategori-lama", name_id="Lama", name_en="Old")
    tree = categories_tree_read()
    food = next(c for c in tree["categories"] if c["slug"] == "makanan-minuman")
    food["children"][0]["name_en"] = "Crisps & Snacks"
    food["children"][0]["required_certificates"] = ["bpom"]
    # Move a leaf under another parent, and re-activate one an operator switched off.
    toys = next(c for c in tree["categories"] if c["slug"] == "mainan-hobi")
    toys["children"].append(food["children"].pop())  # "madu" now under toys (inherits SNI there)
    Category.objects.filter(slug="kopi").update(is_active=False)

    result = categories_load(tree=tree)

    assert (result.created, result.updated, result.not_in_file) == (0, 3, 1)
    categories = by_slug()
    assert (categories["camilan"].name_en, categories["camilan"].required_certificates) == ("Crisps & Snacks",
                                                                                            ["bpom"])
    assert categories["madu"].parent.slug == "mainan-hobi" and categories["madu"].required_certificates == ["sni"]
    assert categories["kopi"].is_active
    assert Category.objects.filter(pk=kept.pk, is_active=True).exists()
    change = AuditEvent.objects.get(action="catalog.category.updated", subject_id="camilan")
    assert change.before["required_certificates"] == ["bpom", "halal"] and change.after["required_certificates"] == [
        "bpom"]


@pytest.mark.django_db
@pytest.mark.parametrize("breakage", ["duplicate", "bad_certificate", "no_english_name", "bad_slug", "empty"])
def test_a_bad_file_changes_nothing(breakage, tmp_path):
    categories_load()
    before, events = snapshot(), AuditEvent.objects.count()
    tree = copy.deepcopy(categories_tree_read())
    tree["categories"][0]["name_en"] = "Changed before the error"  # would be written if the load were partial
    last = tree["categories"][-1]["children"][-1]
    if breakage == "duplicate":
        last["slug"] = "kopi"
    elif breakage == "bad_certificate":
        last["required_certificates"] = ["iso9001"]
    elif breakage == "no_english_name":
        last["name_en"] = " "
    elif breakage == "bad_slug":
        last["slug"] = "Perhiasan Perak"
    else:
        tree["categories"] = []
    with pytest.raises(ValidationFailed):
        categories_load(tree=tree)
    path = tmp_path / "categories.json"
    path.write_text(json.dumps(tree))
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("catalog_load_categories", file=path, stdout=StringIO())
    assert snapshot() == before and AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_an_unreadable_file_is_a_command_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("catalog_load_categories", file=path, stdout=StringIO())
    assert not Category.objects.exists()
