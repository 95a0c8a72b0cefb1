"""URLs of the response-time measurement, mounted under ``slow/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("signup/<slug:variant>/", views.signup, name="slow-signup"),
    path("stats/", views.stats, name="slow-stats"),
    path("reset/", views.reset, name="slow-reset"),
]
