"""Issue 14: suggestions use the maps' four passage → authority relations.

Stored `invokes` rows become `relies_on`, `contests` rows `disputes`; going back, the four
fold onto the two (`violates` and `complies` cited the authority: `invokes`).
"""

from django.db import migrations, models

FORWARD = {"invokes": "relies_on", "contests": "disputes"}
BACKWARD = {"relies_on": "invokes", "complies": "invokes", "violates": "invokes",
            "disputes": "contests"}


def _rename(apps, names):
    Suggestion = apps.get_model("analysis", "Suggestion")
    for old, new in names.items():
        Suggestion.objects.filter(relation=old).update(relation=new)


def forward(apps, schema_editor):
    _rename(apps, FORWARD)


def backward(apps, schema_editor):
    _rename(apps, BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("analysis", "0003_analysis_run"),
    ]

    operations = [
        migrations.AlterField(
            model_name="suggestion",
            name="relation",
            field=models.CharField(
                choices=[("relies_on", "relies on"), ("violates", "says violates"),
                         ("disputes", "disputes applicability"),
                         ("complies", "says complies")],
                max_length=10),
        ),
        migrations.RunPython(forward, backward),
    ]
