from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/read-all/", views.mark_all_read, name="notification_read_all"),
    path("notifications/preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("notifications/<int:pk>/", views.open_notification, name="notification_open"),
    path("notifications/<int:pk>/read/", views.mark_read, name="notification_read"),
]
