from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0004_payouts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='account',
            name='kind',
            field=models.CharField(choices=[('gateway_clearing', 'gateway_clearing'), ('cod_receivable', 'cod_receivable'), ('escrow', 'escrow'), ('seller_payable', 'seller_payable'), ('seller_receivable', 'seller_receivable'), ('payouts_in_transit', 'payouts_in_transit'), ('creator_payable', 'creator_payable'), ('pph22_payable', 'pph22_payable'), ('refunds_payable', 'refunds_payable'), ('commission_revenue', 'commission_revenue'), ('platform_vouchers', 'platform_vouchers')], max_length=32, verbose_name='kind'),
        ),
    ]
