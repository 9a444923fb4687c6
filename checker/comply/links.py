"""Official pages the client checks point at (anchors are the docs' heading slugs)."""
from __future__ import annotations

DOCS = "https://openrouter.ai/docs"

AUTHENTICATION = f"{DOCS}/api_reference/authentication#using-an-api-key"
ATTRIBUTION = f"{DOCS}/app-attribution#attribution-headers"
ATTRIBUTION_TITLE = f"{DOCS}/app-attribution#x-openrouter-title"
ATTRIBUTION_REFERER = f"{DOCS}/app-attribution#http-referer-required"
ATTRIBUTION_CATEGORIES = f"{DOCS}/app-attribution#x-openrouter-categories"
TOOL_RESULTS = f"{DOCS}/guides/features/tool-calling#step-3-inference-request-with-tool-results"
TOOL_CALLING = f"{DOCS}/guides/features/tool-calling"
IMAGE_URLS = f"{DOCS}/guides/overview/multimodal/image-understanding#using-image-urls"
IMAGE_UNDERSTANDING = f"{DOCS}/guides/overview/multimodal/image-understanding"
PDF_URLS = f"{DOCS}/guides/overview/multimodal/pdfs#using-pdf-urls"
IMAGE_GENERATION = f"{DOCS}/guides/overview/multimodal/image-generation#model-discovery"
REQUIRE_PARAMETERS = f"{DOCS}/guides/routing/provider-selection#requiring-providers-to-support-all-parameters"
PARAMETERS = f"{DOCS}/api_reference/parameters"
OVERVIEW = f"{DOCS}/api_reference/overview"
