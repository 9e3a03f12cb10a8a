from django.urls import path

from . import views_invite

app_name = "invite"
urlpatterns = [
    path("<str:token>/", views_invite.accept, name="accept"),
]
