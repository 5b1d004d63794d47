"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from backpain.accounts import sessions
from backpain.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/status/", sessions.session_status, name="session_status"),
    path("session/keepalive/", sessions.session_keepalive, name="session_keepalive"),
    path("patients/", include("backpain.patients.urls")),
    path("", include("backpain.visits.urls")),
    path("", include("backpain.notes.urls")),
    path("", include("backpain.exports.urls")),
    path("", include("backpain.audit.urls")),
    path("admin/", admin.site.urls),
]
