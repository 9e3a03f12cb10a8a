from django.urls import path

from . import portal, portal_actions

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("new/", portal.new, name="new"),
    path("<int:pk>/", portal.detail, name="detail"),
    path("<int:pk>/answer/", portal_actions.answer, name="answer"),
    path("<int:pk>/confirm/", portal_actions.confirm, name="confirm"),
    path("<int:pk>/reopen/", portal_actions.reopen, name="reopen"),
    path("<int:pk>/dissatisfied/", portal_actions.dissatisfied, name="dissatisfied"),
    path("attachments/<int:pk>/", portal.attachment, name="attachment"),
]
