"""A local stand-in for the robot platforms: checks 钉钉 and 飞书 signatures, dedups by message id."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class RobotServer:
    """POST /wecom, /dingtalk?access_token=..&timestamp=..&sign=.., /feishu, /fail (always 500)."""

    def __init__(self, secret: str):
        self.secret = secret
        self.received: list[dict] = []  # every request that got through the signature check
        self.delivered: dict[str, dict] = {}  # message id -> body, the first time only
        self.refused: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                status, reply = server.handle(self.path, dict(self.headers), body)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "RobotServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _digest(self, key: bytes, msg: bytes) -> str:
        return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()

    def handle(self, path: str, headers: dict, body: dict) -> tuple[int, dict]:
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/fail":
            return 500, {}
        if parts.path == "/dingtalk":
            ts = query.get("timestamp", "0")
            expected = self._digest(self.secret.encode(), f"{ts}\n{self.secret}".encode())
            if query.get("sign") != expected or abs(time.time() * 1000 - int(ts)) > 3600_000:
                self.refused.append(path)
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
            ok = {"errcode": 0, "errmsg": "ok"}
        elif parts.path == "/feishu":
            ts = body.get("timestamp", "0")
            expected = self._digest(f"{ts}\n{self.secret}".encode(), b"")
            if body.get("sign") != expected or abs(time.time() - int(ts)) > 3600:
                self.refused.append(path)
                return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}
            ok = {"code": 0, "msg": "success"}
        elif parts.path == "/wecom":
            if body.get("msgtype") != "text" or not body.get("text", {}).get("content"):
                return 200, {"errcode": 40008, "errmsg": "invalid message type"}
            ok = {"errcode": 0, "errmsg": "ok"}
        else:
            return 404, {}
        message_id = headers.get("X-Message-Id", "")
        self.received.append({"path": parts.path, "message_id": message_id, "body": body})
        self.delivered.setdefault(message_id, body)
        return 200, ok
