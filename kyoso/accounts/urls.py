from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/users/", views.UserListView.as_view(), name="user_list"),
    path("accounts/users/invite/", views.InviteView.as_view(), name="user_invite"),
    path("accounts/users/<int:pk>/", views.UserEditView.as_view(), name="user_edit"),
    path("accounts/users/<int:pk>/active/", views.UserActiveView.as_view(), name="user_active"),
    path("accounts/users/<int:pk>/reinvite/", views.ReinviteView.as_view(), name="user_reinvite"),
    path("accounts/invitation/<str:token>/", views.AcceptView.as_view(), name="accept"),
    path("accounts/me/", views.MyAccountView.as_view(), name="my_account"),
    path("accounts/me/tokens/<int:pk>/revoke/", views.RevokeTokenView.as_view(), name="token_revoke"),
    path("accounts/me/calendar/rotate/", views.RotateFeedView.as_view(), name="feed_rotate"),
    path("accounts/no-role/", views.NoRoleView.as_view(), name="no_role"),
]
