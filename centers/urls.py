"""The public centers directory."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.center_list, name="centers"),
    path("<slug:slug>/", views.center_detail, name="center_detail"),
]
