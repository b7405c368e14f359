"""A few small generated documents on the demo's records: a signed agreement, disclosure forms
(one in two versions, one on a confidential invention), an office action and its reply, royalty
reports of two licensees and an invoice. The PDFs are written here byte by byte (:func:`tiny_pdf`)."""

from __future__ import annotations

__all__ = ["build_documents", "tiny_pdf"]


def tiny_pdf(*lines: str) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII) in Helvetica: objects, cross-reference table, trailer."""
    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines) + " ET"
    stream = text.encode("ascii", "replace")  # non-ASCII (a Japanese number) reads as "?"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def build_documents(builder) -> None:
    from django.core.files.base import ContentFile

    from kyoso.budget.models import Cost
    from kyoso.ip.models import Filing, Invention
    from kyoso.licensing.models import Licence, LicenceRequest

    from .choices import DocumentKind
    from .services import attach

    user = builder.actor
    agreement = builder.main_agreement
    attach(agreement, ContentFile(tiny_pdf(f"Consortium agreement {agreement.number}", "Signed by all parties.",
                                           "(demo document)"), name=f"{agreement.number}-signed.pdf"),
           kind=DocumentKind.SIGNED_AGREEMENT, title="共同研究契約書（署名済）", user=user)

    endo = Invention.objects.filter(inventors__person__family_name="Endo").distinct().order_by("pk")
    open_one = endo.filter(confidential=False).first()
    if open_one is not None:
        for version, note in ((1, "初回届出"), (2, "発明者の住所を訂正")):
            attach(open_one, ContentFile(tiny_pdf(f"Invention disclosure form {open_one.reference}", f"Version {version}",
                                                  "(demo document)"), name=f"{open_one.reference}-disclosure.pdf"),
                   kind=DocumentKind.DISCLOSURE_FORM, title="発明届出書", note=note, user=user)
    confidential = endo.filter(confidential=True).first() or Invention.objects.filter(confidential=True).order_by("pk").first()
    if confidential is not None:
        attach(confidential, ContentFile(tiny_pdf(f"Invention disclosure form {confidential.reference}", "Confidential.",
                                                  "(demo document)"), name=f"{confidential.reference}-disclosure.pdf"),
               kind=DocumentKind.DISCLOSURE_FORM, title="発明届出書", user=user)

    filing = Filing.objects.filter(office="JP").exclude(application_number="").order_by("pk").first()
    if filing is not None:
        attach(filing, ContentFile(tiny_pdf(f"Notice of reasons for refusal, {filing.application_number}",
                                            "Claims 1-3: inventive step (Art. 29(2)).", "(demo document)"),
                                   name="office-action.pdf"), kind=DocumentKind.OFFICE_ACTION, title="拒絶理由通知書", user=user)
        attach(filing, ContentFile(tiny_pdf(f"Written opinion and amendment, {filing.application_number}", "(demo document)"),
                                   name="reply.pdf"), kind=DocumentKind.REPLY, title="意見書・手続補正書", user=user)

    for licence in Licence.objects.filter(licensee__short_name__in=("Asahi Devices", "Boso Motors")).order_by("pk"):
        report = f"licence,fiscal_year,net_sales,royalty\n{licence.number},2025,120000000,3600000\n"
        attach(licence, ContentFile(report.encode(), name=f"{licence.number}-royalty-FY2025.csv"),
               kind=DocumentKind.ROYALTY_REPORT, title="実施料報告書 2025年度", user=user)

    request = LicenceRequest.objects.order_by("pk").first()
    if request is not None:
        attach(request, ContentFile(b"Business plan summary for the requested licence (demo document).\n", name="business-plan.txt"),
               kind=DocumentKind.OTHER, title="事業計画の概要", user=user)
    cost = Cost.objects.exclude(invoice_number="").order_by("pk").first()
    if cost is not None:
        attach(cost, ContentFile(tiny_pdf(f"Invoice {cost.invoice_number}", f"{cost.amount} yen", "(demo document)"),
                                 name=f"invoice-{cost.pk}.pdf"), kind=DocumentKind.INVOICE, title=f"請求書 {cost.invoice_number}", user=user)
