"""Issue 14: the passage/claim → authority relations `invokes` and `contests` become four.

`invokes` → `relies_on` and `contests` → `disputes` (the nearest of the four: a contest
was mostly "the authority does not apply"); `violates` and `complies` are new. The event
rows' snapshots are renamed too, so review histories and round diffs read the new names.
Going back maps the four onto the two (`violates` and `complies` cited the authority, so
they become `invokes`): lossy, but it leaves every link in place.
"""

from django.db import migrations, models

FORWARD = {"invokes": "relies_on", "contests": "disputes"}
BACKWARD = {"relies_on": "invokes", "complies": "invokes", "violates": "invokes",
            "disputes": "contests"}
NEW = ["supports", "attacks", "undercuts", "relies_on", "violates", "disputes", "complies"]


def _rename(apps, names):
    Link = apps.get_model("maps", "Link")
    Event = apps.get_model("maps", "Event")
    for old, new in names.items():
        Link.objects.filter(relation=old).update(relation=new)
    changed = []
    for event in Event.objects.filter(target_type="link").only("id", "before", "after"):
        touched = False
        for snapshot in (event.before, event.after):
            if isinstance(snapshot, dict) and snapshot.get("relation") in names:
                snapshot["relation"] = names[snapshot["relation"]]
                touched = True
        if touched:
            changed.append(event)
    Event.objects.bulk_update(changed, ["before", "after"], batch_size=500)


def forward(apps, schema_editor):
    _rename(apps, FORWARD)


def backward(apps, schema_editor):
    _rename(apps, BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("maps", "0001_initial"),
    ]

    operations = [
        # The check names the allowed values: lift it while the rows change.
        migrations.RemoveConstraint(model_name="link", name="link_relation_valid"),
        migrations.AlterField(
            model_name="link",
            name="relation",
            field=models.CharField(
                choices=[("supports", "supports"), ("attacks", "attacks"),
                         ("undercuts", "undercuts"), ("relies_on", "relies on"),
                         ("violates", "says violates"), ("disputes", "disputes applicability"),
                         ("complies", "says complies")],
                help_text="supports, attacks, undercuts (a link); relies_on, violates, "
                          "disputes, complies (a passage or claim → an authority).",
                max_length=10),
        ),
        migrations.AlterField(
            model_name="link",
            name="target",
            field=models.ForeignKey(
                blank=True,
                help_text="The node supported or attacked, or the authority relied on, said "
                          "to be violated or complied with, or whose applicability is "
                          "disputed.",
                null=True, on_delete=models.deletion.CASCADE, related_name="links_in",
                to="maps.node"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AddConstraint(
            model_name="link",
            constraint=models.CheckConstraint(condition=models.Q(relation__in=NEW),
                                              name="link_relation_valid"),
        ),
    ]
