"""A QR code as inline SVG (no Django): the one function behind every link to be scanned from paper or a
screen — a survey's public link, the follow-up's residents' page, a prioritisation round's phone link."""

from __future__ import annotations

import io


def qr_svg(url: str, scale: int = 4) -> str:
    """``url`` as a QR code (error correction M), an ``<svg>`` element with the URL as its title and a
    viewBox: segno writes only a width and a height, so an SVG sized by CSS (a poster's 95 mm, a page's
    7 rem) was cut off instead of scaled, and a cut-off code does not scan."""
    import segno

    buffer = io.BytesIO()
    code = segno.make(url, error="m")
    code.save(buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, title=url, nl=False)
    width, height = code.symbol_size(scale=scale)
    size = f'width="{width}" height="{height}"'
    return buffer.getvalue().decode().replace(size, f'{size} viewBox="0 0 {width} {height}"', 1)
