"""Root URL configuration."""

import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from backpain.accounts import passwords, sessions
from backpain.accounts.forms import SignInForm
from backpain.visits.home import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", passwords.password_change, name="password_change"),
    path("account/password/done/", passwords.password_change_done, name="password_change_done"),
    path("account/password/reset/", passwords.password_reset, name="password_reset"),
    path("account/password/reset/sent/", passwords.password_reset_done,
         name="password_reset_done"),
    path("account/password/reset/<slug:uidb64>/<slug:token>/", passwords.password_reset_confirm,
         name="password_reset_confirm"),
    path("account/password/reset/complete/", passwords.password_reset_complete,
         name="password_reset_complete"),
    path("session/status/", sessions.session_status, name="session_status"),
    path("session/keepalive/", sessions.session_keepalive, name="session_keepalive"),
    path("patients/", include("backpain.patients.urls")),
    path("", include("backpain.episodes.urls")),
    path("", include("backpain.visits.urls")),
    path("", include("backpain.notes.urls")),
    path("", include("backpain.exports.urls")),
    path("", include("backpain.audit.urls")),
    path("admin/", admin.site.urls),
]
# The benchmark's floor page (bench/floor.py), for `make bench` only.
if os.environ.get("BENCH_FLOOR") == "1":
    urlpatterns.append(path("bench/", include("bench.urls")))
