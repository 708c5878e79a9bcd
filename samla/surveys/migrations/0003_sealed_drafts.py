# Unfinished answers sealed under a key derived from the code (issue 14, point 3).
#
# The old drafts were keyed by the code's HMAC with their answers in plain JSON. They cannot
# be sealed now: that needs the code, which Samla never had. So the table is dropped with
# them and made anew: respondents who had started and not submitted find their code still
# works and start the questionnaire again with empty answers. Upgrade between survey
# windows to lose none. Dropping the table (rather than deleting its rows) also removes
# PostgreSQL's relation files, which kept deleted drafts' bytes; on SQLite run VACUUM
# afterwards to rewrite the freed pages (docs/privacy.md, "Leftovers in files").
#
# Reversing makes the old, empty table again; sealed drafts are lost the same way.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0002_uploads_and_consent'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Draft',
        ),
        migrations.CreateModel(
            name='Draft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lookup', models.BinaryField(max_length=32, unique=True)),
                ('sealed', models.BinaryField()),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='surveys.round')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='surveys.instrumentversion')),
            ],
            options={
                'verbose_name': 'unfinished answer',
                'verbose_name_plural': 'unfinished answers',
            },
        ),
    ]
