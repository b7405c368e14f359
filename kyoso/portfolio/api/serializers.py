from rest_framework import serializers

from ..models import MemberVote, ReviewItem, ReviewRound


class ReviewRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewRound
        fields = ["id", "consortium", "title", "as_of", "within_months", "horizon_years", "weights", "status"]


class ReviewItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewItem
        fields = ["id", "round", "filing", "next_due", "remaining_years", "cost_5y", "fund_cost_5y", "licences",
                  "share_classes", "area", "area_weight", "score", "components", "recommendation", "decision",
                  "decided_on", "transferee", "decision_note", "saving"]


class MemberVoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberVote
        fields = ["id", "item", "organisation", "vote", "opts_in", "note"]
