"""Sending one outbox message: robots over HTTP (urllib, 5 s timeout), e-mail through django.core.mail."""

import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage

from .models import ROBOT_KINDS, ChannelKind, OutboxMessage, mask_url
from .robots import robot_refusal, robot_request, text_of

TIMEOUT_SECONDS = 5


class DeliveryError(Exception):
    """The message did not get through; the text is safe to store and log (no secret, no signed address)."""


def scrub(text: str, *secrets: str) -> str:
    """`text` with every secret (and signed address) in it replaced by ****."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, "****")
    return text


def absolute(link: str) -> str:
    """A page link as someone outside the browser can open it (SITE_URL in front of a path)."""
    return settings.SITE_URL + link if link.startswith("/") and settings.SITE_URL else link


def send(message: OutboxMessage) -> None:
    """The default transport: deliver `message` or raise DeliveryError."""
    if message.kind in ROBOT_KINDS:
        _post(message)
    elif message.kind == ChannelKind.EMAIL:
        _mail(message)
    else:
        raise DeliveryError(f"no transport for {message.kind}")


def _post(message: OutboxMessage) -> None:
    channel = message.channel
    request = robot_request(
        message.kind,
        channel.webhook_url,
        channel.secret,
        text_of(message.subject, message.body, absolute(message.link)),
        message_id=str(message.message_id),
        timestamp=time.time(),
    )
    hidden = (channel.secret, request.url, channel.webhook_url)
    where = mask_url(channel.webhook_url)
    http = urllib.request.Request(request.url, data=request.data(), headers=request.headers, method="POST")
    try:
        with urllib.request.urlopen(http, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"{where}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(scrub(f"{where}: {type(exc).__name__}: {reason}", *hidden)[:300]) from None
    try:
        reply = json.loads(raw or b"{}")
    except ValueError:
        reply = {}
    refusal = robot_refusal(message.kind, reply if isinstance(reply, dict) else {})
    if refusal:
        raise DeliveryError(scrub(f"{where}: {refusal}", *hidden))


def _mail(message: OutboxMessage) -> None:
    if message.recipient_id:
        to = [message.recipient.email] if message.recipient.email and message.recipient.is_active else []
    else:
        to = [a.strip() for a in message.channel.email_to.replace(";", ",").split(",") if a.strip()]
    if not to:
        raise DeliveryError("no e-mail address")
    mail = EmailMessage(
        subject=message.subject,
        body=text_of("", message.body, absolute(message.link)),
        to=to,
        headers={"Message-ID": f"<{message.message_id}@zonedesk>"},
    )
    try:
        mail.send()
    except (OSError, ValueError) as exc:
        raise DeliveryError(f"e-mail: {type(exc).__name__}: {exc}"[:300]) from None
