"""URLs of the example project."""

from django.urls import include, path

urlpatterns = [path("", include("accounts.urls"))]
urlpatterns.append(path("slow/", include("slow_work.urls")))
