# Cash on delivery (ADR 0010): parcels to collect and the couriers' remittance lines. Written from makemigrations'
# output without the notification outcome change of another part (it belongs to that part's migration).

import django.db.models.deletion
import django.utils.timezone
import lapak.core.ids
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0004_refund_execution'),
        ('payments', '0004_merge_payouts_reconciliation'),
    ]

    operations = [
        migrations.CreateModel(
            name='CodParcel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', lapak.core.ids.PublicIdField(prefix='cod')),
                ('amount', models.PositiveBigIntegerField(verbose_name='cash to collect (Rp)')),
                ('escrow_amount', models.PositiveBigIntegerField(verbose_name='escrow share (Rp)')),
                ('status', models.CharField(choices=[('awaiting', 'To be collected on delivery'), ('collected', 'Collected by the courier'), ('remitted', 'Remitted to Lapak'), ('void', 'Nothing collected')], default='awaiting', max_length=12, verbose_name='status')),
                ('provider', models.CharField(blank=True, default='', max_length=20, verbose_name='courier or aggregator')),
                ('tracking_number', models.CharField(blank=True, default='', max_length=64, verbose_name='tracking number')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('collected_at', models.DateTimeField(blank=True, null=True, verbose_name='collected at')),
                ('remitted_at', models.DateTimeField(blank=True, null=True, verbose_name='remitted at')),
                ('intent', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cod_parcels', to='payments.paymentintent')),
                ('seller_order', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orders.sellerorder', verbose_name='seller order')),
            ],
            options={
                'verbose_name': 'cash-on-delivery parcel',
                'verbose_name_plural': 'cash-on-delivery parcels',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='CodRemittanceLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('provider', models.CharField(max_length=20, verbose_name='courier or aggregator')),
                ('reference', models.CharField(max_length=100, verbose_name='remittance reference')),
                ('remitted_on', models.DateField(verbose_name='remitted on')),
                ('tracking_number', models.CharField(max_length=64, verbose_name='tracking number')),
                ('amount', models.BigIntegerField(verbose_name='amount (Rp)')),
                ('outcome', models.CharField(choices=[('matched', 'Matched a collected parcel'), ('unknown_parcel', 'No delivered cash-on-delivery parcel has this tracking number'), ('amount_mismatch', 'The amount differs from the cash the parcel collected'), ('already_remitted', 'This parcel was remitted in another remittance')], max_length=20, verbose_name='outcome')),
                ('expected_amount', models.BigIntegerField(blank=True, null=True, verbose_name='expected amount (Rp)')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('parcel', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='remittance_lines', to='payments.codparcel')),
            ],
            options={
                'verbose_name': 'COD remittance line',
                'verbose_name_plural': 'COD remittance lines',
                'ordering': ['-recorded_at', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='codparcel',
            index=models.Index(fields=['provider', 'tracking_number'], name='payments_cod_awb'),
        ),
        migrations.AddConstraint(
            model_name='codparcel',
            constraint=models.CheckConstraint(condition=models.Q(('amount__lte', models.F('escrow_amount'))), name='payments_cod_amount'),
        ),
        migrations.AddConstraint(
            model_name='codremittanceline',
            constraint=models.UniqueConstraint(fields=('provider', 'reference', 'tracking_number'), name='payments_cod_remittance_once'),
        ),
        migrations.AddConstraint(
            model_name='codremittanceline',
            constraint=models.UniqueConstraint(condition=models.Q(('outcome', 'matched')), fields=('parcel',), name='payments_cod_remitted_once'),
        ),
    ]
