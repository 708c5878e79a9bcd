from django.urls import path

from . import views

app_name = "answer"

urlpatterns = [
    path("", views.enter, name="enter"),
    path("side/<int:number>/", views.page, name="page"),
    path("send/", views.confirm, name="confirm"),
    path("takk/", views.done, name="done"),
]
