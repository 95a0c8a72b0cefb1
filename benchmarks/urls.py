"""URLs of the measurement harness: the example project's, plus ``benchmarks.slow_work``."""

from django.urls import include, path

urlpatterns = [
    path("", include("signup_project.urls")),
    path("slow/", include("benchmarks.slow_work.urls")),
]
