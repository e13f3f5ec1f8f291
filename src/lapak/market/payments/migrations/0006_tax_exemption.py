# PPh 22 exemptions with their basis (ID-TAX-2, PMK 37/2025): a statement or an SKB, a start, and an end that every
# exemption now has. Written by hand: the lead merges it with 0005_cod afterwards.

from datetime import date

from django.db import migrations, models
from django.db.models import Q


def end_open_exemptions(apps: object, schema_editor: object) -> None:
    """An exemption recorded before this migration without an end date ends with the tax year it was recorded in
    (a statement never covers more), so the new constraint holds and no exemption runs on for ever."""
    status_model = apps.get_model("payments", "SellerTaxStatus")
    for row in status_model.objects.filter(pph22_exempt=True, valid_until__isnull=True).only("pk", "recorded_at"):
        status_model.objects.filter(pk=row.pk).update(valid_until=date(row.recorded_at.year, 12, 31))


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0004_merge_payouts_reconciliation"),
    ]

    operations = [
        migrations.AddField(
            model_name="sellertaxstatus",
            name="basis",
            field=models.CharField(blank=True, choices=[
                ("statement", "Individual merchant's statement (turnover up to Rp500 million a year)"),
                ("certificate", "Tax office exemption certificate (SKB)")], default="", max_length=12,
                verbose_name="basis of the exemption"),
        ),
        migrations.AddField(
            model_name="sellertaxstatus",
            name="declared_turnover",
            field=models.PositiveBigIntegerField(blank=True, null=True,
                                                 verbose_name="declared turnover for the year (Rp)"),
        ),
        migrations.AddField(
            model_name="sellertaxstatus",
            name="document_date",
            field=models.DateField(blank=True, null=True, verbose_name="statement or certificate date"),
        ),
        migrations.AddField(
            model_name="sellertaxstatus",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="valid from"),
        ),
        migrations.RunPython(end_open_exemptions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="sellertaxstatus",
            constraint=models.CheckConstraint(condition=Q(pph22_exempt=False) | Q(valid_until__isnull=False),
                                              name="payments_taxstatus_exempt_ends"),
        ),
        migrations.AddConstraint(
            model_name="sellertaxstatus",
            constraint=models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="payments_taxstatus_period"),
        ),
    ]
