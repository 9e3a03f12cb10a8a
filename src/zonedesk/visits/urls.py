from django.urls import path

from . import views, views_campaigns

app_name = "visits"

urlpatterns = [
    path("", views.visit_list, name="list"),
    path("plan/", views.plan, name="plan"),
    path("log/", views.log, name="log"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/record/", views.record, name="record"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("enterprise/<int:enterprise_pk>/", views.calendar, name="calendar"),
    path("campaigns/", views_campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", views_campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views_campaigns.campaign, name="campaign"),
    path("risks/", views_campaigns.risks, name="risks"),
]
