from django.urls import path, re_path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/cases.csv", views.export_cases, name="export_cases"),
    re_path(r"^export/(?P<table>[a-z]+)\.(?P<extension>csv|xlsx)$", views.export_table, name="export_table"),
]
