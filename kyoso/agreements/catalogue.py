"""The model-contract catalogue (Sakura Tool types 0–10 and others), loaded from editable data."""

import json
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent / "data" / "contract_types.json"

__all__ = ["load_contract_types"]


def load_contract_types(contract_type_model) -> int:
    """Create or update every catalogue row (idempotent); returns how many rows the file has.

    Takes the model class so the data migration can pass its historical model.
    """
    rows = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for row in rows:
        contract_type_model.objects.update_or_create(code=row["code"], defaults=row)
    return len(rows)
