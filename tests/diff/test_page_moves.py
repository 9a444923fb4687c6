"""A moved docs page is reported once (issue 13): `page-moved` when the final URL first
differs from the snapshot's; once `--update-snapshots` recorded it, only the info hint that
target.yaml still names the old URL. Real loopback HTTP, the site of the drift tests."""
from __future__ import annotations

from tests.acceptance.test_drift_e2e import GUIDE, json_report, page_html, run, site, workdir  # noqa: F401


def page_codes(report: dict) -> list[tuple[str, str]]:
    return sorted((f["code"], f["severity"]) for f in report["findings"]
                  if f["location"]["source"] == "guide")


def guide_status(report: dict) -> str:
    return next(s["status"] for s in report["sources"] if s["id"] == "guide")


def move_guide(site) -> None:  # noqa: F811 - the fixture's server
    site.route("/docs/guides/guide", body=lambda _req: page_html(GUIDE))
    site.redirect("/docs/guide", "/docs/guides/guide", status=308)


def test_move_is_reported_once_then_only_the_target_hint(site, workdir):  # noqa: F811
    assert run(workdir, site.url, "snapshot") == 0
    move_guide(site)
    code, first = json_report(workdir, site.url, "check", "--update-snapshots")
    assert page_codes(first) == [("page-moved", "warning")]
    assert guide_status(first) == "moved"
    code, second = json_report(workdir, site.url, "check")
    assert page_codes(second) == [("page-url-outdated", "info")]
    assert guide_status(second) == "unchanged"
    assert code == 0
    (hint,) = [f for f in second["findings"] if f["code"] == "page-url-outdated"]
    assert (hint["before"], hint["after"]) == ("https://openrouter.ai/docs/guide",
                                               "https://openrouter.ai/docs/guides/guide")
    assert "target.yaml" in hint["message"]


def test_move_not_yet_recorded_repeats_until_accepted(site, workdir):  # noqa: F811
    assert run(workdir, site.url, "snapshot") == 0
    move_guide(site)
    for _ in range(2):
        assert page_codes(json_report(workdir, site.url, "check")[1]) == [("page-moved", "warning")]


def test_page_moving_again_is_a_new_move(site, workdir):  # noqa: F811
    assert run(workdir, site.url, "snapshot") == 0
    move_guide(site)
    json_report(workdir, site.url, "check", "--update-snapshots")
    site.route("/docs/v2/guide", body=lambda _req: page_html(GUIDE))
    site.redirect("/docs/guide", "/docs/v2/guide", status=308)
    report = json_report(workdir, site.url, "check")[1]
    assert page_codes(report) == [("page-moved", "warning")]
    assert [f["after"] for f in report["findings"] if f["code"] == "page-moved"] == [
        "https://openrouter.ai/docs/v2/guide"]


def test_target_naming_the_new_url_gives_no_finding(site, workdir):  # noqa: F811
    assert run(workdir, site.url, "snapshot") == 0
    move_guide(site)
    json_report(workdir, site.url, "check", "--update-snapshots")
    target = workdir / "rules" / "site" / "target.yaml"
    target.write_text(target.read_text().replace("/docs/guide\n", "/docs/guides/guide\n"))
    code, report = json_report(workdir, site.url, "check")
    assert page_codes(report) == []


def test_move_answered_with_304_is_reported_once_too(site, workdir):  # noqa: F811
    """A server with ETags answers the redirected conditional request with 304 Not Modified."""
    html = page_html(GUIDE)
    site.route("/docs/guide", body=html, etag=True)
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/docs/guides/guide", body=html, etag=True)
    site.redirect("/docs/guide", "/docs/guides/guide", status=308)
    first = json_report(workdir, site.url, "check", "--update-snapshots")[1]
    assert page_codes(first) == [("page-moved", "warning")]
    second = json_report(workdir, site.url, "check")[1]
    assert page_codes(second) == [("page-url-outdated", "info")]
    assert guide_status(second) == "unchanged"
