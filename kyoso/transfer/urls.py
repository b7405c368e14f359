from django.urls import path

from kyoso.core.urls import object_urls

from . import views

app_name = "transfer"

_PREFIXES = {
    "technology": "transfer/technologies", "deal": "transfer/deals", "contactlog": "transfer/contacts",
    "dealagreement": "transfer/deal-agreements", "trainingprogramme": "transfer/programmes", "trainee": "transfer/trainees",
    "assessment": "transfer/assessments", "followup": "transfer/follow-ups", "committeedecision": "transfer/committee-decisions",
    "programmecost": "transfer/programme-costs",
}

urlpatterns = [
    path("transfer/", views.HomeView.as_view(), name="home"),
    path("transfer/trainees/report/", views.TraineeReportView.as_view(), name="trainee_report"),
    path("transfer/deals/<int:pk>/move/", views.DealMoveView.as_view(), name="deal_move"),
    path("transfer/technologies/<int:pk>/publish/", views.TechnologyPublishView.as_view(), name="technology_publish"),
    path("transfer/technologies/<int:pk>/pdf/", views.TechnologyPdfView.as_view(), name="technology_pdf"),
    # The public, read-only pages of published technologies (no login).
    path("t/<slug:slug>/", views.PublicTechnologyView.as_view(), name="public_technology"),
    path("t/<slug:slug>/pdf/", views.PublicTechnologyPdfView.as_view(), name="public_technology_pdf"),
]
for _name, _prefix in _PREFIXES.items():
    urlpatterns += object_urls(_prefix, _name, views.PAGES[_name])
