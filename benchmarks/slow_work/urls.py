"""URLs of the response-time measurement and the gunicorn shutdown tests, mounted under ``slow/``
by ``benchmarks/urls.py``."""

from django.urls import path

from . import gated, views

urlpatterns = [
    path("signup/<slug:variant>/", views.signup, name="slow-signup"),
    path("stats/", views.stats, name="slow-stats"),
    path("reset/", views.reset, name="slow-reset"),
    path("gated/<slug:name>/", gated.start_gated_task, name="slow-gated"),
]
