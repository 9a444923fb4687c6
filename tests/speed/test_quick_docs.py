"""--quick runs only the docs stage's cheap parts (issue 17): renames and the pages' new deprecations.

The read-together claims (docs-spec-mismatch, docs-example-invalid) compile the whole spec and the
spec's new deprecations walk all of it twice; `checker check` keeps them, --quick leaves them out."""
from __future__ import annotations

import copy

from checker.diff.spec import diff_specs
from checker.docs.stage import apply
from checker.normalise.markdown import markdown_to_page
from tests.docs.conftest import mini_spec
from tests.docs.test_stage import header_specs, observation

FENCE = "```"


def codes(findings) -> list[tuple[str, str]]:
    return sorted((f.code, f.severity.value) for f in findings)


def test_a_rename_the_spec_describes_is_still_one_warning_on_quick():
    old, new = header_specs("The legacy header `X-Old` is also accepted for backward compatibility.")
    diff = diff_specs(old, new)
    quick = apply(diff, [observation("spec", "openapi", old, new)], quick=True)
    assert codes(quick) == [("docs-renamed-still-accepted", "warning")]
    assert codes(quick) == codes(apply(diff, [observation("spec", "openapi", old, new)]))


def test_a_page_deprecation_is_reported_on_quick_a_spec_one_only_by_check():
    before = markdown_to_page("# Routing\n\n## Sorting\n\nSort by `price`.\n")
    after = markdown_to_page("# Routing\n\n## Sorting\n\nSort by `price`. The `throughput` sort is deprecated; "
                             "use `latency`.\n")
    old = mini_spec()
    new = copy.deepcopy(old)
    new["info"]["description"] = "The `transforms` parameter is deprecated; use `plugins`."
    observations = [observation("spec", "openapi", old, new), observation("page", "guides/routing", before, after)]
    full = {f.after["identifier"] for f in apply([], observations) if f.code == "docs-deprecation-new"}
    quick = {f.after["identifier"] for f in apply([], observations, quick=True) if f.code == "docs-deprecation-new"}
    assert full == {"throughput", "transforms"}
    assert quick == {"throughput"}


def test_the_read_together_claims_are_left_to_check():
    spec = mini_spec()
    before = markdown_to_page("# Parameters\n\n## Temperature\n\n* Key: `temperature`\n")
    after = markdown_to_page("# Parameters\n\n## Temperature\n\n* Key: `temperature`\n\n## Verbosity\n\n"
                             "* Key: `verbosity`\n\n## Example\n\n"
                             f'{FENCE}json\n{{"messages": [{{"role": "user"}}], "temperature": "hot"}}\n{FENCE}\n\n'
                             "Send it to `https://openrouter.ai/api/v1/chat/completions`.\n")
    observations = [observation("spec", "openapi", spec, spec),
                    observation("page", "api_reference/parameters", before, after)]
    assert {"docs-spec-mismatch", "docs-example-invalid"} <= {f.code for f in apply([], observations)}
    assert apply([], observations, quick=True) == []
