"""The catalogue of finding codes: every code a stage can emit, with what it means and what to do.

`checker explain CODE` prints an entry, SARIF rule metadata comes from it and a suppression
naming a code that is not here is refused. A stage may raise or lower a finding's severity
(relevance, an open enum, a rule's own severity); `severity` here is the default.
The schema-change codes of the spec diff are built from one table per change (`_SCHEMA`):
a prefix saying where (request property or parameter, response property) plus the change.
"""
from __future__ import annotations

from fnmatch import fnmatchcase
from functools import cache
from typing import Any

from msgspec import Struct
from msgspec.structs import asdict

from checker.models import Kind, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
DOCS = "https://openrouter.ai/docs"
_ATTRIBUTION = f"{DOCS}/app-attribution"
_AUTH = f"{DOCS}/api_reference/authentication#using-an-api-key"
_TOOLS = f"{DOCS}/guides/features/tool-calling#step-3-inference-request-with-tool-results"
_OVERVIEW = f"{DOCS}/api_reference/overview"
_PARAMETERS = f"{DOCS}/api_reference/parameters"
_MODELS = f"{DOCS}/api/api-reference/models/list-all-models-and-their-properties"
_SPEC = "https://openrouter.ai/openapi.json"
_OPERATION = "The finding links the official page of the operation it is about."


class CodeInfo(Struct, frozen=True):
    code: str
    kind: str  # a Kind value: spec | page | rule | client | fetch | spec-validity
    severity: Severity  # default; stages may adjust it (see the module docstring)
    title: str
    meaning: str
    remedy: str
    docs: str | None = None  # official page; None when each finding links its own page

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "severity": self.severity.value}


_FETCH_RETRY = "The run used the stored snapshot of the source, if there is one. Retry later; " \
               "if it persists, check the network, --base-url or --timeout."
