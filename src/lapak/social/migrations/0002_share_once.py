"""One share per (post, account, channel): earlier duplicates are removed and each post's counter recounted."""

from django.db import migrations, models
from django.db.models import Count, Min


def _dedupe_shares(apps, schema_editor):
    alias = schema_editor.connection.alias
    share = apps.get_model("social", "Share")
    post = apps.get_model("social", "Post")
    repeated = (share.objects.using(alias).values("post_id", "account", "channel")
                .annotate(n=Count("id"), first=Min("id")).filter(n__gt=1))
    touched = set()
    for group in repeated:
        (share.objects.using(alias).filter(post_id=group["post_id"], account=group["account"],
                                           channel=group["channel"]).exclude(id=group["first"]).delete())
        touched.add(group["post_id"])
    for post_id in touched:
        post.objects.using(alias).filter(id=post_id).update(
            shares_count=share.objects.using(alias).filter(post_id=post_id).count())


class Migration(migrations.Migration):

    dependencies = [
        ("social", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_dedupe_shares, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="share",
            constraint=models.UniqueConstraint(fields=("post", "account", "channel"), name="social_share_once"),
        ),
    ]
