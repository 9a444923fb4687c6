"""remote-asset-url advises what the page it links to says: public files by URL (allow the host), private as data:."""
from __future__ import annotations

import re

from checker.cli import main
from checker.comply import Validator, read_payload
from tests.comply.conftest import PAYLOADS, SHARED, only

PAGES = SHARED / "corpus" / "openrouter" / "pages"


def test_the_advice_names_the_allowlist_and_data_urls_for_private_files(mini_spec):
    finding = only(Validator(mini_spec, allowed_remote_hosts=[]).validate(
        read_payload(PAYLOADS / "remote-image-url.json")), "remote-asset-url")
    assert "add its host to OPENROUTER_ALLOWED_REMOTE_ASSET_HOSTS" in finding.message
    assert "local or private, send a data: URL" in finding.message and "instead" not in finding.message


def test_the_linked_page_accepts_public_urls_and_wants_base64_for_private_files():
    pages = sorted(PAGES.glob("*/guides/overview/multimodal/image-understanding.mdx"))
    if not pages:
        import pytest
        pytest.skip(f"corpus pages not available at {PAGES} (set CHECKER_SHARED)")
    text = pages[-1].read_text()
    assert "### Using Image URLs" in text  # the finding links #using-image-urls
    assert re.search(r"Base64\*\*: Required for local files or private images", text)


def test_help_lists_the_allowlist(capsys):
    assert main(["help", "environment"]) == 0  # `checker --help` points here
    out = capsys.readouterr().out
    assert "OPENROUTER_ALLOWED_REMOTE_ASSET_HOSTS" in out and "data: URLs" in out
