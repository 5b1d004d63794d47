"""Visit URLs."""

from django.urls import path

from . import home, step_views, views

app_name = "visits"
urlpatterns = [
    path("patients/<int:patient_pk>/visits/new/", views.visit_open, name="open"),
    path("patients/<int:patient_pk>/visits/book/", views.visit_book, name="book"),
    path("visits/<int:pk>/", views.visit_detail, name="detail"),
    path("visits/<int:pk>/start/", views.visit_start, name="start"),
    path("visits/<int:pk>/steps/<slug:slug>/", step_views.step_page, name="step"),
    path("visits/<int:pk>/steps/<slug:slug>/draft/", step_views.step_draft, name="step_draft"),
    path("visits/<int:pk>/intake-complete/", step_views.intake_complete, name="intake_complete"),
    path("follow-ups/<slug:state>/", home.follow_ups, name="follow_ups"),
    path("icd10cm/", views.icd10cm_search, name="icd10cm_search"),
]