_ENTRIES: list[tuple[str, str, Severity, str, str, str, str | None]] = [
    # -- fetch: a source could not be read; the run goes on without it ----------------------------
    ("fetch-http-error", Kind.FETCH, W, "The server answered with an HTTP error",
     "Fetching the source returned an HTTP error status (4xx/5xx) after retries and fallback URLs "
     "(a missing spec is an error).", _FETCH_RETRY, None),
    ("fetch-timeout", Kind.FETCH, W, "The fetch timed out",
     "The source did not answer completely within --timeout, after retries.", _FETCH_RETRY, None),
    ("fetch-connect", Kind.FETCH, W, "Could not connect",
     "No connection to the source's host (DNS, refused connection, TLS).", _FETCH_RETRY, None),
    ("fetch-too-large", Kind.FETCH, W, "The response is over the size limit",
     "The body declared or sent more bytes than the crawler's size cap, so it was not read.",
     "Check that the URL still serves the document (not an archive or a listing).", None),
    ("fetch-truncated", Kind.FETCH, W, "The response was cut short",
     "The body ended before the length the server declared.", _FETCH_RETRY, None),
    ("fetch-redirect-offhost", Kind.FETCH, W, "Redirect to another host refused",
     "The source redirected to a different host; the crawler only follows same-host redirects.",
     "Look at where the page went; update its URL in target.yaml if the move is legitimate.", None),
    ("fetch-redirect-loop", Kind.FETCH, W, "Too many redirects",
     "The source redirected in a loop or more times than the crawler follows.", _FETCH_RETRY, None),
    ("fetch-rate-limited", Kind.FETCH, W, "Rate limited",
     "The server answered 429 and asked to wait longer than the crawler waits (Retry-After).",
     "Run less often or later; the next run picks the source up again.", None),
    ("fetch-failed", Kind.FETCH, W, "The fetch failed",
     "The source could not be fetched for a reason without a more precise code.", _FETCH_RETRY, None),
    ("page-gone", Kind.FETCH, E, "A docs page is gone",
     "The page answered 404 or 410: the integration relies on a page that no longer exists.",
     "Find where its content went (docs changelog, search) and update target.yaml and the rules.", None),
    ("page-challenge", Kind.FETCH, W, "Bot challenge instead of the page",
     "The server sent a bot-challenge or captcha page; the stored snapshot was kept.",
     "Retry later or fetch through a mirror (--base-url).", None),
    ("page-empty", Kind.FETCH, W, "The page is empty",
     "The page had no body or too little main content to be the docs; the stored snapshot was kept.",
     "Check the page in a browser; adjust its selector in target.yaml if the layout changed.", None),
    ("page-error", Kind.FETCH, W, "An error page with a success status",
     "The server answered 200 with an error page or JSON instead of the docs; the snapshot was kept.",
     _FETCH_RETRY, None),
    ("page-garbage", Kind.FETCH, W, "Not a readable docs page",
     "The body was binary, undecodable or of a media type that is not a page; the snapshot was kept.",
     "Check the URL in target.yaml still serves the docs page.", None),
    ("spec-unreadable", Kind.FETCH, W, "The spec could not be parsed",
     "The fetched OpenAPI document is not valid JSON or YAML; the stored snapshot was used.",
     "Retry later; if it persists, report it upstream.", _SPEC),
    ("snapshot-missing", Kind.FETCH, W, "No stored snapshot (offline)",
     "An offline run has no stored snapshot of this source, so it was not checked.",
     "Record a baseline with `checker snapshot` while online.", None),
    ("fetch-fallback-used", Kind.FETCH, I, "A source was read from its fallback URL",
     "The primary URL failed, so the source was fetched from one of its fallback_urls.",
     "Check whether the primary URL moved; update target.yaml if the fallback is now the real one.", None),
    ("snapshot-corrupt", Kind.FETCH, W, "A stored snapshot does not match its manifest",
     "The stored snapshot file's sha256 differs from the one in the manifest (edited or damaged).",
     "Restore the file from git, or record a new baseline with `checker snapshot`.", None),
    # -- page: a docs page changed since the snapshot ---------------------------------------------
    ("page-moved", Kind.PAGE, W, "A docs page moved",
     "The page's official URL now redirects (same host) to another URL.",
     "Update the page's url in target.yaml (and links in your code) to the new URL.", None),
    ("page-url-outdated", Kind.PAGE, I, "target.yaml names a page's old URL",
     "The page moved earlier and the snapshot already records its new URL (page-moved was reported "
     "then), but target.yaml still names the old URL, which redirects.",
     "Update the page's url in target.yaml to the new URL.", None),
    ("page-section-changed", Kind.PAGE, E, "A docs section changed",
     "The text of a section differs from the snapshot: drift not accepted yet.",
     "Read the change; adapt the integration if needed, then accept it with --update-snapshots.", None),
    ("docs-deprecation-new", Kind.PAGE, I, "The docs newly call something deprecated",
     "A sentence that says a field, value, header, endpoint or model is deprecated, legacy, redirected, "
     "renamed or replaced appeared on the page, or in a description of the spec (with its pointer), since "
     "the snapshot. The finding names the identifier, the replacement when the sentence gives one, and "
     "quotes the sentence. Warning when the integration sends the identifier (field, value or header).",
     "If the integration uses the identifier, plan the move to the replacement.", None),
    ("docs-spec-mismatch", Kind.PAGE, I, "The docs and the spec disagree on a field, header or value",
     "A docs page documents (a `Key:` line, a parameter table, a ParamField / typed bullet list, a bullet in a "
     "parameters section, a line listing a field's values, a code-formatted X-... header) a field or header the "
     "spec lacks, or values of a field that the spec's enum lacks; or the spec has a body field, header parameter or enum value that no page "
     "mentions (only for operations a page calls). Names in plain prose do not count. Info; warning when the "
     "integration sends the field, header or value.",
     "Check the API reference and the page; trust the one the API actually honours (a capture tells).", None),
    ("docs-example-invalid", Kind.PAGE, I, "A docs example the spec rejects",
     "A request example on a docs page (a code block: JSON body, curl -d, fetch JSON.stringify, Python "
     "json=/extra_body=, an SDK call) does not validate against the spec: the page and the spec disagree. "
     "Warning when the integration sends the same field.",
     "Trust neither blindly: check the API reference for the field; `checker examples --page ID` lists "
     "the page's examples and verdicts.", None),
    ("page-section-removed", Kind.PAGE, E, "A docs section was removed",
     "A section of the snapshot is no longer on the page.",
     "Find where its content went; adapt the integration and rules, then --update-snapshots.", None),
    ("page-section-renamed", Kind.PAGE, W, "A docs section was renamed",
     "A section kept its text under a new heading (its anchor may have changed).",
     "Update links to the old anchor, then accept with --update-snapshots.", None),
    ("page-section-added", Kind.PAGE, W, "A docs section was added",
     "The page has a section the snapshot does not have.",
     "Read it for new requirements, then accept it with --update-snapshots.", None),
    # -- spec-validity: the upstream spec is not valid OpenAPI -------------------------------------
    ("spec-invalid", Kind.SPEC_VALIDITY, W, "The spec is not valid OpenAPI",
     "openapi-spec-validator reports a problem in the upstream document; checks go on regardless.",
     "Nothing to change on your side; report it upstream if it affects you.", _SPEC),
    ("spec-validator-failed", Kind.SPEC_VALIDITY, W, "The spec could not be validated",
     "openapi-spec-validator crashed on the upstream document, so its validity is unknown.",
     "Nothing to change on your side; report it if it persists.", _SPEC),
    ("spec-malformed-node", Kind.SPEC_VALIDITY, W, "A malformed node in the spec",
     "A part of the upstream spec has an unexpected shape and was skipped when reading it.",
     "Nothing to change on your side; report it upstream if it affects you.", _SPEC),
    ("spec-ref-unresolved", Kind.SPEC_VALIDITY, W, "A $ref in the spec points nowhere",
     "A local `$ref` names a target that does not exist in the spec; what it refers to is read as absent.",
     "Nothing to change on your side; report it upstream if the operation matters to you.", _SPEC),
    ("spec-ref-cycle", Kind.SPEC_VALIDITY, W, "$refs in the spec loop",
     "A chain of `$ref`s loops without reaching a schema; the node is read as absent.",
     "Nothing to change on your side; report it upstream.", _SPEC),
    ("spec-too-deep", Kind.SPEC_VALIDITY, W, "The spec nests too deeply",
     "A schema nests past 64 levels; nothing below that depth is compared or checked.",
     "Nothing to change on your side; report it upstream.", _SPEC),
]
_RULE = "Check the rule's page and the change behind it; adapt the integration, then the rule."
_ENTRIES += [
    # -- rule: an assumption of the integration (rules/<target>/*.yaml) no longer holds ------------
    ("rule-failed", Kind.RULE, E, "A rule failed",
     "A rule's check (or several of them in any_of/all_of) does not hold; severity is the rule's own.",
     _RULE, None),
    ("spec-operation-missing", Kind.RULE, E, "Operation missing from the spec",
     "A rule needs an operation (method and path) the spec no longer has.", _RULE, None),
    ("spec-schema-missing", Kind.RULE, E, "Schema missing from the spec",
     "A rule needs a schema in components.schemas that the spec no longer has.", _RULE, None),
    ("spec-request-body-missing", Kind.RULE, E, "Request body missing from the spec",
     "A rule needs a request body the operation no longer declares.", _RULE, None),
    ("spec-property-missing", Kind.RULE, E, "Property missing from the spec",
     "A rule needs a property (at a path in a schema) that the spec no longer has.", _RULE, None),
    ("spec-property-type-changed", Kind.RULE, E, "Property of another type",
     "A property a rule names no longer has the type the rule expects.", _RULE, None),
    ("enum-value-missing", Kind.RULE, E, "Enum value missing",
     "A value the integration sends or reads is no longer allowed by the property's enum.", _RULE, None),
    ("response-body-missing", Kind.RULE, E, "Response body missing from the spec",
     "A rule reads a response body with a schema that the operation no longer declares.", _RULE, None),
    ("response-field-missing", Kind.RULE, E, "Response field missing",
     "A response field the integration reads is no longer in the response schema.", _RULE, None),
    ("page-section-missing", Kind.RULE, E, "Docs section missing",
     "A section a rule relies on is no longer on its page.", _RULE, None),
    ("page-phrase-missing", Kind.RULE, E, "Docs phrase missing",
     "A page (or section) no longer mentions what a rule expects it to say.", _RULE, None),
    ("header-undocumented", Kind.RULE, E, "Header no longer documented",
     "A header the integration sends is no longer documented where the rule looks.", _RULE, None),
    ("rule-path-normalised", Kind.RULE, I, "Rule path read without the server prefix",
     "A rule wrote an operation path with the servers[0].url prefix; it was read without it.",
     "Write the path as the spec does (relative to servers[0].url).", None),
    ("suppression-expired", Kind.RULE, W, "A suppression expired",
     "A suppression's 'expires' date has passed: it no longer hides anything.",
     "Remove it from suppressions.yaml, or extend 'expires' with a reason.", None),
    # -- client: what a real client sent does not match the spec, the docs or the catalog ---------
    ("auth-header-missing", Kind.CLIENT, E, "No Authorization header",
     "The request has no Authorization header; OpenRouter expects 'Authorization: Bearer <key>'.",
     "Send the API key as a Bearer token.", _AUTH),
    ("auth-header-invalid", Kind.CLIENT, E, "Authorization is not a Bearer token",
     "The Authorization header is not of the form 'Bearer <API key>'.",
     "Send the API key as a Bearer token.", _AUTH),
    ("request-body-not-json", Kind.CLIENT, E, "The body is not JSON",
     "The request body could not be parsed as JSON.", "Send a JSON body.", None),
    ("content-type-missing", Kind.CLIENT, W, "No Content-Type header",
     "A JSON body was sent without Content-Type: application/json.",
     "Set Content-Type: application/json.", None),
    ("content-type-mismatch", Kind.CLIENT, E, "Content-Type the operation does not take",
     "The Content-Type header names a media type the operation's request body does not declare.",
     "Send one of the declared media types.", None),
    ("header-deprecated", Kind.CLIENT, W, "A legacy header",
     "The client sends a deprecated header name (X-Title); the docs name its replacement.",
     "Send X-OpenRouter-Title (the legacy name is still accepted for now).", f"{_ATTRIBUTION}#x-openrouter-title"),
    ("attribution-referer-missing", Kind.CLIENT, W, "App title without HTTP-Referer",
     "An app title is sent without HTTP-Referer, which is what creates the app's page.",
     "Send HTTP-Referer with your app's URL.", f"{_ATTRIBUTION}#http-referer-required"),
    ("attribution-referer-not-url", Kind.CLIENT, I, "HTTP-Referer is not a URL",
     "HTTP-Referer should be the app's URL.", "Send your app's URL as HTTP-Referer.",
     f"{_ATTRIBUTION}#http-referer-required"),
    ("attribution-category-invalid", Kind.CLIENT, W, "Invalid app category",
     "X-OpenRouter-Categories must hold lowercase, hyphen-separated, short category names.",
     "Use the categories the docs list.", f"{_ATTRIBUTION}#x-openrouter-categories"),
    ("model-id-without-prefix", Kind.CLIENT, E, "Model id without organisation prefix",
     "A model id lacks its organisation prefix (e.g. 'gpt-4o-mini' for 'openai/gpt-4o-mini').",
     "Use the full model id from the models list.", _MODELS),
    ("model-unknown", Kind.CLIENT, E, "Unknown model",
     "The request names a model that is not in the models catalog.",
     "Pick a model id from the models list; the model may have been removed or renamed.", _MODELS),
    ("model-parameter-unsupported", Kind.CLIENT, W, "Parameter the model does not support",
     "The model's supported_parameters do not list a parameter the request sends.",
     "Drop the parameter, choose another model, or set provider.require_parameters.", _PARAMETERS),
    ("model-parameter-no-provider", Kind.CLIENT, W, "Parameter no provider of the model supports",
     "The model lists the parameter, but none of its providers in the catalog snapshot's endpoints "
     "(GET /models/{author}/{slug}/endpoints) does: the request cannot be routed with it.",
     "Drop the parameter, choose another model, or check the model's providers page.", _PARAMETERS),
    ("model-input-modality-unsupported", Kind.CLIENT, E, "Input the model does not take",
     "The request sends input (image, file, audio) that is not in the model's input_modalities.",
     "Choose a model whose input_modalities include it.", None),
    ("model-output-modality-unsupported", Kind.CLIENT, E, "Output the model does not produce",
     "Image output is requested from a model whose output_modalities lack it.",
     "Choose a model whose output_modalities include image.",
     f"{DOCS}/guides/overview/multimodal/image-generation#model-discovery"),
    ("tool-followup-without-tools", Kind.CLIENT, E, "Tool results without tools",
     "A request carrying tool results does not repeat the `tools` array of the request that called them.",
     "Send the same `tools` array with the tool results.", _TOOLS),
    ("tool-call-id-unmatched", Kind.CLIENT, E, "Tool result for an unknown call",
     "A tool message answers a tool_call_id no earlier assistant message made.",
     "Answer each tool call with its own id.", _TOOLS),
    ("remote-asset-url", Kind.CLIENT, W, "Remote asset URL",
     "An image or file is sent by a URL on a host not in OPENROUTER_ALLOWED_REMOTE_ASSET_HOSTS.",
     "Public files may be sent by URL: add the host to OPENROUTER_ALLOWED_REMOTE_ASSET_HOSTS; "
     "send local or private files as a base64 data: URL.", None),
    ("fault-retried", Kind.CLIENT, I, "Client retried an injected fault",
     "After an injected fault (`checker record --fault`, pytest `--checker-fault`) broke a request, the client "
     "sent it again (after the Retry-After, if any).",
     "Nothing to do: the client recovers from this error.", None),
    ("fault-retry-too-soon", Kind.CLIENT, W, "Client ignored Retry-After",
     "After an injected 429 or 503 with Retry-After, the client sent the request again before that time passed.",
     "Wait at least Retry-After seconds before retrying (most SDKs do when their retries are on).", None),
    ("fault-not-retried", Kind.CLIENT, I, "Client did not retry an injected fault",
     "After an injected fault (`checker record --fault`, pytest `--checker-fault`) broke a request, the client's "
     "next request was a different one, or none.",
     "Fine if the error is surfaced on purpose; retry 429s, 5xx and broken streams with backoff otherwise.", None),
    ("fault-not-reached", Kind.CLIENT, I, "Injected fault never applied",
     "The client sent fewer requests than the fault's N, request N was not a streamed chat/Responses request "
     "(mid-stream-error), or it was sent before openrouter_stub.fault() added the fault.",
     "Pick an N the client reaches (N counts requests from 1); in pytest, add the fault before the client runs.",
     None),
    ("require-parameters-hint", Kind.CLIENT, I, "Parameters without require_parameters",
     "Parameters that not every provider supports are sent without provider.require_parameters: true.",
     "Set provider.require_parameters: true if the parameters matter.",
     f"{DOCS}/guides/routing/provider-selection#requiring-providers-to-support-all-parameters"),
    ("parameter-missing", Kind.CLIENT, E, "Required parameter missing",
     "A required path, query or header parameter of the operation is not sent.",
     "Send the parameter.", None),
    ("parameter-invalid", Kind.CLIENT, E, "Parameter value invalid",
     "A parameter's value does not validate against its schema in the spec.",
     "Send a value the schema allows.", None),
    ("request-body-missing", Kind.CLIENT, E, "Required body missing",
     "The operation requires a JSON body and none was sent.", "Send the body.", None),
    ("request-url-invalid", Kind.CLIENT, E, "Request URL cannot be parsed",
     "The request's URL is not a valid URL, so the request was not validated.",
     "Fix how the client builds the URL (base URL plus path, e.g. https://openrouter.ai/api/v1/chat/completions).",
     None),
    ("request-body-too-deep", Kind.CLIENT, E, "Request body nested too deeply",
     "The JSON body is nested more than 128 levels deep, so it was not validated against the schema.",
     "Check what the client serialises: no real request to the API nests this deep.", None),
    ("request-body-invalid", Kind.CLIENT, E, "Request body invalid",
     "The request body does not validate against the operation's schema in the spec.",
     "Fix the field the finding points at (its pointer, rule and expected value).", None),
    ("request-unknown-field", Kind.CLIENT, W, "Unknown top-level field",
     "The body has a top-level field the operation's schema does not declare.",
     "Check its spelling, or whether it moved or was removed.", None),
    ("request-field-deprecated", Kind.CLIENT, W, "Deprecated field",
     "The body sends a field the spec marks deprecated.", "Move to its replacement.", None),
    ("docs-deprecated-sent", Kind.CLIENT, W, "Sends something the docs call deprecated",
     "The request sends a field, value or header that a sentence of the docs or of the spec's descriptions "
     "says is deprecated, legacy, redirected, renamed or replaced. The finding quotes the sentence, the "
     "replacement when it names one, and links the page section (or the spec) it comes from.",
     "Move to the replacement the sentence names; it may still be accepted today, but not for long.", None),
    ("docs-documented-unspecced", Kind.CLIENT, I, "Field documented on a page but not in the spec",
     "The body sends a top-level field the spec does not declare but a docs page documents (a `Key:` "
     "entry of the parameters page): the docs and the spec disagree, the client is not necessarily wrong.",
     "Keep it if the page is right; `docs-spec-mismatch` in `checker check` tracks the disagreement.", None),
    ("operation-unknown", Kind.CLIENT, E, "Undocumented operation",
     "The request's method and path are not an operation of the spec.",
     "Check the path (relative to /api/v1) and method against the API reference.", _OVERVIEW),
]
_CAT_USE = "If the integration uses the model (see relevance), adapt the request or pick another model."
_ENTRIES += [
    # -- catalog: the models list (GET /api/v1/models) changed since the snapshot ------------------
    ("catalog-unreadable", Kind.FETCH, W, "The models list is not readable",
     "A catalog source answered something that is not a models, endpoints or providers list.", _FETCH_RETRY, None),
    ("catalog-model-removed", Kind.CATALOG, W, "Model removed",
     "A model id is no longer in the catalog; requests naming it fail.", _CAT_USE, None),
    ("catalog-model-expiring", Kind.CATALOG, W, "Model expiring",
     "A model got an expiration_date (or a new one): it may be removed after that date.", _CAT_USE, None),
    ("catalog-model-aliased", Kind.CATALOG, I, "Model is now an alias",
     "A model id now routes to another model (alias_target).", "Check the target is acceptable.", None),
    ("catalog-parameter-removed", Kind.CATALOG, W, "Supported parameter lost",
     "A model no longer lists a parameter in supported_parameters.", _CAT_USE, None),
    ("catalog-parameter-added", Kind.CATALOG, I, "Supported parameter gained",
     "A model now lists a new parameter in supported_parameters.", "Nothing required.", None),
    ("catalog-modality-removed", Kind.CATALOG, W, "Modality lost",
     "A model no longer lists an input or output modality.", _CAT_USE, None),
    ("catalog-modality-added", Kind.CATALOG, I, "Modality gained",
     "A model now lists a new input or output modality.", "Nothing required.", None),
    ("catalog-context-decreased", Kind.CATALOG, W, "Context length decreased",
     "A model's context_length went down; long prompts may now be refused.", _CAT_USE, None),
    ("catalog-max-tokens-decreased", Kind.CATALOG, W, "Max completion tokens decreased",
     "The top provider's max_completion_tokens went down; long answers may be cut.", _CAT_USE, None),
    ("catalog-price-changed", Kind.CATALOG, I, "Price changed",
     "A model's price per unit changed (old -> new, with the percentage).", "Check the budget.", None),
    ("catalog-price-free-to-paid", Kind.CATALOG, W, "Free model now costs money",
     "Every price of the model was zero and now one is not.", "Check the budget or pick a free model.", None),
    ("catalog-price-paid-to-free", Kind.CATALOG, I, "Model is now free",
     "Every price of the model is now zero.", "Nothing required.", None),
    ("catalog-endpoint-parameter-lost", Kind.CATALOG, W, "No provider supports a parameter any more",
     "A model the integration uses still lists the parameter, but none of its providers "
     "(GET /models/{author}/{slug}/endpoints) supports it now: requests sending it cannot be routed.",
     _CAT_USE, None),
    ("catalog-providers-changed", Kind.CATALOG, I, "Providers of a model changed",
     "The providers serving a model the integration uses came or went (their count, old -> new).",
     "Check provider.order / provider.only in the requests still name a provider that serves it.", None),
    ("catalog-provider-removed", Kind.CATALOG, I, "Provider removed",
     "A provider is no longer in GET /api/v1/providers; a warning when the traffic pins it in "
     "provider.order or provider.only.", "Pin another provider, or let the router choose.", None),
    ("catalog-providers-added", Kind.CATALOG, I, "Providers added",
     "New providers in GET /api/v1/providers, in one grouped finding.", "Nothing required.", None),
    ("catalog-models-added", Kind.CATALOG, I, "Models added",
     "New model ids in the catalog, in one grouped finding.", "Nothing required.", _MODELS),
]
_SEND = "Change what the client sends so it still validates; the operation's page shows the new schema."
_READ = "Make the client read the new shape (tolerate the value, handle the missing field)."
_ENTRIES += [
    # -- spec: the API changed since the snapshot (or between two files: `checker diff`) -----------
    ("api-path-removed", Kind.SPEC, E, "Path removed", "A path and all its operations were removed.",
     "Move the calls to the replacement the docs name.", None),
    ("api-operation-removed", Kind.SPEC, E, "Operation removed", "An operation (method on a path) was removed.",
     "Move the calls to the replacement the docs name.", None),
    ("endpoint-added", Kind.SPEC, I, "Operation added", "A new operation appeared.", "Nothing required.", None),
    ("endpoint-deprecated", Kind.SPEC, W, "Operation deprecated", "The operation is now marked deprecated.",
     "Plan the move to its replacement before it is removed.", None),
    ("endpoint-page-moved", Kind.SPEC, I, "Operation page moved",
     "The operation's docs page URL changed (its summary or first tag changed).",
     "Update links to the old page.", None),
    ("docs-renamed-still-accepted", Kind.SPEC, W, "Renamed; the old name is still accepted",
     "The spec no longer lists a parameter, header, property or enum value, but a sentence of the new spec "
     "or of a docs page says the old name is still accepted (a legacy alias): on the wire nothing breaks "
     "yet. Reported once, instead of a removal error plus an addition.",
     "Move to the new name before the alias goes away; the finding quotes the sentence that keeps it.", None),
    ("request-parameter-removed", Kind.SPEC, E, "Request parameter removed",
     "A parameter the operation took was removed.", _SEND, None),
    ("new-required-request-parameter", Kind.SPEC, E, "New required request parameter",
     "The operation now requires a parameter clients did not have to send.", _SEND, None),
    ("new-optional-request-parameter", Kind.SPEC, I, "New optional request parameter",
     "The operation takes a new optional parameter.", "Nothing required.", None),
    ("request-body-removed", Kind.SPEC, W, "Request body removed",
     "The operation no longer declares a request body.", _SEND, None),
    ("request-body-became-required", Kind.SPEC, E, "Request body became required",
     "The operation now requires a request body.", _SEND, None),
    ("request-body-media-type-removed", Kind.SPEC, E, "Request media type removed",
     "A media type the request body accepted was removed.", _SEND, None),
    ("request-body-media-type-added", Kind.SPEC, I, "Request media type added",
     "The request body accepts a new media type.", "Nothing required.", None),
    ("new-required-request-property", Kind.SPEC, E, "New required request property",
     "The request now requires a property clients did not have to send.", _SEND, None),
    ("new-optional-request-property", Kind.SPEC, I, "New optional request property",
     "The request takes a new optional property.", "Nothing required.", None),
    ("request-property-removed", Kind.SPEC, E, "Request property removed",
     "A request property was removed; sending it may be rejected or ignored.", _SEND, None),
    ("response-required-property-added", Kind.SPEC, I, "New required response property",
     "Responses now always carry a new property.", "Nothing required.", None),
    ("response-optional-property-added", Kind.SPEC, I, "New optional response property",
     "Responses may carry a new property.", "Nothing required.", None),
    ("response-required-property-removed", Kind.SPEC, E, "Required response property removed",
     "A property responses always carried was removed.", _READ, None),
    ("response-optional-property-removed", Kind.SPEC, W, "Optional response property removed",
     "A property responses could carry was removed.", _READ, None),
    ("response-success-status-removed", Kind.SPEC, E, "Success status removed",
     "A success (2xx) response status was removed.", _READ, None),
    ("response-non-success-status-removed", Kind.SPEC, I, "Error status removed",
     "A non-success response status was removed.", "Nothing required.", None),
    ("response-success-status-added", Kind.SPEC, I, "Success status added",
     "A new success (2xx) response status was added.", "Check the client handles it.", None),
    ("response-media-type-removed", Kind.SPEC, E, "Response media type removed",
     "A media type of a response was removed (an error for success responses).", _READ, None),
    ("response-required-header-removed", Kind.SPEC, E, "Required response header removed",
     "A response header marked required was removed.", _READ, None),
    ("response-optional-header-removed", Kind.SPEC, W, "Response header removed",
     "An optional response header was removed.", _READ, None),
    ("api-security-added", Kind.SPEC, E, "Authentication now required",
     "The operation now requires authentication it did not require.", "Send the credentials it names.", None),
    ("api-security-removed", Kind.SPEC, E, "Security option removed",
     "A way to authenticate to the operation was removed.", "Authenticate with a remaining option.", None),
    ("api-security-alternative-added", Kind.SPEC, I, "Security option added",
     "A new way to authenticate to the operation was added.", "Nothing required.", None),
    ("api-security-scheme-changed", Kind.SPEC, E, "Security scheme changed",
     "A security scheme the operation uses changed (type, location or name).",
     "Send the credentials as the scheme now says.", None),
    ("operation-moved", Kind.SPEC, E, "Operation moved",
     "The operation is now at another path (same operationId, or same summary under a shorter or "
     "longer path); calls to the old path fail. Its other changes are reported under the new path.",
     "Call the new path.", None),
    ("path-parameter-renamed", Kind.SPEC, I, "Path parameter renamed",
     "A path parameter has a new name; the URL clients build is the same.", "Nothing required.", None),
    ("api-operation-id-changed", Kind.SPEC, W, "operationId changed",
     "The operation's operationId changed; generated clients name their methods after it.",
     "Regenerate the client, or call the operation by its new name.", None),
    ("request-parameter-sunset-changed", Kind.SPEC, W, "Parameter sunset date",
     "A parameter now names (or moved) the date it will be removed on (x-sunset).", _SEND, None),
    ("request-body-became-optional", Kind.SPEC, I, "Request body became optional",
     "The operation no longer requires a request body.", "Nothing required.", None),
    ("response-header-added", Kind.SPEC, I, "Response header added",
     "A response carries a new header.", "Nothing required.", None),
    ("api-security-scope-added", Kind.SPEC, E, "Security scope now needed",
     "A security scheme the operation uses now asks for more OAuth scopes.",
     "Request a token with the new scopes.", None),
    ("api-security-scope-removed", Kind.SPEC, I, "Security scope no longer needed",
     "A security scheme the operation uses asks for fewer scopes.", "Nothing required.", None),
]

