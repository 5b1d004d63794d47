"""Visit URLs."""

from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("patients/<int:patient_pk>/visits/new/", views.visit_open, name="open"),
    path("visits/<int:pk>/", views.visit_detail, name="detail"),
]
