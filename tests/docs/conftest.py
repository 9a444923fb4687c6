"""A tiny spec for the docs tests: POST /chat/completions with a few typed fields."""
from __future__ import annotations

from typing import Any

import pytest

from checker.comply.validator import Validator


def mini_spec() -> dict[str, Any]:
    body = {
        "type": "object",
        "required": ["messages"],
        "additionalProperties": False,
        "properties": {
            "model": {"type": "string"},
            "messages": {"type": "array", "minItems": 1,
                         "items": {"type": "object", "required": ["role"],
                                   "properties": {"role": {"type": "string", "enum": ["user", "system"]},
                                                  "content": {"type": "string"}}}},
            "temperature": {"type": "number"},
            "provider": {"type": "object", "additionalProperties": False,
                         "properties": {"max_price": {"type": "object",
                                                      "properties": {"prompt": {"type": "string"}}},
                                        "sort": {"type": "string", "enum": ["price", "latency"]}}},
            "plugins": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"},
                "pdf": {"type": "object", "properties": {"engine": {"type": "string",
                                                                    "enum": ["mistral-ocr", "pdf-text", "native"]}}}}}},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "mini", "version": "1"},
        "servers": [{"url": "https://openrouter.ai/api/v1"}],
        "paths": {"/chat/completions": {"post": {
            "tags": ["Chat"], "summary": "Create a chat completion", "operationId": "chat",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatRequest"}}}},
            "responses": {"200": {"description": "ok"}}}}},
        "components": {"schemas": {"ChatRequest": body}},
    }


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator(mini_spec())