# Schema changes: code suffix -> (title, what the place did, request severity, response severity).
_SCHEMA: dict[str, tuple[str, str, Severity | None, Severity | None]] = {
    "type-changed": ("type changed", "changed its type (replaced, narrowed or widened)", E, E),
    "became-nullable": ("became nullable", "can now be null", I, W),
    "became-not-nullable": ("became non-nullable", "can no longer be null", E, None),
    "enum-value-added": ("enum value added", "gained enum values (info for open enums)", I, W),
    "enum-value-removed": ("enum value removed", "lost enum values", E, I),
    "became-enum": ("became an enum", "is now restricted to enum values", E, None),
    "enum-removed": ("enum removed", "is no longer restricted to enum values", I, W),
    "const-changed": ("fixed value changed", "changed its const value", E, W),
    "max-decreased": ("maximum decreased", "has a lower (or new) maximum", E, None),
    "max-length-decreased": ("maxLength decreased", "has a lower (or new) maxLength", E, None),
    "max-items-decreased": ("maxItems decreased", "has a lower (or new) maxItems", E, None),
    "max-properties-decreased": ("maxProperties decreased", "has a lower (or new) maxProperties", E, None),
    "min-increased": ("minimum increased", "has a higher (or new) minimum", E, None),
    "min-length-increased": ("minLength increased", "has a higher (or new) minLength", E, None),
    "min-items-increased": ("minItems increased", "has a higher (or new) minItems", E, None),
    "min-properties-increased": ("minProperties increased", "has a higher (or new) minProperties", E, None),
    "max-increased": ("maximum increased", "has a higher maximum (or none)", None, W),
    "max-length-increased": ("maxLength increased", "has a higher maxLength (or none)", None, W),
    "max-items-increased": ("maxItems increased", "has a higher maxItems (or none)", None, W),
    "max-properties-increased": ("maxProperties increased", "has a higher maxProperties (or none)", None, W),
    "min-decreased": ("minimum decreased", "has a lower minimum (or none)", None, W),
    "min-length-decreased": ("minLength decreased", "has a lower minLength (or none)", None, W),
    "min-items-decreased": ("minItems decreased", "has a lower minItems (or none)", None, W),
    "min-properties-decreased": ("minProperties decreased", "has a lower minProperties (or none)", None, W),
    "pattern-added": ("pattern added", "now has to match a pattern", W, None),
    "pattern-changed": ("pattern changed", "changed its pattern", W, W),
    "pattern-removed": ("pattern removed", "no longer has to match a pattern", None, W),
    "multiple-of-narrowed": ("multipleOf narrowed", "now has to be a multiple of a larger step", E, None),
    "multiple-of-widened": ("multipleOf widened", "only has to be a multiple of a smaller step", None, W),
    "multiple-of-changed": ("multipleOf changed", "has to be a multiple of an unrelated step", E, W),
    "became-unique-items": ("unique items required", "now requires its array items to be unique", E, None),
    "unique-items-removed": ("unique items no longer required", "may now repeat array items", None, W),
    "discriminator-property-changed": ("discriminator changed", "names its variants by another property",
                                       E, E),
    "discriminator-mapping-changed": ("discriminator mapping changed",
                                      "maps discriminator values to other variants", W, W),
    "format-changed": ("format changed", "changed its format", W, W),
    "default-value-changed": ("default changed", "changed its documented default", W, None),
    "default-value-added": ("default added", "now documents a default", I, None),
    "default-value-removed": ("default removed", "no longer documents a default", I, None),
    "deprecated": ("deprecated", "is now deprecated", W, I),
    "additional-properties-closed": ("closed to extra properties", "no longer accepts additional properties",
                                     W, None),
    "became-required": ("became required", "became required", E, I),
    "became-optional": ("became optional", "became optional", I, W),
    "one-of-added": ("oneOf variant added", "gained a oneOf variant", I, W),
    "any-of-added": ("anyOf variant added", "gained an anyOf variant", I, W),
    "one-of-removed": ("oneOf variant removed", "lost a oneOf variant", E, I),
    "any-of-removed": ("anyOf variant removed", "lost an anyOf variant", E, I),
}
# prefix -> (title, place, side index in _SCHEMA's severities, remedy)
_PLACES = {"request-property": ("Request property", "A request body property", 2, _SEND),
           "request-parameter": ("Request parameter", "A request parameter", 2, _SEND),
           "response-property": ("Response property", "A response property", 3, _READ),
           "response-header": ("Response header", "A response header", 3, _READ)}


