from kyoso.core.api import ServiceModelSerializer

from ..models import Application, Award, Duty


class ApplicationSerializer(ServiceModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "consortium", "programme", "title", "inventions", "applicant", "partner", "amount_asked",
                  "call_deadline", "status", "decided_on", "notes"]
        read_only_fields = ["decided_on"]


class AwardSerializer(ServiceModelSerializer):
    class Meta:
        model = Award
        fields = ["id", "application", "consortium", "programme", "number", "title", "funder", "recipient", "partner",
                  "inventions", "agreement", "start", "end", "budget", "commissioned", "milestones", "grant", "notes"]
        read_only_fields = ["grant"]


class DutySerializer(ServiceModelSerializer):
    class Meta:
        model = Duty
        fields = ["id", "award", "duty", "invention", "filing", "label", "due", "state", "done_on", "reference", "note"]
