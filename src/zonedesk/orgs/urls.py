from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_security, views_two_factor
from .forms import SignInForm

# Sign-in and home: top-level names ("login", "home") as Django's settings expect them.
account_patterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.change_password, name="password_change"),
    path("accounts/2fa/", views_two_factor.verify_page, name="two_factor"),
    path("accounts/2fa/setup/", views_two_factor.setup_page, name="two_factor_setup"),
]

app_name = "orgs"
urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/roles/<int:membership_pk>/remove/", views.membership_remove, name="membership_remove"),
    path("events/", views.event_list, name="events"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("events/export.xlsx", views.event_export, name="event_export"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("security/lockouts/", views_security.lockouts, name="lockouts"),
    path("security/unlock/", views_security.unlock, name="unlock"),
    path("security/two-factor/reset/", views_two_factor.reset, name="two_factor_reset"),
    path("audit/check/", views_security.audit_check, name="audit_check"),
]
