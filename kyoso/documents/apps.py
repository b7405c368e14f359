from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Files kept beside agreements, inventions, filings, licences, requests, review rights and costs."""

    name = "kyoso.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from .panels import register

        register()

    def extend_demo(self, builder):
        """A few small generated documents on the demo's records."""
        from .demo import build_documents

        build_documents(builder)
