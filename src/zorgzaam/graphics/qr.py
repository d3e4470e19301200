"""A QR code as inline SVG (no Django): the one function behind every link to be scanned from paper or a
screen — a survey's public link, the follow-up's residents' page, a prioritisation round's phone link."""

from __future__ import annotations

import io


def qr_svg(url: str, scale: int = 4) -> str:
    """``url`` as a QR code (error correction M), an ``<svg>`` element with the URL as its title."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, title=url, nl=False)
    return buffer.getvalue().decode()
