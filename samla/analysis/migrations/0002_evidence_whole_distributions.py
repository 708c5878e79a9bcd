"""Frozen evidence re-checked by the rule that an item's distribution is shown whole or
not at all (issue 14): an item copied with a withheld option keeps its n only — its
answer shares, mean, SD and lowest-band share are cleared, since with them the withheld
counts could be worked out. Nothing else changes; there is nothing to put back."""

from django.db import migrations


def whole_distributions_only(figures: dict) -> dict:
    """Snapshot figures with an item whose answer shares miss an option reduced to its n
    (a new dict; the same content when nothing changes)."""
    items = []
    for item in figures.get("items", []):
        options = item.get("options", [])
        if not item.get("hidden") and any(share is None for _labels, share in options):
            item = {**item, "options": [[labels, None] for labels, _share in options]}
            item.update(mean=None, sd=None, low_share=None)
        items.append(item)
    return {**figures, "items": items}


def recheck(apps, schema_editor):
    Snapshot = apps.get_model("analysis", "EvidenceSnapshot")
    for snapshot in Snapshot.objects.only("pk", "figures").iterator(chunk_size=500):
        figures = whole_distributions_only(snapshot.figures)
        if figures != snapshot.figures:
            Snapshot.objects.filter(pk=snapshot.pk).update(figures=figures)


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]

    operations = [migrations.RunPython(recheck, migrations.RunPython.noop)]
