"""API representations of licensing records; decisions and computed amounts are read-only."""

from drf_spectacular.utils import extend_schema_serializer

from kyoso.core.api import ServiceModelSerializer
from kyoso.core.roles import Role, actor_of
from kyoso.ip.models import Invention
from kyoso.parties.models import Organisation

from ..models import (
    CompanyClassAssignment,
    DistributionRun,
    Invoice,
    Licence,
    LicenceRequest,
    LicensingPolicy,
    RoyaltyReport,
    RoyaltyTerm,
    ShareClass,
    ShareClassScheme,
    StatementLine,
)


class ShareClassSchemeSerializer(ServiceModelSerializer):
    class Meta:
        model = ShareClassScheme
        fields = ["id", "consortium", "name", "version", "effective_from", "title", "basis", "topic", "standard_royalty",
                  "counts_in_kind", "active", "illustrative", "source"]


class ShareClassSerializer(ServiceModelSerializer):
    class Meta:
        model = ShareClass
        fields = ["id", "scheme", "name", "min_share", "rights", "royalty_discount", "label", "label_ja"]


class AssignmentSerializer(ServiceModelSerializer):
    class Meta:
        model = CompanyClassAssignment
        fields = ["id", "scheme", "company", "fiscal_year", "contribution", "total", "share", "share_class", "arithmetic", "modified"]
        read_only_fields = fields


class LicensingPolicySerializer(ServiceModelSerializer):
    class Meta:
        model = LicensingPolicy
        fields = ["id", "consortium", "preset", "version", "effective_from", "title", "active", "governs_costs", "body"]


# "LicenceRequest" would collide with the request body component of LicenceSerializer.
@extend_schema_serializer(component_name="LicensingRequest")
class LicenceRequestSerializer(ServiceModelSerializer):
    """As the web form (:class:`kyoso.licensing.forms.LicenceRequestForm`): asking about an invention
    or under a policy needs only to see them; a company asks for itself."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            actor = actor_of(request.user)
            fields["invention"].queryset = Invention.objects.for_user(actor).exclude(consortium=None)
            fields["policy"].queryset = LicensingPolicy.objects.for_user(actor).filter(active=True)
            if actor.role == Role.COMPANY:
                fields["requester"].queryset = Organisation.objects.filter(pk=actor.organisation_id)
        return fields

    class Meta:
        model = LicenceRequest
        fields = ["id", "reference", "consortium", "requester", "invention", "policy", "purpose", "field", "territory",
                  "exclusive", "requested_on", "note", "status", "decision", "rule", "next_step", "facts", "explanation",
                  "committee_note"]
        read_only_fields = ["reference", "consortium", "status", "decision", "rule", "next_step", "facts", "explanation",
                            "committee_note"]


class LicenceSerializer(ServiceModelSerializer):
    class Meta:
        model = Licence
        fields = ["id", "number", "consortium", "licensee", "request", "field", "territory", "exclusivity", "sublicensing",
                  "start", "end", "status", "share_class", "class_discount", "notes"]


class RoyaltyTermSerializer(ServiceModelSerializer):
    class Meta:
        model = RoyaltyTerm
        fields = ["id", "licence", "kind", "standard_rate", "amount", "event", "due_on"]


class RoyaltyReportSerializer(ServiceModelSerializer):
    class Meta:
        model = RoyaltyReport
        fields = ["id", "licence", "period_start", "period_end", "net_sales", "running_royalty", "other_due", "received_on", "note"]
        read_only_fields = ["running_royalty"]


class InvoiceSerializer(ServiceModelSerializer):
    class Meta:
        model = Invoice
        fields = ["id", "licence", "report", "number", "issued_on", "amount", "received_on", "received_amount"]


class DistributionRunSerializer(ServiceModelSerializer):
    class Meta:
        model = DistributionRun
        fields = ["id", "rule", "fiscal_year", "income", "notes", "modified"]
        read_only_fields = fields


class StatementLineSerializer(ServiceModelSerializer):
    class Meta:
        model = StatementLine
        fields = ["id", "run", "licence", "invention", "step", "organisation", "person", "amount", "working"]
        read_only_fields = fields
