from kyoso.core.api import ServiceModelSerializer

from ..models import Affiliation, Organisation, Person


class OrganisationSerializer(ServiceModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "name_ja", "short_name", "kind", "size", "is_domestic", "country", "corporate_number", "website", "spin_off_of", "founded_on", "survey_baseline", "created", "modified"]


class PersonSerializer(ServiceModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "family_name", "given_name", "family_name_ja", "given_name_ja", "kind", "email", "researcher_number", "created", "modified"]


class AffiliationSerializer(ServiceModelSerializer):
    class Meta:
        model = Affiliation
        fields = ["id", "person", "organisation", "department", "title", "start", "end"]
