from django.urls import path

from .views import home, org

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("program/", org.programme_list, name="programmes"),
    path("program/<slug:slug>/", org.programme_detail, name="programme"),
    path("enheter/", org.unit_list, name="units"),
    path("enheter/<int:pk>/", org.unit_detail, name="unit"),
]
