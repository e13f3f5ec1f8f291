"""An index on django-tasks-db's result table so /healthz counts recent failures cheaply.

The table belongs to a third-party app, so the index is plain SQL (valid on SQLite and PostgreSQL)
rather than a model change; it does not import app code.
"""

from django.db import migrations

_INDEX = "lapak_task_result_status_finished"
_TABLE = "django_tasks_database_dbtaskresult"


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {_INDEX} ON {_TABLE} (status, finished_at)",
            reverse_sql=f"DROP INDEX IF EXISTS {_INDEX}",
        ),
    ]
