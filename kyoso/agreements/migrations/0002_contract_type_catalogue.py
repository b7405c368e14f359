"""Load the model-contract catalogue (Sakura Tool types 0–10 and others) as editable data."""

import json
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "contract_types.json"


def load(apps, schema_editor):
    ContractType = apps.get_model("agreements", "ContractType")
    for row in json.loads(CATALOGUE.read_text(encoding="utf-8")):
        ContractType.objects.update_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
