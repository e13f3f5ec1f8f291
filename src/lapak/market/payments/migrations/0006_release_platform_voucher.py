# The platform pays its own voucher at escrow release (ADR 0011): the release records how much.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0005_notification_unconfirmed'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='escrowrelease', name='payments_release_sums'),
        migrations.RemoveConstraint(model_name='escrowrelease', name='payments_release_parts'),
        migrations.AddField(
            model_name='escrowrelease',
            name='platform_voucher',
            field=models.PositiveBigIntegerField(default=0, verbose_name='platform voucher paid by Lapak (Rp)'),
        ),
        migrations.AddConstraint(
            model_name='escrowrelease',
            constraint=models.CheckConstraint(condition=models.Q(('released', models.F('seller_net') + models.F('commission') + models.F('pph22') + models.F('creator') - models.F('platform_voucher'))), name='payments_release_sums_v2'),
        ),
        migrations.AddConstraint(
            model_name='escrowrelease',
            constraint=models.CheckConstraint(condition=models.Q(('released', models.F('gross') + models.F('shipping') - models.F('platform_voucher'))), name='payments_release_parts_v2'),
        ),
    ]
