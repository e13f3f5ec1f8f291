# A notification the gateway's status does not confirm (ADR 0010): a new outcome, no schema change.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0004_merge_payouts_reconciliation'),
    ]

    operations = [
        migrations.AlterField(
            model_name='paymentnotification',
            name='outcome',
            field=models.CharField(choices=[('received', 'Received, not processed yet'), ('malformed', 'Malformed'), ('forged', 'Signature missing or wrong'), ('duplicate', 'Duplicate of an event already processed'), ('unknown_order', 'Unknown gateway order id'), ('amount_mismatch', "Amount differs from the intent's"), ('paid', 'Order paid'), ('refund_needed', 'Money arrived for an order that cannot take it: refund needed'), ('closed', 'Intent closed'), ('no_change', 'Recorded, nothing to change'), ('unconfirmed', "Not confirmed by the gateway's status")], default='received', max_length=20, verbose_name='outcome'),
        ),
    ]
