"""Database guards of the ledger (ADR 0009). The SQL lives here, not in app code, so this migration never changes.

PostgreSQL:
- a deferred constraint trigger on postings and one on entries: at commit, every entry that got postings (or
  was created) in the transaction must have at least two postings summing to zero;
- statement triggers refusing UPDATE and DELETE of entries and postings (TRUNCATE stays possible, for test
  databases; it is an owner's operation, not an application's).
SQLite: a trigger refusing UPDATE of entries and postings (not DELETE: Django's test flush deletes rows on
SQLite); the balanced-entry rule is the guarded write path's alone there. Caution: SQLite rebuilds a table on
ALTER and drops its triggers; a later migration altering these tables must create them again.
"""

from django.db import migrations

POSTGRES_CREATE = [
    """CREATE FUNCTION ledger_entry_balanced(entry bigint) RETURNS void LANGUAGE plpgsql AS $$
       DECLARE total numeric; legs bigint;
       BEGIN
         SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, legs FROM ledger_posting WHERE entry_id = entry;
         IF total <> 0 OR legs < 2 THEN
           RAISE EXCEPTION 'ledger entry % does not balance: % postings summing to %', entry, legs, total
             USING ERRCODE = 'check_violation';
         END IF;
       END $$""",
    """CREATE FUNCTION ledger_posting_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM ledger_entry_balanced(NEW.entry_id); RETURN NULL; END $$""",
    """CREATE FUNCTION ledger_journalentry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM ledger_entry_balanced(NEW.id); RETURN NULL; END $$""",
    """CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON ledger_posting
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_posting_balanced()""",
    """CREATE CONSTRAINT TRIGGER ledger_journalentry_balanced AFTER INSERT ON ledger_journalentry
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_journalentry_balanced()""",
    """CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
       END $$""",
    """CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
       FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()""",
    """CREATE TRIGGER ledger_journalentry_append_only BEFORE UPDATE OR DELETE ON ledger_journalentry
       FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS ledger_journalentry_append_only ON ledger_journalentry",
    "DROP TRIGGER IF EXISTS ledger_posting_append_only ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_refuse_change()",
    "DROP TRIGGER IF EXISTS ledger_journalentry_balanced ON ledger_journalentry",
    "DROP TRIGGER IF EXISTS ledger_posting_balanced ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_journalentry_balanced()",
    "DROP FUNCTION IF EXISTS ledger_posting_balanced()",
    "DROP FUNCTION IF EXISTS ledger_entry_balanced(bigint)",
]
SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS {table}_append_only BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: UPDATE refused'); END"""
    for table in ("ledger_posting", "ledger_journalentry")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {table}_append_only" for table in ("ledger_posting", "ledger_journalentry")]


def _run(schema_editor, statements):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"Lapak's ledger supports PostgreSQL and SQLite, not {vendor}.")
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)  # None: the % of RAISE formats is not a placeholder


def guards_create(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE})


def guards_drop(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(guards_create, guards_drop, elidable=False)]
