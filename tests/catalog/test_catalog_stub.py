"""The stub answers GET /models from the catalog snapshot (through `checker record`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema

from checker.cli import main
from checker.record.stub import Stub
from tests.catalog.fixtures import CATALOG_SOURCE, LIST_SCHEMA, catalog_v1, serve_catalog, stub_models
from tests.loopback import LoopbackServer
from tests.store.site import TARGET, run, serve_v1, workdir

MINI = Path(__file__).parent.parent / "comply" / "openapi-mini.json"
CLIENT = """\
import json, os, sys, urllib.request
with urllib.request.urlopen(os.environ["OPENROUTER_BASE_URL"] + "/models") as r:
    ids = [m["id"] for m in json.load(r)["data"]]
open(sys.argv[1], "w").write(json.dumps(ids))
"""


def test_record_serves_the_catalog_snapshot_as_get_models(tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    with LoopbackServer() as server:
        serve_v1(server)
        serve_catalog(server, catalog_v1())
        assert run(work, server.url, "snapshot") == 0
    client, seen = tmp_path / "client.py", tmp_path / "seen.json"
    client.write_text(CLIENT)
    code = main(["record", "--spec", str(MINI), "--target", "site", "--rules", str(work / "rules"),
                 "--snapshots", str(work / "snapshots"), "--format", "json", "--output", str(tmp_path / "r.json"),
                 "--", sys.executable, str(client), str(seen)])
    report = json.loads((tmp_path / "r.json").read_text())
    assert any("it exited with 0" in n for n in report["notes"]), report["notes"]
    assert code in (0, 1)  # 1: findings about the bare client (no Authorization header), not the catalog
    assert json.loads(seen.read_text()) == sorted(m["id"] for m in catalog_v1())


def test_the_stub_answers_models_shaped_like_the_spec():
    from checker.sources.catalog import normalise_catalog

    records = normalise_catalog({"data": catalog_v1()})
    models = stub_models()
    with Stub(json.loads(MINI.read_text()), models=models) as stub:
        import urllib.request

        with urllib.request.urlopen(stub.base_url + "/models") as resp:
            body = json.load(resp)
    jsonschema.validate(body, LIST_SCHEMA)
    assert normalise_catalog(body) == records  # nothing that matters is lost on the way


def test_the_catalog_answer_validates_against_every_corpus_specs_models_list():
    from checker.record.samples import success_media
    from checker.sources.catalog import normalise_catalog
    from checker.api.document import read_spec
    from tests.comply.conftest import corpus_specs

    records = normalise_catalog({"data": catalog_v1()})
    models = stub_models()
    specs = corpus_specs()  # skips with the reason when the shared corpus is absent
    for spec_path in specs:
        with Stub(read_spec(str(spec_path)), models=models) as stub:
            import urllib.request

            with urllib.request.urlopen(stub.base_url + "/models") as resp:
                body = json.load(resp)
            op = stub.router.match("GET", stub.router.prefix + "/models").operation
            _, _, pointer = success_media(stub.compiled, op, False)
            assert stub.compiled.validator(f"{pointer}/schema").is_valid(body), spec_path.name
        assert normalise_catalog(body) == records, spec_path.name  # the stored facts win over the sample's
