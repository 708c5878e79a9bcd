"""Addresses of the invitations pages (kept apart so the portal's list stays short)."""

from django.urls import URLPattern, path

from .views import invitations

urlpatterns: list[URLPattern] = [
    path("program/<slug:slug>/invitasjoner/", invitations.invitation_list, name="invitations"),
    path(
        "program/<slug:slug>/personer/<int:pk>/inviter/",
        invitations.person_invite,
        name="person_invite",
    ),
    # Public: the link in the e-mail, and the page it leads on to (without the key).
    path("aktiver/", invitations.activation, name="activation"),
    path("aktiver/<str:key>/", invitations.activate, name="activate"),
]
