"""URLs for the asyncio rung: the async sign-up view."""

from django.urls import path

from snippets.ladder.asyncio import views

urlpatterns = [path("signup/", views.signup)]
