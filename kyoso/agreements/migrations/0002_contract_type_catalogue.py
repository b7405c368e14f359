"""Load the model-contract catalogue (Sakura Tool types 0–10 and others) as editable data."""

from django.db import migrations

from kyoso.agreements.catalogue import load_contract_types


def load(apps, schema_editor):
    load_contract_types(apps.get_model("agreements", "ContractType"))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
