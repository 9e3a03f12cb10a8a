"""Notification channels of a unit, the in-app inbox and the outbox the `supervise` worker delivers."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.models import Unit, UnitScopedQuerySet


class ChannelKind(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk custom robot")
    FEISHU = "feishu", _("Feishu custom bot")


ROBOT_KINDS = frozenset({ChannelKind.WECOM, ChannelKind.DINGTALK, ChannelKind.FEISHU})


def mask(text: str, keep: int = 4) -> str:
    """A secret as it may be shown: its last few characters only."""
    if not text:
        return ""
    return "****" + text[-keep:] if len(text) > keep * 2 else "****"


def mask_url(url: str) -> str:
    """A webhook address as it may be shown or logged: scheme and host; the token in its path or query hidden."""
    if not url:
        return ""
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0]
    return f"{scheme}://{host}/****" if rest else "****"


class Channel(models.Model):
    """Where a unit's notifications go besides the inbox: e-mail or a group robot (one per kind and unit)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="channels", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    webhook_url = models.CharField(_("webhook address"), max_length=500, blank=True)
    email_to = models.CharField(_("e-mail addresses"), max_length=500, blank=True)
    # Kept to sign requests; shown only masked (mask()) and never written to events, errors or logs.
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification channel")
        verbose_name_plural = _("notification channels")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="channel_unique_kind_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"

    @property
    def masked_secret(self) -> str:
        return mask(self.secret)

    @property
    def masked_webhook_url(self) -> str:
        return mask_url(self.webhook_url)


class InboxMessageQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InboxMessageQuerySet":
        """A user reads only their own inbox."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self) -> "InboxMessageQuerySet":
        return self.filter(read_at__isnull=True)


class InboxMessage(models.Model):
    """A notification in one user's in-app inbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox", verbose_name=_("user")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    dedup_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = InboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedup_key"], condition=~Q(dedup_key=""), name="inbox_unique_dedup_key"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """A message for a channel or a user's e-mail, written in the caller's transaction, sent after commit."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ChannelKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    dedup_key = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A short description of the last failure: never the secret or the signed address.
    last_error = models.CharField(max_length=500, blank=True)
    # Sent along with every attempt (the same on a resend) so a receiver can drop duplicates.
    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__isnull=False, recipient__isnull=True)
                | Q(channel__isnull=True, recipient__isnull=False),
                name="outbox_one_destination",
            ),
            models.UniqueConstraint(
                fields=["channel", "dedup_key"], condition=Q(channel__isnull=False), name="outbox_unique_channel_key"
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "dedup_key"],
                condition=Q(recipient__isnull=False),
                name="outbox_unique_recipient_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.status})"
