# The respondent-group fields take their choices from a function over the registry
# (surveys/groups.py), so a new group needs no migration.

from django.db import migrations, models

import samla.surveys.models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_code_marks_and_random_response_ids"),
    ]

    operations = [
        migrations.AlterField(
            model_name=model_name,
            name="respondent_group",
            field=models.CharField(
                choices=samla.surveys.models.respondent_group_choices,
                max_length=30,
                verbose_name="respondent group",
            ),
        )
        for model_name in ("accesscode", "instrumentversion", "response", "roundinstrument")
    ]
