"""The REST API through a real uvicorn server on 127.0.0.1: the contract's JSON, pagination with
next links, filters as on the command line, one error shape, the OpenAPI document, ingest with its
size limit and the token rule; schemathesis fuzzes every endpoint (GET, and the ingest POST without fetching) from the OpenAPI document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from web_server import build_store, running

from claimgraph.cli.serve import serving_rules
from claimgraph.store import Store, tracking
from claimgraph.web import create_app

SMALL_LIMIT = 2_000  # bytes: the upload limit of the size-limit test's server


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("api") / "store.db"
    ids = build_store(path)
    app = create_app(path, max_upload=SMALL_LIMIT)
    # The client a page of this server would be: its writes carry the server's own Origin.
    with running(app) as base, httpx.Client(base_url=base, timeout=60, headers={"origin": base}) as client:
        yield {"client": client, "ids": ids, "base": base, "path": path, "explorer": app.state.explorer}
        if app.state.explorer.warming is not None:
            app.state.explorer.warming.join()


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_claims_are_the_stores_records_a_page_at_a_time(api: dict[str, Any]) -> None:
    from claimgraph.store import Store

    client = api["client"]
    first = client.get("/api/claims", params={"limit": 5}).json()
    assert first["offset"] == 0 and first["limit"] == 5 and len(first["items"]) == 5
    second = client.get(first["next"]).json()
    assert second["offset"] == 5
    with Store(api["path"], create=False) as store:
        expected = json.loads(json.dumps([claim.to_dict() for claim in store.claims(limit=10)]))
    assert first["items"] + second["items"] == expected
    last = client.get("/api/claims", params={"limit": 500}).json()
    assert last["next"] is None


def test_claim_filters_match_the_cli(api: dict[str, Any]) -> None:
    client = api["client"]
    for params, check in (({"modality": "negated"}, lambda c: c["modality"] == "negated"),
                          ({"has_number": "true"}, lambda c: c["quantity"] is not None),
                          ({"search": "troops"}, lambda c: "troops" in c["text"].lower()),
                          ({"source": "Biden"}, lambda c: any(s["name"] == "Biden" for s in c["sources"])),
                          ({"since": "2024"}, lambda c: (c["published"] or "") >= "2024" or c["time"])):
        items = client.get("/api/claims", params={**params, "limit": 500}).json()["items"]
        assert items and all(check(c) for c in items), params


def test_documents_entities_sources_measures_timeline_changes(api: dict[str, Any]) -> None:
    client = api["client"]
    documents = client.get("/api/documents", params={"search": "earthquake"}).json()["items"]
    assert documents and all("text" not in d for d in documents)
    assert client.get(f"/api/documents/{documents[0]['id']}").json()["claims"]
    assert "Biden" in [e["name"] for e in client.get("/api/entities", params={"search": "biden"}).json()["items"]]
    entity = client.get("/api/entities/Biden").json()
    assert entity["claims_made"] and set(entity) >= {"aliases", "claims_about", "measures"}
    assert client.get("/api/sources").json()["items"][0]["claims"] >= 1
    assert client.get("/api/sources/Biden").json()["claims"]
    measure = client.get("/api/measures").json()["items"][0]
    detail = client.get(f"/api/measures/{measure['id']}").json()
    assert len(detail["timeline"]) == measure["claims"] and detail["provenance"]
    assert client.get(f"/api/timeline/{measure['id']}").json()["matched_by"] == "measure"
    assert "items" in client.get("/api/changes", params={"since": "2019"}).json()


def test_errors_have_one_shape(api: dict[str, Any]) -> None:
    client = api["client"]
    error = _error(client.get("/api/claims", params={"limit": 0}), 400, "invalid_parameter")
    assert error["detail"] == [{"field": "limit", "problem": "Input should be greater than or equal to 1"}]
    _error(client.get("/api/claims", params={"modality": "rumour"}), 400, "invalid_parameter")
    _error(client.get("/api/claims", params={"since": "last week"}), 400, "invalid_parameter")
    assert "no words" in _error(client.get("/api/claims", params={"search": "!!"}), 400, "bad_request")["message"]
    _error(client.get("/api/documents/999999"), 404, "not_found")
    _error(client.get("/api/measures/nope"), 404, "not_found")
    _error(client.get("/api/entities/Nobody At All"), 404, "not_found")
    _error(client.get("/api/nothing-here"), 404, "not_found")
    _error(client.delete("/api/claims"), 405, "method_not_allowed")


def test_openapi_document_is_valid(api: dict[str, Any]) -> None:
    document = api["client"].get("/api/openapi.json").json()
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI 3.1 meta-schema
    assert document["openapi"].startswith("3.1")
    paths = set(document["paths"])
    assert {"/api/claims", "/api/documents", "/api/documents/{ref}", "/api/sources", "/api/entities",
            "/api/measures", "/api/measures/{ident}", "/api/timeline/{ref}", "/api/changes"} <= paths
    assert not any(p.startswith("/articles") for p in paths)  # pages are not the API
    assert all("422" not in op["responses"] for path in document["paths"].values() for op in path.values())


def test_ingest_text_and_file_then_see_the_claims(api: dict[str, Any]) -> None:
    client = api["client"]
    text = "The agency said on Tuesday that at least 4,200 people were evacuated from the valley."
    made = client.post("/api/documents", data={"text": text, "title": "Valley evacuated", "published": "2024-03-05"})
    assert made.status_code == 201, made.text
    doc = client.get(made.json()["documents"][0]).json()
    assert doc["title"] == "Valley evacuated" and any(c["quantity"] for c in doc["claims"])
    api["explorer"].warming.join()  # an ingest regroups the measures in the background, at once
    with Store(api["path"]) as store:
        assert tracking.refresh(store.conn) is False
    again = client.post("/api/documents", data={"text": text})
    assert again.json()["ids"] == made.json()["ids"]  # already stored: the same article
    page = client.post("/ingest", files={"file": ("note.txt", b"Officials said 75 homes were destroyed.")},
                       headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/articles/")
    assert "75" in client.get(page.headers["location"]).text


def test_upload_limit(api: dict[str, Any]) -> None:
    client = api["client"]
    big = b"Officials said 10 people died. " * 200
    error = _error(client.post("/api/documents", files={"file": ("big.txt", big)}), 413, "too_large")
    assert "at most" in error["message"]
    html = client.post("/ingest", files={"file": ("big.txt", big)}, headers={"accept": "text/html"})
    assert html.status_code == 413 and "at most" in html.text


def test_ingest_refuses_paths_and_empty_forms(api: dict[str, Any]) -> None:
    client = api["client"]
    assert "http(s)" in _error(client.post("/api/documents", data={"url": "/etc/passwd"}), 400,
                               "bad_request")["message"]
    _error(client.post("/api/documents", data={}), 400, "bad_request")
    _error(client.post("/api/documents", data={"text": "x"}, headers={"origin": "https://evil.example"}), 403,
           "forbidden")


def test_token_rule(tmp_path: Any, api: dict[str, Any]) -> None:
    assert serving_rules("127.0.0.1", None) == (True, None)
    assert serving_rules("0.0.0.0", None)[0] is False
    assert serving_rules("0.0.0.0", "s3cret") == (True, None)
    text = {"text": "Police said 12 people were arrested."}
    with running(create_app(api["path"], token="s3cret")) as base, \
            httpx.Client(base_url=base, timeout=60, headers={"origin": base}) as client:
        _error(client.post("/api/documents", data=text), 403, "forbidden")
        _error(client.post("/api/documents", data=text, headers={"authorization": "Bearer wrong"}), 403, "forbidden")
        assert client.post("/api/documents", data=text, headers={"authorization": "Bearer s3cret"}).status_code == 201
        assert client.get("/api/claims").status_code == 200  # reading needs no token
    with running(create_app(api["path"], writable=False)) as base, httpx.Client(base_url=base,
                                                                               headers={"origin": base}) as client:
        assert "--token" in _error(client.post("/api/documents", data=text), 403, "forbidden")["message"]


# The document as the app serves it (building the app opens no store); each fuzzed request goes to the
# live server of the ``api`` fixture.
SCHEMA = schemathesis.openapi.from_dict(create_app("unopened.db").openapi()).include(method="GET")


@SCHEMA.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzz_get_endpoints(case: Any, api: dict[str, Any]) -> None:
    """Whatever the parameters, a documented status with the one error shape, never a 500."""
    response = case.call(base_url=api["base"], timeout=30)
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                             content_type_conformance, response_schema_conformance])
    if response.status_code >= 400:
        body = response.json()
        assert set(body["error"]) == {"code", "message", "detail"}


POST_SCHEMA = schemathesis.openapi.from_dict(create_app("unopened.db").openapi()).include(method="POST")


@POST_SCHEMA.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzz_post_endpoints(case: Any, api: dict[str, Any]) -> None:
    """Ingest with arbitrary form fields: a documented status and the one error shape, never a 500.
    A fuzzed URL is dropped first: tests send traffic to 127.0.0.1 only, never to a generated host."""
    if isinstance(case.body, dict):
        case.body.pop("url", None)
    response = case.call(base_url=api["base"], timeout=60, headers={"origin": api["base"]})
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                             content_type_conformance])
    if response.status_code >= 400:
        body = response.json()
        assert set(body["error"]) == {"code", "message", "detail"}
