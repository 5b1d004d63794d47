"""Episode URLs."""

from django.urls import path

from . import treatment_views, views

app_name = "episodes"
urlpatterns = [
    path("episodes/<int:pk>/edit/", views.episode_edit, name="edit"),
    path("episodes/<int:pk>/close/", views.episode_close, name="close"),
    path("episodes/<int:pk>/reopen/", views.episode_reopen, name="reopen"),
    path("episodes/<int:pk>/treatments/add/", treatment_views.treatment_add,
         name="treatment_add"),
    path("treatments/<int:pk>/response/", treatment_views.treatment_response,
         name="treatment_response"),
]
