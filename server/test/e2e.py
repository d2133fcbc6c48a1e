#!/usr/bin/env python3
"""Sign in with Instagram on a real Parse Server, driven through the igauth CLI.

The core builds the URL, the sandbox consents, the core checks the callback, the Cloud
function exchanges the code, and the authData logs the user in on Parse. Started by
scripts/test-parse.sh, which provides PARSE_URL, SANDBOX_URL, PG_PORT and IGAUTH.
"""
import http.client
import json
import os
import subprocess
import sys
import urllib.parse

PARSE_URL = os.environ["PARSE_URL"]
SANDBOX_URL = os.environ["SANDBOX_URL"]
IGAUTH = os.environ["IGAUTH"]
PG_PORT = os.environ["PG_PORT"]

CLIENT_ID = "990602627938098"
REDIRECT = "https://app.example.com/auth/"
PARSE_KEYS = {"X-Parse-Application-Id": "e2e-app-id", "X-Parse-REST-API-Key": "e2e-rest-key"}
CREATOR_ID = "17841405793187219"
BUSINESS_ID = "17841405822304915"


def igauth(*args, expect_exit=0):
    run = subprocess.run([IGAUTH, *args], capture_output=True, text=True, timeout=60)
    assert run.returncode == expect_exit, f"igauth {args[0]} exited {run.returncode}: {run.stdout} {run.stderr}"
    return json.loads(run.stdout)


def request(method, url, body=None, headers=None):
    """One HTTP request; returns (status, headers, parsed JSON or None). Never follows redirects."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + ("?" + parts.query if parts.query else "")
    payload = None if body is None else json.dumps(body)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    connection.request(method, path, body=payload, headers=all_headers)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    return response.status, response.headers, data


def parse(method, path, body=None, session=None):
    headers = dict(PARSE_KEYS)
    if session:
        headers["X-Parse-Session-Token"] = session
    status, _, data = request(method, PARSE_URL + path, body, headers)
    return status, data


def sign_in(user="sandbox.creator"):
    """The whole Instagram half, through the CLI: URL, consent, callback, backend exchange."""
    start = igauth("authorize-url", "--client-id", CLIENT_ID, "--redirect-uri", REDIRECT,
                   "--auth-url", SANDBOX_URL + "oauth/authorize")
    status, headers, _ = request("GET", f"{start['url']}&sandbox_decision=allow&sandbox_user={user}")
    assert status == 302, status
    code = igauth("parse-callback", "--redirect-uri", REDIRECT, "--state", start["state"], headers["Location"])["code"]
    return code, exchange(code)


def exchange(code, expect_exit=0):
    return igauth("exchange", "--client-id", CLIENT_ID, "--redirect-uri", REDIRECT, "--code", code,
                  "--backend-url", PARSE_URL + "/functions/instagramExchange",
                  "--backend-header", "X-Parse-Application-Id: e2e-app-id",
                  "--backend-header", "X-Parse-REST-API-Key: e2e-rest-key", expect_exit=expect_exit)


def auth_data(user_id, token):
    return igauth("auth-data", "--id", user_id, "--access-token", token)


def psql(sql):
    run = subprocess.run(["psql", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-d", "postgres", "-At", "-c", sql],
                         capture_output=True, text=True, check=True)
    return run.stdout.strip()


def test_new_user_then_same_user():
    code, token = sign_in()
    assert token["user_id"] == CREATOR_ID, token
    data = auth_data(token["user_id"], token["access_token"])
    status, created = parse("POST", "/users", {"authData": data})
    assert status == 201, (status, created)
    assert created["sessionToken"].startswith("r:"), created
    status, again = parse("POST", "/users", {"authData": data})
    assert status == 200 and again["objectId"] == created["objectId"], (status, again)
    stored = json.loads(psql(f"""select "authData" from "_User" where "objectId" = '{created['objectId']}'"""))
    assert stored["instagram"]["id"] == CREATOR_ID, stored
    # The same code a second time: Instagram refuses it, the Cloud function reports it.
    spent = exchange(code, expect_exit=1)["error"]
    assert spent["kind"] == "provider_error" and spent["code"] == 141, spent
    assert "Matching code was not found or was already used" in spent["description"], spent
    return created["objectId"]


def test_forged_authdata_is_parse_error_101():
    _, token = sign_in()
    for user_id, access_token in [(BUSINESS_ID, token["access_token"]), (CREATOR_ID, "IGAAforged")]:
        refused = igauth("parse-login", "--server", PARSE_URL, "--app-id", "e2e-app-id", "--rest-key", "e2e-rest-key",
                         "--id", user_id, "--access-token", access_token, expect_exit=1)["error"]
        assert refused["kind"] == "provider_error" and refused["code"] == 101, refused
        assert refused["status"] == 404, refused


def test_link_and_unlink_an_existing_user():
    status, user = parse("POST", "/users", {"username": "alice", "password": "correct horse"})
    assert status == 201, (status, user)
    _, token = sign_in("sandbox.business")
    data = auth_data(token["user_id"], token["access_token"])
    status, linked = parse("PUT", f"/users/{user['objectId']}", {"authData": data}, session=user["sessionToken"])
    assert status == 200, ("link", status, linked)
    _, me = parse("GET", "/users/me", session=user["sessionToken"])
    assert me["authData"]["instagram"]["id"] == BUSINESS_ID, me
    # Logging in with Instagram now finds alice.
    status, found = parse("POST", "/users", {"authData": data})
    assert status == 200 and found["objectId"] == user["objectId"], (status, found)

    status, unlinked = parse("PUT", f"/users/{user['objectId']}", {"authData": {"instagram": None}}, session=user["sessionToken"])
    assert status == 200, ("unlink", status, unlinked)
    _, me = parse("GET", "/users/me", session=user["sessionToken"])
    assert "instagram" not in (me.get("authData") or {}), me


def test_rest_login_helper():
    _, token = sign_in("sandbox.business")  # unlinked above: a new Parse user
    login = ["parse-login", "--server", PARSE_URL, "--app-id", "e2e-app-id", "--rest-key", "e2e-rest-key",
             "--id", token["user_id"], "--access-token", token["access_token"]]
    first = igauth(*login)
    assert first["created"] is True and first["sessionToken"].startswith("r:"), first
    second = igauth(*login)
    assert second["created"] is False and second["objectId"] == first["objectId"], second


def test_cloud_function_refuses_bad_input():
    status, reply = parse("POST", "/functions/instagramExchange", {"code": ""})
    assert status == 400 and reply["code"] == 141, (status, reply)


def main():
    tests = [test_new_user_then_same_user, test_forged_authdata_is_parse_error_101,
             test_link_and_unlink_an_existing_user, test_rest_login_helper, test_cloud_function_refuses_bad_input]
    failed = 0
    for test in tests:
        try:
            test()
            print(f"ok   {test.__name__}")
        except Exception as error:  # report every test, then fail
            failed += 1
            print(f"FAIL {test.__name__}: {error!r}")
    print(f"parse e2e: {len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
