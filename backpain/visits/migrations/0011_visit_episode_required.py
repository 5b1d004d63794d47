import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0010_every_visit_in_an_episode"),
    ]

    operations = [
        migrations.AlterField(
            model_name="visit",
            name="episode",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="visits", to="episodes.episode"),
        ),
    ]
