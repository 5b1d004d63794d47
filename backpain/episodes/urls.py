"""Episode URLs."""

from django.urls import path

from . import views

app_name = "episodes"
urlpatterns = [
    path("episodes/<int:pk>/edit/", views.episode_edit, name="edit"),
    path("episodes/<int:pk>/close/", views.episode_close, name="close"),
    path("episodes/<int:pk>/reopen/", views.episode_reopen, name="reopen"),
]
