"""URLs of the example project."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("cautions/", include("cautions.urls")),
]
