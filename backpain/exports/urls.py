from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("exports/", views.export_page, name="page"),
    path("exports/visits.csv", views.export_csv, name="csv"),
    path("exports/visits.ndjson", views.export_fhir, name="fhir"),
    path("exports/notes.zip", views.export_pdf_zip, name="pdf_zip"),
    path("exports/outcomes.csv", views.export_outcomes_csv, name="outcomes_csv"),
    path("exports/jobs/<uuid:public_id>/", views.export_job, name="job"),
    path("exports/jobs/<uuid:public_id>/status/", views.export_job_status, name="job_status"),
    path("exports/jobs/<uuid:public_id>/download/", views.export_job_download,
         name="job_download"),
]
