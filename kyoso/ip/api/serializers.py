from decimal import Decimal, InvalidOperation
from fractions import Fraction

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kyoso.core.api import ServiceModelSerializer
from kyoso.parties.models import Organisation, Person
from kyoso.rules.owners import ShareError, as_share, format_share, share_percent

from ..choices import ProposalKind
from ..models import ChangeProposal, Family, Filing, Invention


@extend_schema_field(OpenApiTypes.STR)
class ShareField(serializers.Field):
    """An exact share: written ``"1/3"`` (a fraction) or ``"33.5%"`` / ``"33.5"`` / ``33.5`` (a
    percentage); answered as the exact fraction ``"1/3"`` (a sole owner: ``"1/1"``)."""

    default_error_messages = {
        "invalid": "{value} is not a share: write a fraction such as 1/3 or a percentage such as 33.5%.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid", value=repr(data))
        try:
            if isinstance(data, float):
                data = Decimal(str(data))
            return as_share(data)
        except (ShareError, InvalidOperation):
            self.fail("invalid", value=data)

    def to_representation(self, value):
        return format_share(value if isinstance(value, Fraction) else as_share(value))


class OwnerShareSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    share = ShareField(help_text="The owner's share (持分), exact: \"1/3\"; \"33.5%\" is accepted on input")
    percent = serializers.SerializerMethodField(help_text="The share as a percentage to two places (read only)")

    def get_percent(self, owner) -> str:
        return share_percent(owner.share if hasattr(owner, "share") else as_share(owner["share"]))


class InventorShareSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    contribution = serializers.DecimalField(max_digits=5, decimal_places=2)


class InventionSerializer(ServiceModelSerializer):
    """An invention with its owners and inventors; each list, when given, replaces the old one
    and must total 100 %. Owner shares are exact fractions (``"1/3"``), with their percentage. A new invention must name its owners (checked by the service, like the
    form and the import). A researcher changes only the description; the owners and inventors
    they give with a new disclosure become a change proposal."""

    reference = serializers.CharField(read_only=True)
    owners = OwnerShareSerializer(many=True, required=False)
    inventors = InventorShareSerializer(many=True, required=False)

    class Meta:
        model = Invention
        fields = [
            "id", "reference", "title", "title_ja", "abstract", "disclosed_on", "consortium", "topic", "agreement",
            "ip_kind", "confidential", "status", "technology_area", "owners", "inventors", "created", "modified",
        ]


class FamilySerializer(ServiceModelSerializer):
    class Meta:
        model = Family
        fields = ["id", "invention", "reference", "title"]


class FilingSerializer(ServiceModelSerializer):
    class Meta:
        model = Filing
        fields = [
            "id", "family", "parent", "office", "kind", "status", "application_number", "publication_number",
            "registration_number", "priority_date", "filing_date", "publication_date", "exam_requested_on",
            "grant_decision_on", "registered_on", "office_action_on", "refusal_served_on", "claims", "searched_by", "us_entity", "ep_micro_entity", "created", "modified",
        ]


class ProposalRowSerializer(serializers.Serializer):
    party = serializers.IntegerField(help_text="Organisation id (a change of owners) or person id (of inventors)")
    share = ShareField()


class ChangeProposalSerializer(ServiceModelSerializer):
    """A proposed change of an invention's owners or inventor contributions.

    ``rows`` are ``{"party": id, "share": "1/3"}`` (``"33.5%"`` is accepted too): organisation ids for ``kind`` "owners",
    person ids for "inventors". ``current_rows`` are the invention's rows now, ``rows_before``
    those when it was proposed.
    """

    rows = ProposalRowSerializer(many=True)
    rows_before = ProposalRowSerializer(many=True, read_only=True)
    current_rows = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ChangeProposal
        fields = [
            "id", "invention", "kind", "rows", "reason", "rows_before", "current_rows", "proposed_by", "status",
            "decided_by", "decided_at", "decision_note", "created", "modified",
        ]
        read_only_fields = ["status", "decided_at", "decision_note"]

    def get_current_rows(self, proposal) -> list[dict]:
        return proposal.current_rows()


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
