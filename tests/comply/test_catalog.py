"""Catalog checks: model exists, parameters supported, input and output modalities."""
from __future__ import annotations

import pytest

from checker.comply import Validator, load_catalog, read_payload
from checker.errors import InputError
from checker.models import Severity
from tests.comply.conftest import CATALOG, PAYLOADS, only


@pytest.fixture(scope="module")
def validator(mini_spec):
    return Validator(mini_spec, catalog=load_catalog(str(CATALOG)), allowed_remote_hosts=[])


def check(validator, name):
    return validator.validate(read_payload(PAYLOADS / name))


def test_known_models_pass(validator):
    assert check(validator, "chat-tool-followup.json") == []


def test_unknown_model(validator):
    finding = only(check(validator, "catalog-unknown-model.json"), "model-unknown")
    assert (finding.severity, finding.location.pointer) == (Severity.ERROR, "/model")
    assert finding.official_url.endswith("/models/list-all-models-and-their-properties")


def test_unsupported_parameters_are_warnings(validator):
    findings = check(validator, "catalog-unsupported-parameter.json")
    pointers = sorted(f.location.pointer for f in findings if f.code == "model-parameter-unsupported")
    assert pointers == ["/tool_choice", "/tools"]
    assert all(f.official_url == "https://openrouter.ai/docs/api_reference/parameters"
               for f in findings if f.code == "model-parameter-unsupported")


def test_image_input_to_a_text_only_model(validator):
    finding = only(check(validator, "catalog-image-input.json"), "model-input-modality-unsupported")
    assert (finding.severity, finding.location.pointer) == (Severity.ERROR, "/messages/0/content/1")
    assert finding.official_url == "https://openrouter.ai/docs/guides/overview/multimodal/image-understanding"


def test_image_output_from_a_text_only_model(validator, mini_spec):
    finding = only(check(validator, "catalog-image-output.json"), "model-output-modality-unsupported")
    assert (finding.location.pointer, finding.official_url) == (
        "/modalities", "https://openrouter.ai/docs/guides/overview/multimodal/image-generation#model-discovery")
    request = read_payload(PAYLOADS / "catalog-image-output.json")
    request.body["model"] = "google/gemini-2.5-flash-image"
    assert validator.validate(request) == []


def test_catalog_must_be_a_models_list(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"models": 1}')
    with pytest.raises(InputError, match="models list"):
        load_catalog(str(path))
