"""/docs (Swagger UI) and /redoc work on a server with no internet: every
script, style and icon they load is served by the server itself."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
CONTENT_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_docs_load_everything_from_the_server_itself(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "://" not in html  # no CDN, no web fonts: nothing from elsewhere
    assets = ASSET.findall(html)
    assert any(url.endswith(".js") for url in assets), html
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
        served = client.get(url)
        assert served.status_code == 200, url
        kind = next(kind for suffix, kind in CONTENT_TYPES.items() if url.endswith(suffix))
        assert kind in served.headers["content-type"], (url, served.headers["content-type"])
        assert len(served.content) > 1000, url
    assert "/openapi.json" in html
    assert client.get("/openapi.json").status_code == 200
