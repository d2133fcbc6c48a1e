#!/usr/bin/env python3
"""The flat token reply through Parse: a sign-in whose token endpoint answers
{"access_token", "user_id": <number above 2^53>, "permissions": [...]}, the shape Parse
Server's Instagram adapter is written for, exchanged by the Cloud function and logged in
on a real Parse Server.

Started by scripts/test-parse.sh after e2e.py, with its environment, except PARSE_URL and
SANDBOX_URL, which name a Parse Server (main.js as Cloud Code) and an
`igauth sandbox --reply-shape flat` of their own, and FLAT_DB, that server's database.
The helpers are e2e.py's, which reads the same variables.
"""
import http.client
import json
import os
import subprocess
import sys
import urllib.parse

import e2e
from e2e import BUSINESS_ID, CLIENT_ID, CREATOR_ID, PG_PORT, REDIRECT, SANDBOX_URL, SECRET, auth_data, igauth, parse, request

FLAT_DB = os.environ["FLAT_DB"]
# What a reader that goes through a double makes of the creator's id.
ROUNDED_CREATOR_ID = str(int(float(CREATOR_ID)))


def psql(sql):
    run = subprocess.run(["psql", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-d", FLAT_DB, "-At", "-c", sql],
                         capture_output=True, text=True, check=True)
    return run.stdout.strip()


def code_for(user="sandbox.creator"):
    start = igauth("authorize-url", "--client-id", CLIENT_ID, "--redirect-uri", REDIRECT,
                   "--auth-url", SANDBOX_URL + "oauth/authorize")
    status, headers, _ = request("GET", f"{start['url']}&sandbox_decision=allow&sandbox_user={user}")
    assert status == 302, status
    return igauth("parse-callback", "--redirect-uri", REDIRECT, "--state", start["state"], headers["Location"])["code"]


def test_the_sandbox_serves_the_flat_shape():
    """A guard: this run proves nothing if the sandbox answers in another shape."""
    parts = urllib.parse.urlsplit(SANDBOX_URL)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    form = urllib.parse.urlencode({"client_id": CLIENT_ID, "client_secret": SECRET, "grant_type": "authorization_code",
                                   "redirect_uri": REDIRECT, "code": code_for()})
    connection.request("POST", "/oauth/access_token", body=form,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    text = connection.getresponse().read().decode()
    connection.close()
    assert f'"user_id":{CREATOR_ID}' in text, text
    reply = json.loads(text)
    assert set(reply) == {"access_token", "user_id", "permissions"}, reply
    assert reply["permissions"] == ["instagram_business_basic"], reply
    assert ROUNDED_CREATOR_ID != CREATOR_ID, "the id must be one a double cannot hold"


def test_the_cloud_exchange_keeps_the_id_exact():
    # Through the CLI and the core, as an app's backend exchange.
    token = e2e.exchange(code_for())
    assert token["user_id"] == CREATOR_ID, token
    assert token["permissions"] == ["instagram_business_basic"], token
    # The Cloud function's own result, and its 60-day variant.
    for long_lived in (False, True):
        status, reply = parse("POST", "/functions/instagramExchange",
                              {"code": code_for(), "redirect_uri": REDIRECT, "long_lived": long_lived})
        assert status == 200, (status, reply)
        result = reply["result"]
        assert result["user_id"] == CREATOR_ID, ("the id as exact text", result)
        assert result["permissions"] == ["instagram_business_basic"], result
        assert result["access_token"].startswith("IGAAL" if long_lived else "IGAA"), result
        assert ("expires_in" in result) == long_lived, result


def test_parse_logs_in_with_the_flat_replys_id():
    token = e2e.exchange(code_for("sandbox.business"))
    assert token["user_id"] == BUSINESS_ID, token
    data = auth_data(token["user_id"], token["access_token"])
    status, created = parse("POST", "/users", {"authData": data})
    assert status == 201, (status, created)
    status, again = parse("POST", "/users", {"authData": data})
    assert status == 200 and again["objectId"] == created["objectId"], (status, again)
    stored = json.loads(psql(f"""select "authData" from "_User" where "objectId" = '{created['objectId']}'"""))
    assert stored["instagram"]["id"] == BUSINESS_ID, stored


def test_parse_refuses_the_id_a_double_would_give():
    token = e2e.exchange(code_for())
    refused = igauth("parse-login", "--server", e2e.PARSE_URL, "--app-id", "e2e-app-id", "--rest-key", "e2e-rest-key",
                     "--id", ROUNDED_CREATOR_ID, "--access-token", token["access_token"], expect_exit=1)["error"]
    assert refused["kind"] == "provider_error" and refused["code"] == 101, refused
    login = igauth("parse-login", "--server", e2e.PARSE_URL, "--app-id", "e2e-app-id", "--rest-key", "e2e-rest-key",
                   "--id", CREATOR_ID, "--access-token", token["access_token"])
    assert login["sessionToken"].startswith("r:"), login


def main():
    tests = [test_the_sandbox_serves_the_flat_shape, test_the_cloud_exchange_keeps_the_id_exact,
             test_parse_logs_in_with_the_flat_replys_id, test_parse_refuses_the_id_a_double_would_give]
    return e2e.run("parse e2e, flat token reply", tests)


if __name__ == "__main__":
    sys.exit(main())
