"""Read-only API over review rounds, rights under review and votes (decisions and votes are made
through the services on the web pages, which carry them out on the filings)."""

from rest_framework import viewsets

from kyoso.core.roles import VIEW

from ..filtersets import ReviewItemFilterSet, ReviewRoundFilterSet
from ..models import MemberVote, ReviewItem, ReviewRound
from .serializers import MemberVoteSerializer, ReviewItemSerializer, ReviewRoundSerializer


class _Scoped(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return self.queryset.for_user(self.request.user, VIEW)


class ReviewRoundViewSet(_Scoped):
    queryset = ReviewRound.objects.all()
    serializer_class = ReviewRoundSerializer
    filterset_class = ReviewRoundFilterSet


class ReviewItemViewSet(_Scoped):
    queryset = ReviewItem.objects.all()
    serializer_class = ReviewItemSerializer
    filterset_class = ReviewItemFilterSet


class MemberVoteViewSet(_Scoped):
    queryset = MemberVote.objects.all()
    serializer_class = MemberVoteSerializer
