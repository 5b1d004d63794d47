from django.urls import path

from . import views

app_name = "notes"
urlpatterns = [
    path("visits/<int:pk>/note/", views.review, name="review"),
    path("visits/<int:pk>/note/sign/", views.sign, name="sign"),
    path("visits/<int:pk>/note/draft.pdf", views.draft, name="draft"),
    path("visits/<int:pk>/note/addendum/", views.addendum, name="addendum"),
    path("visits/<int:pk>/note/v<int:number>.pdf", views.download, name="download"),
    path("visits/<int:pk>/note/pdfs/", views.pdf_status, name="pdf_status"),
]
