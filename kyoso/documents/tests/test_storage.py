"""Where documents are kept: var/documents by default, an S3-compatible bucket by setting.

The S3 path is checked as far as configuration (no network): the settings the environment
gives, the storage Django builds from them, and that the S3 library is not imported otherwise.
"""

import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings

from kyoso.documents.storage import document_storage, document_storage_settings

S3_ENV = {
    "KYOSO_DOCUMENT_STORAGE": "s3",
    "KYOSO_DOCUMENT_S3_BUCKET": "kyoso-docs",
    "KYOSO_DOCUMENT_S3_ENDPOINT_URL": "https://s3.isk01.sakurastorage.jp",
    "KYOSO_DOCUMENT_S3_REGION": "jp-north-1",
    "KYOSO_DOCUMENT_S3_ACCESS_KEY": "AKIAEXAMPLE",
    "KYOSO_DOCUMENT_S3_SECRET_KEY": "secret-example",
}


def _env(values: dict, monkeypatch) -> environ.Env:
    for name in [n for n in os.environ if n.startswith("KYOSO_DOCUMENT_")]:
        monkeypatch.delenv(name)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return environ.Env()


def test_by_default_documents_are_files_under_var(monkeypatch):
    config = document_storage_settings(_env({}, monkeypatch), Path("/srv/kyoso/var/media/documents"))
    assert config == {"BACKEND": "django.core.files.storage.FileSystemStorage",
                      "OPTIONS": {"location": "/srv/kyoso/var/media/documents", "base_url": "/no-public-url/"}}
    moved = document_storage_settings(_env({"KYOSO_DOCUMENT_ROOT": "/data/documents"}, monkeypatch), Path("/x"))
    assert moved["OPTIONS"]["location"] == "/data/documents"


def test_the_default_store_is_in_the_media_folder_that_backups_archive():
    location = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
    if "KYOSO_DOCUMENT_ROOT" not in os.environ:
        assert location == Path(settings.MEDIA_ROOT) / "documents"


def test_s3_settings_name_the_bucket_endpoint_and_keys_and_keep_objects_private(monkeypatch):
    config = document_storage_settings(_env(S3_ENV, monkeypatch), Path("/srv/kyoso/var/media/documents"))
    assert config == {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "kyoso-docs", "location": "documents", "default_acl": None, "querystring_auth": True,
        "file_overwrite": False, "endpoint_url": "https://s3.isk01.sakurastorage.jp", "region_name": "jp-north-1",
        "access_key": "AKIAEXAMPLE", "secret_key": "secret-example",
    }}
    with override_settings(STORAGES={**settings.STORAGES, "documents": config}):
        storage = document_storage()
        assert type(storage).__module__ == "storages.backends.s3"
        assert (storage.bucket_name, storage.endpoint_url, storage.region_name, storage.location) == (
            "kyoso-docs", "https://s3.isk01.sakurastorage.jp", "jp-north-1", "documents")
        assert storage.default_acl is None and storage.file_overwrite is False
    assert type(storages["documents"]).__name__ == "FileSystemStorage"  # back to the default afterwards


def test_an_unknown_storage_is_refused(monkeypatch):
    with pytest.raises(ValueError, match="KYOSO_DOCUMENT_STORAGE must be 'local' or 's3'"):
        document_storage_settings(_env({"KYOSO_DOCUMENT_STORAGE": "ftp"}, monkeypatch), Path("/tmp"))


def test_s3_library_is_not_imported_unless_configured():
    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'kyoso.settings'; django.setup();"
        "from kyoso.documents.storage import document_storage; document_storage();"
        "import kyoso.documents.services, kyoso.documents.views, kyoso.documents.api.views;"
        "print(sorted(m for m in sys.modules if m.startswith(('boto3', 'botocore', 'storages'))))"
    )
    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYOSO_DOCUMENT_STORAGE")}
    env["PYTHONPATH"] = str(root)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=True)
    assert result.stdout.strip() == "[]"


def test_the_store_is_not_under_the_static_files():
    location = Path(settings.STORAGES["documents"]["OPTIONS"]["location"]).resolve()
    assert Path(settings.STATIC_ROOT).resolve() not in location.parents
    assert location != Path(settings.STATIC_ROOT).resolve()
