"""URL helpers: every model gets list / add / detail / edit / delete under the same names."""

from django.urls import path

__all__ = ["object_urls"]


def object_urls(prefix: str, model_name: str, views: dict) -> list:
    """URL patterns ``<prefix>/``, ``<prefix>/add/``, ``<prefix>/<pk>/``, ``…/edit/``, ``…/delete/``.

    ``views`` maps an action (list, detail, edit, delete) to a view class; actions left out get no URL.
    """
    patterns = []
    if "list" in views:
        patterns.append(path(f"{prefix}/", views["list"].as_view(), name=f"{model_name}_list"))
    if "edit" in views:
        patterns.append(path(f"{prefix}/add/", views["edit"].as_view(), name=f"{model_name}_add"))
        patterns.append(path(f"{prefix}/<int:pk>/edit/", views["edit"].as_view(), name=f"{model_name}_edit"))
    if "detail" in views:
        patterns.append(path(f"{prefix}/<int:pk>/", views["detail"].as_view(), name=f"{model_name}_detail"))
    if "delete" in views:
        patterns.append(path(f"{prefix}/<int:pk>/delete/", views["delete"].as_view(), name=f"{model_name}_delete"))
    return patterns