def _schema_entries() -> list[CodeInfo]:
    out = []
    for prefix, (title, place, side, remedy) in _PLACES.items():
        for suffix, row in _SCHEMA.items():
            severity = row[side]
            if severity is not None:
                out.append(CodeInfo(f"{prefix}-{suffix}", Kind.SPEC, severity, f"{title} {row[0]}",
                                    f"{place} {row[1]}.", remedy if severity is not I else "Nothing required."))
    return out


def _build() -> dict[str, CodeInfo]:
    entries = [CodeInfo(*row) for row in _ENTRIES] + _schema_entries()
    codes: dict[str, CodeInfo] = {}
    for entry in entries:
        if entry.code in codes:
            raise AssertionError(f"finding code {entry.code} catalogued twice")
        codes[entry.code] = entry
    return dict(sorted(codes.items()))


@cache
def catalogue() -> dict[str, CodeInfo]:
    """Every code by name (built on first use: a replayed run renders findings without it)."""
    return _build()


def __getattr__(name: str) -> Any:
    """`CODES` (the catalogue, as `checker.codes.CODES` and `from checker.codes import CODES`)."""
    if name == "CODES":
        return catalogue()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# what the docs say against the spec (or newly deprecate): info, a warning when the integration
# sends what the claim is about (checker.docs.used); summed up per code on the console
DOCS_CLAIMS = frozenset({"docs-example-invalid", "docs-spec-mismatch", "docs-deprecation-new"})


def lookup(code: str) -> CodeInfo | None:
    return catalogue().get(code)


def default_severity(code: str) -> Severity:
    """For stages that take the catalogue's severity as is (KeyError: the code is not catalogued)."""
    return catalogue()[code].severity


def matching(pattern: str) -> list[str]:
    """Catalogued codes matched by a glob (as suppressions use them)."""
    return [code for code in catalogue() if fnmatchcase(code, pattern)]


def close_matches(code: str, n: int = 3) -> list[str]:
    import difflib

    return difflib.get_close_matches(code, list(catalogue()), n=n, cutoff=0.6)
