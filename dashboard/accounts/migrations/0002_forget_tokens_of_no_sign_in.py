"""One token per sign-in instead of one per person.

A stored token used to belong to the person, whichever browser signed in last; no session can
name those rows, so they are deleted: everyone signs in once more after this upgrade.
"""

from django.db import migrations


def forget_tokens_of_no_sign_in(apps, schema_editor):
    apps.get_model("accounts", "QuayToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget_tokens_of_no_sign_in, migrations.RunPython.noop),
    ]
