"""Where documents' bytes are kept: a directory under ``var/`` or an S3-compatible bucket.

``document_storage_settings(env)`` is read by ``kyoso.settings`` into ``STORAGES["documents"]``:

- ``KYOSO_DOCUMENT_STORAGE=local`` (the default): ``FileSystemStorage`` in ``KYOSO_DOCUMENT_ROOT``
  (default ``var/media/documents``, inside the media folder ``kyoso backup`` archives), which nothing
  serves; files leave only through the download view.
- ``KYOSO_DOCUMENT_STORAGE=s3``: django-storages' ``S3Storage`` with ``KYOSO_DOCUMENT_S3_BUCKET``,
  ``…_S3_ENDPOINT_URL`` (MinIO, Sakura, Wasabi… empty for AWS), ``…_S3_REGION``,
  ``…_S3_ACCESS_KEY``/``…_S3_SECRET_KEY`` (empty: the usual AWS credential chain) and
  ``…_S3_PREFIX`` (default ``documents``). Objects are private; the library (boto3) is imported
  only when this backend is first used.

Files are named after their SHA-256 (``ab/abcdef….pdf``): the same bytes are stored once, and no
user-given name reaches the store.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["document_storage_settings", "document_storage", "storage_name"]

S3_BACKEND = "storages.backends.s3.S3Storage"
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"


def document_storage_settings(env, default_root: Path) -> dict:
    """The ``STORAGES["documents"]`` entry the environment asks for (no import of the backend)."""
    kind = env.str("KYOSO_DOCUMENT_STORAGE", default="local").lower()
    if kind == "s3":
        options = {
            "bucket_name": env.str("KYOSO_DOCUMENT_S3_BUCKET"),
            "location": env.str("KYOSO_DOCUMENT_S3_PREFIX", default="documents"),
            "default_acl": None,  # private: the bucket's own policy, never public-read
            "querystring_auth": True,
            "file_overwrite": False,
        }
        for option, name in (("endpoint_url", "ENDPOINT_URL"), ("region_name", "REGION"),
                             ("access_key", "ACCESS_KEY"), ("secret_key", "SECRET_KEY")):
            value = env.str(f"KYOSO_DOCUMENT_S3_{name}", default="")
            if value:
                options[option] = value
        return {"BACKEND": S3_BACKEND, "OPTIONS": options}
    if kind != "local":
        raise ValueError(f"KYOSO_DOCUMENT_STORAGE must be 'local' or 's3', not {kind!r}")
    root = Path(env.str("KYOSO_DOCUMENT_ROOT", default=str(default_root)))
    return {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": str(root), "base_url": "/no-public-url/"}}


def document_storage():
    """The storage documents are kept in (``STORAGES["documents"]``)."""
    from django.core.files.storage import storages

    return storages["documents"]


def storage_name(sha256: str, extension: str) -> str:
    """``ab/abcdef….pdf``: where the bytes with this digest are kept."""
    return f"{sha256[:2]}/{sha256}{extension}"
