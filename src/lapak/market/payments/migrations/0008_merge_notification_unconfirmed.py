from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0007_merge_cod_tax_exemption'),
        ('payments', '0006_release_platform_voucher'),
    ]

    operations = []
