# Code entry and submit no longer touch the code's row (CodeMark, applied in batches), and
# responses get random ids (issue 14, point 3).
#
# Responses already stored keep their ids. On PostgreSQL each submitted code's row still
# carries the id of the transaction that wrote its response (xmin); the last step rewrites
# all submitted codes' rows in this migration's one transaction, so that pairing is gone
# once VACUUM has removed the old row versions. SQLite keeps no transaction ids in rows.

import django.db.models.deletion
import samla.surveys.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0003_sealed_drafts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='response',
            name='id',
            field=models.BigIntegerField(default=samla.surveys.models._random_response_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.CreateModel(
            name='CodeMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lookup', models.BinaryField(max_length=32, unique=True)),
                ('state', models.CharField(choices=[('issued', 'Issued'), ('started', 'Started'), ('submitted', 'Submitted'), ('revoked', 'Revoked')], max_length=10)),
                ('sealed_code', models.BinaryField()),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='surveys.round')),
            ],
        ),
        migrations.RunSQL(
            "UPDATE surveys_accesscode SET state = state WHERE state = 'submitted'",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
