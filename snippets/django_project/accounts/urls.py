"""URLs of the example app."""

from django.urls import path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("upload/", views.upload, name="upload"),
]
