"""The docs' request examples: extracted from page code blocks, each with its endpoint.

Recognised forms (one block may hold several): `curl URL ... -d '{...}'`, `fetch(URL, {body:
JSON.stringify({...})})`, Python `requests.post(URL, json={...})` / `data=json.dumps({...})`,
SDK calls (`chat.completions.create(...)` with `extra_body={...}` merged at top level, as the
OpenAI SDK sends it; `chat.send({...})`), and a bare JSON block that reads as a request body
(it has `model` or `messages` and no response fields), sent to the endpoint the section names.
Inline JSON in prose counts too when its paragraph names the field it is a value of ("the
`max_price` field in the `provider` parameter ... the value `{"prompt": 1}`"): the example is
a body holding just that field (required fields as placeholders).
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from msgspec import Struct

from checker.docs.literal import PLACEHOLDER, LiteralError, parse_kwargs, parse_value
from checker.models import Page, Section

API = "https://openrouter.ai/api/v1"
CHAT = API + "/chat/completions"
_INLINE_CODE = re.compile(r"`([{\[][^`\n]*[}\]])`")
# "the `max_price` field in the `provider` parameter"; a field named alone must be a top-level "parameter"
_FIELD_NAMED = re.compile(r"`(?P<field>[a-z_]\w*)`\s+(?:(?:field|attribute)\s+(?:in|of)\s+the\s+"
                          r"`(?P<parent>[a-z_]\w*)`\s+(?:parameter|field|object)|parameter)\b")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([^\s`]*)")
_API_URL = re.compile(r"https?://[\w.:-]+/api/v1(/[\w/.{}:-]*)")
_FETCH = re.compile(r"\bfetch\(\s*(['\"`])([^'\"`]+)\1")
_STRINGIFY_BODY = re.compile(r"\bbody\s*:\s*JSON\.stringify\(")
_METHOD = re.compile(r"""\bmethod\s*[:=]\s*['"](\w+)['"]|-X\s+['"]?(\w+)|requests\.(post|get|put|patch|delete)\(""")
_CURL = re.compile(r"^\s*curl\b", re.MULTILINE)
_CURL_DATA = re.compile(r"(?:-d|--data(?:-raw|-binary)?)\s+(['\"])")
_PY_BODY = re.compile(r"\b(?:json\s*=\s*|data\s*=\s*json\.dumps\()(?=[{\[])")
_SDK_CALL = re.compile(r"\b((?:chat\.)?completions|chat|responses|embeddings)\.(create|send)\(")
_SDK_PATHS = {"completions": "/chat/completions", "chat": "/chat/completions",
              "responses": "/responses", "embeddings": "/embeddings"}
_SDK_OPTIONS = {"extra_body", "extra_headers", "extra_query", "timeout"}  # the OpenAI SDK's, not the body's
_RESPONSE_KEYS = {"choices", "object", "created", "usage", "error", "data"}
_REQUEST_KEYS = {"messages", "input", "prompt"}
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


class Example(Struct, frozen=True):
    page: str  # page id
    section: Section
    style: str  # curl | fetch | python | sdk | json
    method: str
    url: str
    body: Any

    @property
    def where(self) -> str:
        return f"{self.page}#{self.section.anchor}" if self.section.anchor else self.page


def extract(page_id: str, page: Page) -> list[Example]:
    """Every request example on the page, in page order; unreadable blocks are skipped."""
    out: list[Example] = []
    page_url = _api_url(" ".join(s.text for s in page.sections))
    for section in page.sections:
        for lang, code in code_blocks(section.text):
            # a bare body goes where the section's prose, else the previous example, sent one
            near = _api_url(prose(section.text)) or (out[-1].url if out else page_url)
            out += [Example(page_id, section, style, method, url, body)
                    for style, method, url, body in _from_block(lang, code, near)]
        out += [Example(page_id, section, "inline", "POST", _api_url(prose(section.text)) or CHAT, body)
                for body in inline_values(prose(section.text))]
    return out


def inline_values(prose: str) -> list[dict[str, Any]]:
    """Bodies from inline JSON values tied to a field named on the same line or the line before."""
    out: list[dict[str, Any]] = []
    previous: re.Match[str] | None = None
    for line in (raw.strip() for raw in prose.split("\n")):
        if not line or line.startswith("|"):  # a table row ties its values to its own row
            previous = None if line.startswith("|") else previous
            continue
        field = _FIELD_NAMED.search(line) or previous
        values = _INLINE_CODE.findall(line[field.end():] if field is not None and field.string == line else line)
        for value in (_json_value(code) for code in values) if field is not None else ():
            if isinstance(value, (dict, list)):
                body: Any = value
                for name in reversed([p for p in (field.group("parent"), field.group("field")) if p]):
                    body = {name: body}
                out.append({"messages": PLACEHOLDER, **body})
        previous = _FIELD_NAMED.search(line)
    return out


def _json_value(code: str) -> Any:
    try:
        return json.loads(code)
    except ValueError:
        return None


def code_blocks(text: str) -> Iterator[tuple[str, str]]:
    """(language, code) of each fenced block in a section's text."""
    fence: str | None = None
    lang, lines = "", []
    for line in text.split("\n"):
        if fence is None:
            opened = _FENCE.match(line)
            if opened:
                fence, lang, lines = opened.group(1), opened.group(2).lower(), []
        elif line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            yield lang, "\n".join(lines)
            fence = None
        else:
            lines.append(line)


def _from_block(lang: str, code: str, section_url: str | None) -> list[tuple[str, str, str, Any]]:
    found = _curl(code) + _fetch(code) + _python(code) + _sdk(code)
    if not found and lang in ("json", "jsonc", "json5", ""):
        found = _bare_json(code, section_url)
    return found


def _curl(code: str) -> list[tuple[str, str, str, Any]]:
    out = []
    starts = [m.start() for m in _CURL.finditer(code)]
    for start, end in zip(starts, [*starts[1:], len(code)]):
        command = code[start:end]
        url, data = _api_url(command), _CURL_DATA.search(command)
        if not url or not data:
            continue
        closing = command.find(data.group(1), data.end())  # the shell quote around the body
        body = _literal(command[data.end():closing if closing > 0 else len(command)], 0)
        if body is not None:
            out.append(("curl", _method(command, "POST"), url, body))
    return out


def _fetch(code: str) -> list[tuple[str, str, str, Any]]:
    out = []
    for call in _FETCH.finditer(code):
        url = _api_url(call.group(2))
        body_at = _STRINGIFY_BODY.search(code, call.end())
        if url is None or body_at is None:
            continue
        body = _literal(code, body_at.end())
        if body is not None:
            out.append(("fetch", _method(code[call.end():body_at.start()], "POST"), url, body))
    return out


def _python(code: str) -> list[tuple[str, str, str, Any]]:
    url = _api_url(code)
    if url is None:
        return []
    out = []
    for match in _PY_BODY.finditer(code):
        body = _literal(code, match.end())
        if body is not None:
            out.append(("python", _method(code, "POST"), url, body))
    return out


def _sdk(code: str) -> list[tuple[str, str, str, Any]]:
    out = []
    for call in _SDK_CALL.finditer(code):
        url = API + _SDK_PATHS[call.group(1).split(".")[-1]]
        try:
            if code[call.end():].lstrip().startswith("{"):
                body = _snake_keys(parse_value(code, call.end())[0])  # the TypeScript SDK's camelCase
            else:
                body = parse_kwargs(code, call.end() - 1)
                body = {**{k: v for k, v in body.items() if k not in _SDK_OPTIONS},
                        **(body.get("extra_body") if isinstance(body.get("extra_body"), dict) else {})}
        except LiteralError:
            continue
        if isinstance(body, dict) and body:
            out.append(("sdk", "POST", url, body))
    return out


def _bare_json(code: str, section_url: str | None) -> list[tuple[str, str, str, Any]]:
    if not code.lstrip().startswith("{"):
        return []
    try:
        body = json.loads(code)
    except ValueError:
        body = _literal(code, code.index("{"))
    if not isinstance(body, dict) or not (set(body) & _REQUEST_KEYS) or set(body) & _RESPONSE_KEYS:
        return []
    url = section_url or (API + "/chat/completions" if "messages" in body else None)
    return [("json", "POST", url, body)] if url else []


def _snake_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {_CAMEL.sub(r"_\1", k).lower(): _snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake_keys(v) for v in value]
    return value


def _literal(text: str, start: int) -> Any:
    try:
        return parse_value(text, start)[0]
    except LiteralError:
        return None


def _method(text: str, default: str) -> str:
    match = _METHOD.search(text)
    return next((g for g in match.groups() if g), default).upper() if match else default


def _api_url(text: str) -> str | None:
    match = _API_URL.search(text)
    return API + match.group(1).rstrip(".") if match else None


def prose(text: str) -> str:
    """A section's text without its code blocks (where prose names the endpoint)."""
    return re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
