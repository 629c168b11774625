"""Who may drive the page: the holder of the run's token, from this machine, from this page.

- every request carries the token: once in the address (``/?token=…``, as ``drafter serve``
  prints it), then as a cookie scoped to this server (``SameSite=Strict``, ``HttpOnly``); the
  address is then shown without it, so it does not linger in the history or a Referer;
- the ``Host`` must be the address the server was started on (a web site that points its own
  name at 127.0.0.1 — DNS rebinding — is refused), and a change (POST) must come from a page of
  this server (``Origin``) and carry the token in its form (``csrf``), which another site cannot
  read;
- every response forbids loading anything from elsewhere (Content-Security-Policy: scripts,
  styles and fonts only from this server) and being framed by another site.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Iterable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; frame-src 'self'; object-src 'self'; frame-ancestors 'self'; form-action 'self'; "
       "base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make the browser send "Origin: null"
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def cookie_name(token: str) -> str:
    """Per server: two ``drafter serve`` on one machine (different ports, same 127.0.0.1) keep apart."""
    return "drafter_" + hashlib.sha256(token.encode()).hexdigest()[:12]


def same(a: str | None, b: str) -> bool:
    return a is not None and secrets.compare_digest(a.encode("utf-8", "replace"), b.encode())


def _refusal(title: str, text: str, status: int) -> Response:
    body = (f"<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>{title}</title>"
            f"<body style='font-family:sans-serif;max-width:40em;margin:4em auto'><h1>{title}</h1><p>{text}</p></body></html>")
    return HTMLResponse(body, status_code=status)


class TokenGuard:
    """ASGI middleware: the checks above, and the headers on every response."""

    def __init__(self, app, token: str, hosts: Iterable[str]) -> None:
        self.app = app
        self.token = token
        self.cookie = cookie_name(token)
        self.hosts = set(hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        request = Request(scope)
        refused = self.check(request)
        if refused is not None:
            return await refused(scope, receive, send_with_headers)
        await self.app(scope, receive, send_with_headers)

    def check(self, request: Request) -> Response | None:
        host = request.headers.get("host", "")
        if host not in self.hosts:
            return _refusal("地址不对", "请用 drafter serve 打印的地址（127.0.0.1）打开本页面。", 400)
        given = request.query_params.get("token")
        if given is not None:
            if not same(given, self.token):
                return _refusal("访问令牌不对", "请使用 drafter serve 在命令行中打印的完整地址打开本页面。", 403)
            if request.method not in ("GET", "HEAD"):
                return _refusal("请求被拒绝", "修改只能在页面上提交。", 403)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + ("?" + urlencode(rest) if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict", path="/")
            return response
        if not same(request.cookies.get(self.cookie), self.token):
            return _refusal("需要访问令牌",
                            "本页面只接受 drafter serve 在命令行中打印的地址（其中带有访问令牌）。"
                            "请复制那个完整地址，在浏览器中打开。", 403)
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin is not None and origin.split("://", 1)[-1] not in self.hosts:
                return _refusal("请求被拒绝", "修改只能从本页面提交。", 403)
        return None
