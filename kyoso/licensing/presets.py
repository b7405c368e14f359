"""Install the shipped rule data (policy presets, class tables, compensation rules) as records."""

from __future__ import annotations

import json
from datetime import date

from kyoso.core.services import save_object
from kyoso.rules.distribution import _data_dir as compensation_dir
from kyoso.rules.policy import _data_dir as policy_dir
from kyoso.rules.shares import _data_dir as scheme_dir

from .models import CompensationPolicy, LicensingPolicy, ShareClass, ShareClassScheme

__all__ = ["install_policy", "install_scheme", "install_compensation_policy"]


def _read(directory, name: str) -> dict:
    return json.loads(directory().joinpath(f"{name}.json").read_text(encoding="utf-8"))


def install_scheme(consortium, name: str, *, effective_from: date, user, **options) -> ShareClassScheme:
    """A consortium's class table copied from ``rules/data/share_classes/<name>.json``."""
    data = _read(scheme_dir, name)
    scheme = save_object(ShareClassScheme(
        consortium=consortium, name=data["id"], version=data["version"], effective_from=effective_from,
        title=data["title"], source=data["source"], illustrative=data["illustrative"], **options,
    ), user=user)
    for row in data["classes"]:
        save_object(ShareClass(scheme=scheme, name=row["name"], min_share=row["min_share"], rights=row["rights"],
                               royalty_discount=row["royalty_discount"], label=row.get("label", ""),
                               label_ja=row.get("label_ja", "")), user=user)
    return scheme


def install_policy(consortium, preset: str, *, effective_from: date, user, **options) -> LicensingPolicy:
    """A consortium's policy copied from ``rules/data/policies/<preset>.json`` (the version is the file's)."""
    body = _read(policy_dir, preset)
    return save_object(LicensingPolicy(
        consortium=consortium, preset=preset, version=body["version"], effective_from=effective_from,
        title=body["title"], body=body, **options,
    ), user=user)


def install_compensation_policy(university, name: str, *, effective_from: date, user) -> CompensationPolicy:
    body = _read(compensation_dir, name)
    return save_object(CompensationPolicy(university=university, name=name, version=body["version"],
                                          effective_from=effective_from, body=body), user=user)
