"""One token per sign-in: the row a session names with `sign_in` (the rows of no sign-in went
in the migration before, in a transaction of its own)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_forget_tokens_of_no_sign_in"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="quaytoken",
            name="sign_in",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="quaytoken",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="quay_tokens",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="quaytoken",
            name="created",
            field=models.DateTimeField(auto_now_add=True),
        ),
    ]
