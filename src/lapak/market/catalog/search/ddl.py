"""The per-database full-text structures beside `SearchDocument` (run by migration 0002).

PostgreSQL: a generated `tsv` column holding the title's words as typed (weight A, the `simple`
configuration), the title stemmed (B) and the other text stemmed (D), all in the `indonesian` configuration
otherwise; a GIN index on it; and a trigram GIN index on the title for typos (`pg_trgm`, a trusted extension the
database owner may create). SQLite: an FTS5 table with external content, kept in step by triggers.

Why the title twice: the Snowball stemmer for Indonesian strips affixes hard ("kemeja", a shirt, becomes
"meja", a table), so a search first looks for the words as typed in titles (weight A) and only then for stems.

Caution for later migrations: on SQLite, Django rebuilds a table to alter it, which drops these triggers; a
migration that alters `catalog_searchdocument` must run `sqlite_create` again afterwards.
"""

from __future__ import annotations

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE catalog_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('simple'::regconfig, title), 'A')
         || setweight(to_tsvector('indonesian'::regconfig, title), 'B')
         || setweight(to_tsvector('indonesian'::regconfig, text), 'D')) STORED""",
    "CREATE INDEX catalog_sd_tsv ON catalog_searchdocument USING gin (tsv)",
    "CREATE INDEX catalog_sd_title_trgm ON catalog_searchdocument USING gin (lower(title) gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS catalog_sd_title_trgm",
    "DROP INDEX IF EXISTS catalog_sd_tsv",
    "ALTER TABLE catalog_searchdocument DROP COLUMN IF EXISTS tsv",
]
SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS catalog_search_fts USING fts5(
         title, text, content='catalog_searchdocument', content_rowid='product_id',
         tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER IF NOT EXISTS catalog_sd_ai AFTER INSERT ON catalog_searchdocument BEGIN
         INSERT INTO catalog_search_fts(rowid, title, text) VALUES (new.product_id, new.title, new.text);
       END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_sd_ad AFTER DELETE ON catalog_searchdocument BEGIN
         INSERT INTO catalog_search_fts(catalog_search_fts, rowid, title, text)
           VALUES ('delete', old.product_id, old.title, old.text);
       END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_sd_au AFTER UPDATE ON catalog_searchdocument BEGIN
         INSERT INTO catalog_search_fts(catalog_search_fts, rowid, title, text)
           VALUES ('delete', old.product_id, old.title, old.text);
         INSERT INTO catalog_search_fts(rowid, title, text) VALUES (new.product_id, new.title, new.text);
       END""",
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_sd_au",
    "DROP TRIGGER IF EXISTS catalog_sd_ad",
    "DROP TRIGGER IF EXISTS catalog_sd_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
]


def _run(schema_editor: object, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"Lapak's search supports PostgreSQL and SQLite, not {vendor}.")
    for statement in statements[vendor]:
        schema_editor.execute(statement)


def full_text_create(apps: object, schema_editor: object) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE})


def full_text_drop(apps: object, schema_editor: object) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP})
