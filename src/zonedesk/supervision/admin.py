"""Admin: read-only views of channels (secret and webhook masked) and of the outbox.

Channels change only through configure_channel (the API), which checks the role and writes the Event.
"""

from django.contrib import admin

from .models import Channel, OutboxMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Channel)
class ChannelAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "masked_webhook_url", "masked_secret", "is_active"]
    fields = ["unit", "kind", "masked_webhook_url", "email_to", "masked_secret", "is_active", "updated_at"]
    readonly_fields = fields


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "subject", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "kind"]
    exclude = ["claim_token"]
