from kyoso.core.api import ServiceModelSerializer

from ..models import Consortium, Membership, ResearchArea, ResearchTopic


class ConsortiumSerializer(ServiceModelSerializer):
    class Meta:
        model = Consortium
        fields = ["id", "slug", "name", "name_ja", "programme_type", "lead_institution", "first_fiscal_year", "last_fiscal_year", "description", "created", "modified"]


class MembershipSerializer(ServiceModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "consortium", "organisation", "role", "joined", "left"]


class ResearchAreaSerializer(ServiceModelSerializer):
    class Meta:
        model = ResearchArea
        fields = ["id", "consortium", "name", "name_ja"]


class ResearchTopicSerializer(ServiceModelSerializer):
    class Meta:
        model = ResearchTopic
        fields = ["id", "consortium", "area", "code", "title", "title_ja", "participants"]
