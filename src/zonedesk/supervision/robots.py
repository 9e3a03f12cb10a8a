"""The group robots' request formats and signatures: 企业微信, 钉钉 (HMAC-SHA256 in the query), 飞书 (in the body)."""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from .models import ChannelKind


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉: url-encoded base64 of HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书: base64 of HMAC-SHA256(key="{timestamp}\\n{secret}", msg=b"")."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass
class RobotRequest:
    """What to POST: the (possibly signed) address, the JSON body and the headers."""

    url: str
    body: dict
    headers: dict = field(default_factory=dict)

    def data(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False).encode()


def text_of(subject: str, body: str, link: str) -> str:
    return "\n".join(part for part in (subject, body, link) if part)


def robot_request(
    kind: str, webhook_url: str, secret: str, text: str, *, message_id: str, timestamp: float
) -> RobotRequest:
    """The request one robot kind expects for a text message; `message_id` goes along as a header."""
    headers = {"Content-Type": "application/json; charset=utf-8", "X-Message-Id": message_id}
    if kind == ChannelKind.WECOM:
        return RobotRequest(webhook_url, {"msgtype": "text", "text": {"content": text}}, headers)
    if kind == ChannelKind.DINGTALK:
        url = webhook_url
        if secret:
            ms = int(timestamp * 1000)
            url += ("&" if "?" in url else "?") + f"timestamp={ms}&sign={dingtalk_sign(secret, ms)}"
        return RobotRequest(url, {"msgtype": "text", "text": {"content": text}}, headers)
    if kind == ChannelKind.FEISHU:
        body: dict = {"msg_type": "text", "content": {"text": text}}
        if secret:
            seconds = int(timestamp)
            body = {"timestamp": str(seconds), "sign": feishu_sign(secret, seconds), **body}
        return RobotRequest(webhook_url, body, headers)
    raise ValueError(f"not a robot kind: {kind}")


def robot_refusal(kind: str, reply: dict) -> str:
    """The robot's own error in a 200 reply ("" when it accepted the message)."""
    code = reply.get("errcode", reply.get("code", reply.get("StatusCode", 0)))
    if code in (0, None):
        return ""
    message = reply.get("errmsg", reply.get("msg", reply.get("StatusMessage", "")))
    return f"{kind} error {code}: {message}"[:300]
