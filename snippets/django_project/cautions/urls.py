"""URLs of the cautions' views, broken and fixed side by side."""

from django.urls import path

from . import exceptions, request_data

urlpatterns = [
    path("report-broken/", exceptions.request_report_broken),
    path("report/", exceptions.request_report),
    path("upload-broken/", request_data.upload_broken),
    path("upload/", request_data.upload),
]
