from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Files kept beside agreements, inventions, filings, licences, requests, review rights and costs."""

    name = "kyoso.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from kyoso.core import hooks

        from .panels import register
        from .services import keep_signed_agreement

        register()
        hooks.register("agreement_signed", keep_signed_agreement)  # the signed PDF kept on the agreement

    def extend_demo(self, builder):
        """A few small generated documents on the demo's records."""
        from .demo import build_documents

        build_documents(builder)
