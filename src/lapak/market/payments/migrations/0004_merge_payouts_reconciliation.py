# Joins the two issue-6 branches written side by side (payouts, reconciliation); nothing to do.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0003_payouts"),
        ("payments", "0003_reconciliation"),
    ]

    operations: list = []
