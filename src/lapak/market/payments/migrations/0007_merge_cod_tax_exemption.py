# Joins the two issue-6 branches written side by side (cash on delivery, tax exemptions); nothing to do.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0005_cod"),
        ("payments", "0006_tax_exemption"),
    ]

    operations: list = []
