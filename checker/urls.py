"""Official URLs: origin swapping for mirrors, heading anchors, operation pages."""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

OFFICIAL_ORIGIN = "https://openrouter.ai"
DOCS_PREFIX = "/docs"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def swap_origin(url: str, new_origin: str | None) -> str:
    """Replace scheme://host[:port] of `url` by `new_origin` (keeps path, query, fragment).

    `new_origin` may carry a path prefix (a mirror under /mirror): it is prepended.
    """
    if not new_origin:
        return url
    base = urlsplit(new_origin.rstrip("/"))
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, base.path + parts.path, parts.query, parts.fragment))


def to_official(url: str, base_url: str | None, official_origin: str = OFFICIAL_ORIGIN) -> str:
    """Map a URL seen on the mirror back to the official origin."""
    if not base_url:
        return url
    base = urlsplit(base_url.rstrip("/"))
    parts = urlsplit(url)
    if parts.netloc != base.netloc:
        return url
    path = parts.path
    if base.path and path.startswith(base.path):
        path = path[len(base.path):] or "/"
    off = urlsplit(official_origin)
    return urlunsplit((off.scheme, off.netloc, path, parts.query, parts.fragment))


def slugify(text: str) -> str:
    """Heading anchor as the docs site makes it: lower-case, punctuation dropped, spaces as '-'."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"\s+", "-", text).strip("-")


def with_anchor(url: str, anchor: str | None) -> str:
    base = url.split("#", 1)[0]
    return f"{base}#{anchor}" if anchor else base


def page_url_for_file(path: str, origin: str = OFFICIAL_ORIGIN) -> str:
    """Docs page file `X.mdx` (or page id `X`) is served at `/docs/X`."""
    stem = re.sub(r"\.mdx?$", "", path.lstrip("/"))
    return f"{origin}{DOCS_PREFIX}/{stem}"


def operation_page(tags: tuple[str, ...], summary: object, origin: str = OFFICIAL_ORIGIN) -> str:
    """Official page of an operation (Mintlify rule: first tag slug / summary slug).

    Falls back to the API reference overview when the operation has no tag or summary.
    """
    if not tags or not isinstance(summary, str) or not summary:
        return f"{origin}{DOCS_PREFIX}/api_reference/overview"
    tag, title = tags[0].lower().replace(" ", "-"), summary.lower().replace(" ", "-")
    return f"{origin}{DOCS_PREFIX}/api/api-reference/{quote(tag, safe='')}/{quote(title, safe='')}"


def operation_label(method: str, path: str) -> str:
    return f"{method.upper()} {path}"
