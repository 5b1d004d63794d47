"""The bench's URLs, included by backpain/urls.py only when BENCH_FLOOR=1 (never in the
production URL list otherwise)."""

from django.urls import path

from .floor import floor

app_name = "bench"
urlpatterns = [path("floor/", floor, name="floor")]
