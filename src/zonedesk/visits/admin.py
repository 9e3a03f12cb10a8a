from django.contrib import admin

from .models import CampaignTarget, Visit, VisitCampaign


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["planned_on", "visited_on", "enterprise", "unit", "status"]
    list_filter = ["status"]
    raw_id_fields = ["enterprise", "unit", "campaign", "visitors"]


class CampaignTargetInline(admin.TabularInline):
    model = CampaignTarget
    raw_id_fields = ["enterprise", "officer"]
    extra = 0


@admin.register(VisitCampaign)
class VisitCampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "starts_on", "ends_on"]
    raw_id_fields = ["unit"]
    inlines = [CampaignTargetInline]
