# The respondent-group fields take their choices from a function over the registry
# (surveys/groups.py), so a new group needs no migration.

from django.db import migrations, models

import samla.surveys.models


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0003_packed_rows"),
        ("surveys", "0005_respondent_group_choices_from_registry"),
    ]

    operations = [
        migrations.AlterField(
            model_name=model_name,
            name="respondent_group",
            field=models.CharField(
                choices=samla.surveys.models.respondent_group_choices,
                max_length=30,
                **({"verbose_name": "respondent group"} if named else {}),
            ),
        )
        for model_name, named in (
            ("reference", False),
            ("reliability", False),
            ("resultsheet", True),
        )
    ]
