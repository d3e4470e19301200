"""Web security helpers (issue 11): the real client address behind a trusted reverse proxy, a shared rate
limit, the Content-Security-Policy header, ``Cache-Control: no-store`` on personal data, and the login
throttle's backend and lockout page (django-axes).

- ``ProxyMiddleware`` (first in the chain): when the direct peer is one of ``ZORGZAAM_TRUSTED_PROXIES``
  (addresses or CIDRs), REMOTE_ADDR becomes the client named in X-Forwarded-For (the right-most address
  that is not itself a trusted proxy); from any other peer X-Forwarded-For and X-Forwarded-Proto are
  dropped, so nobody can claim another address or https by sending the header themselves.
- ``hit(key, limit, seconds)``: a fixed-window counter in Django's cache (Redis when ZORGZAAM_REDIS_URL is
  set: one atomic INCR shared by every process).
- ``ContentSecurityPolicyMiddleware``: self only; a per-request nonce (``request.csp_nonce``) for the rare
  inline script; ``window.print()`` buttons allowed by their hash.
- ``no_store``: a view decorator for downloads and pages with personal data.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import secrets
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

# ---------------------------------------------------------------------------------------------- client address


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _trusted(address: str) -> bool:
    networks = _networks(tuple(settings.ZORGZAAM_TRUSTED_PROXIES))
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def real_client(meta: dict) -> str:
    """The client's address from a request's META (before ProxyMiddleware rewrote it)."""
    peer = meta.get("REMOTE_ADDR", "") or ""
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not _trusted(peer):
        return peer
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: trust nothing beyond the proxy
        if not _trusted(hop):
            return hop
    return hops[0] if hops else peer


class ProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "") or ""
        if _trusted(peer):
            meta["ZORGZAAM_PROXY_PEER"] = peer
            meta["REMOTE_ADDR"] = real_client(meta)
        else:
            meta.pop("HTTP_X_FORWARDED_FOR", None)
            meta.pop("HTTP_X_FORWARDED_PROTO", None)
            meta.pop("HTTP_X_FORWARDED_HOST", None)
        return self.get_response(request)


def client_ip(request) -> str:
    """For django-axes (AXES_CLIENT_IP_CALLABLE): the address ProxyMiddleware settled on."""
    return request.META.get("REMOTE_ADDR", "") or ""


# ------------------------------------------------------------------------------------------------- rate limit


def hit(key: str, limit: int, seconds: int) -> bool:
    """Count one hit on ``key`` in a window of ``seconds``; True when it is above ``limit``. The counter lives
    in the default cache: with Redis one atomic INCR shared by all processes and machines."""
    key = f"zz:rl:{key}"
    cache.add(key, 0, seconds)  # SET NX: starts the window once
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, seconds)
        return False
    return count > limit


def address_key(request) -> str:
    """A short hash of the client's address (never stored or logged in clear)."""
    return hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------------- headers

# Inline handlers the templates use, allowed one by one by their hash ('unsafe-hashes' covers only these).
_ALLOWED_HANDLERS = ("window.print()",)


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


@lru_cache(maxsize=4)
def _img_sources(tile_url: str) -> str:
    sources = ["'self'", "data:", "blob:"]
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        if parts.scheme and parts.netloc:
            host = parts.netloc
            if "{s}" in tile_url:  # Leaflet's subdomains a, b, c
                host = "*." + host.split(".", 1)[1]
            sources.append(f"{parts.scheme}://{host}")
    return " ".join(sources)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            handlers = " ".join(_hash(h) for h in _ALLOWED_HANDLERS)
            response["Content-Security-Policy"] = "; ".join([
                "default-src 'self'",
                f"script-src 'self' 'nonce-{nonce}' 'unsafe-hashes' {handlers}",
                "style-src 'self'",
                "style-src-attr 'unsafe-inline'",  # colour swatches (style="background:…"), no <style> blocks
                f"img-src {_img_sources(settings.ZORGZAAM_TILE_URL)}",
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ])
        return response


def no_store(view):
    """``Cache-Control: no-store`` (and ``Pragma: no-cache`` for old proxies) on a view's responses: for
    downloads and pages with personal data, so no browser or proxy keeps a copy."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        response["Pragma"] = "no-cache"
        return response

    return wrapper


# ------------------------------------------------------------------------------------------------ login throttle


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before the model backend. Authentication without a request (the CLI, the test
    client's ``login``) is not a web login and is not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while an account or address is locked: plain words in the person's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
