"""The one QR drawing scales when CSS sizes it (a poster's 95 mm): it carries a viewBox."""

from zorgzaam.graphics.qr import qr_svg


def test_qr_code_has_a_viewbox_matching_its_size():
    svg = qr_svg("https://x.be/a")
    # a short URL is a version-1 code: 21 modules plus a quiet zone of 4 on each side = 29, times scale 4
    assert 'width="116" height="116" viewBox="0 0 116 116"' in svg
    assert "<title>https://x.be/a</title>" in svg
    assert 'viewBox="0 0 145 145"' in qr_svg("https://x.be/a", scale=5)
