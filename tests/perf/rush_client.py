"""A small asyncio HTTP/1.1 client for the load benchmarks: one browser-like session per simulated user.

The standard library only (no extra dependency), and cheap per request, because the clients share the
machine's two cores with gunicorn and PostgreSQL. A session keeps a cookie jar and one connection,
reused while the server keeps it alive (gthread workers) and reopened when it closes it (sync workers
answer `Connection: close`). Every request is timed from sending (or connecting) to the last byte.
Only for servers on the loopback interface: `Session` refuses any other host.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode


class TransportError(Exception):
    """The server closed the connection, did not answer in time, or answered something unreadable."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


_COOKIE = re.compile(r"^\s*([^=;\s]+)=([^;]*)")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Session:
    def __init__(self, host: str, port: int, *, timeout: float = 60.0, user_agent: str = "registrar-bench"):
        if not _loopback(host):
            raise ValueError(f"load benchmarks only talk to the loopback interface, not {host!r}")
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.user_agent = user_agent
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None

    async def get(self, path: str, headers: dict | None = None) -> Response:
        return await self.request("GET", path, headers=headers)

    async def post(self, path: str, data: dict, headers: dict | None = None) -> Response:
        body = urlencode(data).encode()
        extra = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        if "csrftoken" in self.cookies:
            extra.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        return await self.request("POST", path, body=body, headers=extra)

    async def request(self, method: str, path: str, *, body: bytes = b"", headers: dict | None = None) -> Response:
        started = time.perf_counter()
        try:
            return await asyncio.wait_for(self._exchange(method, path, body, headers or {}, started), self.timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            await self.close()
            raise TransportError(f"{method} {path}: {type(exc).__name__} {exc}") from exc

    async def _exchange(self, method, path, body, headers, started) -> Response:
        reused = self._writer is not None
        if not reused:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"User-Agent: {self.user_agent}",
            "Accept-Encoding: identity",
            f"Content-Length: {len(body)}",
        ]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        try:
            await self._writer.drain()
            head = await self._reader.readuntil(b"\r\n\r\n")
        except (OSError, asyncio.IncompleteReadError):
            if not reused:
                raise
            # A kept-alive connection the server had closed meanwhile: one fresh try.
            await self.close()
            return await self._exchange(method, path, body, headers, started)
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        response_headers: dict[str, str] = {}
        for line in header_lines:
            if not line:
                continue
            name, _sep, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._remember(value)
            else:
                response_headers[name] = value
        if status in (204, 304) or method == "HEAD":
            payload = b""
        elif "content-length" in response_headers:
            payload = await self._reader.readexactly(int(response_headers["content-length"]))
        elif response_headers.get("transfer-encoding", "").lower() == "chunked":
            payload = await self._chunked()
        else:
            payload = await self._reader.read()
            response_headers["connection"] = "close"
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, response_headers, payload, (time.perf_counter() - started) * 1000)

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self._reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self._reader.readexactly(size))
            await self._reader.readexactly(2)

    def _remember(self, header: str) -> None:
        match = _COOKIE.match(header)
        if not match:
            return
        name, value = match.groups()
        expired = "max-age=0" in header.lower() or value in ('""', "")
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


async def login(session: Session, username: str, password: str, path: str = "/login/") -> list[Response]:
    """GET the login page and POST the form with its CSRF token, as a browser does.
    Returns both responses; the session is logged in when the POST redirects (302)."""
    page = await session.get(path)
    match = _CSRF_INPUT.search(page.body)
    token = match.group(1).decode() if match else session.cookies.get("csrftoken", "")
    posted = await session.post(
        path,
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"http://{session.host}:{session.port}{path}"},
    )
    return [page, posted]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
