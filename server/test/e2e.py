#!/usr/bin/env python3
"""Sign in with Instagram on a real Parse Server, driven through the igauth CLI.

The core builds the URL, the sandbox consents, the core checks the callback, the Cloud
function exchanges the code, and the authData logs the user in on Parse. Started by
scripts/test-parse.sh, which provides PARSE_URL, SANDBOX_URL, PG_PORT, IGAUTH, CALLBACKS_URL
(Meta's callbacks, mounted next to /parse) and PARSE_LOGS (the server's log files).

After sign-in: the sandbox plays Meta and delivers signed Deauthorize and Data Deletion
callbacks; the 60-day token is exchanged and refreshed through Cloud functions.
"""
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

PARSE_URL = os.environ["PARSE_URL"]
SANDBOX_URL = os.environ["SANDBOX_URL"]
IGAUTH = os.environ["IGAUTH"]
PG_PORT = os.environ["PG_PORT"]
CALLBACKS_URL = os.environ["CALLBACKS_URL"]
PARSE_LOGS = os.environ["PARSE_LOGS"].split(":")

CLIENT_ID = "990602627938098"
REDIRECT = "https://app.example.com/auth/"
PARSE_KEYS = {"X-Parse-Application-Id": "e2e-app-id", "X-Parse-REST-API-Key": "e2e-rest-key"}
CREATOR_ID = "17841405793187219"
CREATOR_PROFESSIONAL_ID = "17841400008460057"  # /me's user_id: the id webhooks use
BUSINESS_ID = "17841405822304915"
SECRET = "sandbox-app-secret-eb8c7"
SECOND_APP = {"client_id": "1398027451263047", "secret": "sandbox-second-app-secret-3d1f0",
              "redirect": "https://second.example.com/auth/"}
SIGNED_REQUESTS = []  # every signed request seen: none may reach a log


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
    # The same code a second time: Instagram refuses it, the Cloud function passes
    # Instagram's error on, and the core reports it as Instagram's.
    spent = exchange(code, expect_exit=1)["error"]
    assert spent["kind"] == "provider_error" and spent["code"] == 400, spent
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


def test_both_ids_are_kept_with_the_authdata():
    """Issue 25: Parse 9.10 with enableInsecureAuth keeps an extra user_id (the professional
    account's id) in authData, hands only the id back, and Meta's callbacks find the user
    by it."""
    _, token = sign_in("sandbox.creator")
    query = urllib.parse.urlencode({"fields": "id,user_id", "access_token": token["access_token"]})
    status, _, me = request("GET", f"{SANDBOX_URL}v26.0/me?{query}")
    assert status == 200 and me == {"id": CREATOR_ID, "user_id": CREATOR_PROFESSIONAL_ID}, (status, me)
    data = {"instagram": {"id": CREATOR_ID, "access_token": token["access_token"], "user_id": CREATOR_PROFESSIONAL_ID}}
    status, session = parse("POST", "/users", {"authData": data})
    assert status in (200, 201), (status, session)
    stored = json.loads(user_row(session["objectId"]))["instagram"]
    assert stored == data["instagram"], ("Parse did not keep the authData as sent", stored)
    status, me = parse("GET", "/users/me", session=session["sessionToken"])
    assert status == 200 and me["authData"]["instagram"] == {"id": CREATOR_ID}, ("what Parse hands back", me)
    # The same login without user_id finds the same user, and Parse replaces the stored
    # authData with what was sent: user_id is gone until a login sends it again.
    plain = auth_data(CREATOR_ID, token["access_token"])
    status, again = parse("POST", "/users", {"authData": plain})
    assert status == 200 and again["objectId"] == session["objectId"], (status, again)
    stored = json.loads(user_row(session["objectId"]))["instagram"]
    assert "user_id" not in stored, ("Parse merged the authData instead of replacing it", stored)
    status, again = parse("POST", "/users", {"authData": data})
    assert status == 200 and json.loads(user_row(session["objectId"]))["instagram"] == data["instagram"], status
    # Meta names the user by the professional id: the callback finds the user by it.
    status, _ = form_post(CALLBACKS_URL + "/deauthorize", {"signed_request": made_request(CREATOR_PROFESSIONAL_ID)})
    assert status == 200, status
    assert "instagram" not in (json.loads(user_row(session["objectId"])) or {}), "not found by user_id"
    status, _ = parse("GET", "/users/me", session=session["sessionToken"])
    assert status == 400, "the session survived the deauthorization"


def test_cloud_function_refuses_bad_input():
    status, reply = parse("POST", "/functions/instagramExchange", {"code": ""})
    assert status == 400 and reply["code"] == 141, (status, reply)


def form_post(url, fields):
    """POSTs an application/x-www-form-urlencoded body, as Meta does; (status, JSON)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("POST", parts.path, body=urllib.parse.urlencode(fields),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, json.loads(text) if text else None


def meta_sends(callback, user, client_id=CLIENT_ID, base=CALLBACKS_URL):
    """The sandbox, as Meta, signs a callback for `user` and POSTs it to our route."""
    path = {"deauthorize": "/deauthorize", "data_deletion": "/data-deletion"}[callback]
    status, _, sent = request("POST", SANDBOX_URL + "sandbox/signed_request",
                              {"callback": callback, "client_id": client_id, "user": user, "url": base + path})
    assert status == 200, (status, sent)
    SIGNED_REQUESTS.append(sent["signed_request"])
    return sent


def made_request(user_id, secret=SECRET):
    signed = igauth("signed-request", "make", "--secret", secret, "--user-id", user_id)["signed_request"]
    SIGNED_REQUESTS.append(signed)
    return signed


def user_row(object_id):
    return psql(f"""select coalesce("authData"::text, 'null') from "_User" where "objectId" = '{object_id}'""")


def all_users():
    return psql("""select string_agg("objectId" || ':' || coalesce("authData"::text, ''), ',' order by "objectId") from "_User" """)


def deletion_records():
    return psql("""select count(*) from "InstagramDataDeletion" """) if psql(
        """select to_regclass('"InstagramDataDeletion"') is not null""") == "t" else "0"


def log_in(user="sandbox.creator"):
    _, token = sign_in(user)
    status, session = parse("POST", "/users", {"authData": auth_data(token["user_id"], token["access_token"])})
    assert status in (200, 201), (status, session)
    return session


def test_deauthorize_unlinks_the_user_and_ends_its_sessions():
    session = log_in("sandbox.creator")
    assert json.loads(user_row(session["objectId"]))["instagram"]["id"] == CREATOR_ID
    status, me = parse("GET", "/users/me", session=session["sessionToken"])
    assert status == 200, (status, me)

    sent = meta_sends("deauthorize", "sandbox.creator")
    assert sent["status"] == 200, sent
    stored = json.loads(user_row(session["objectId"]))
    assert "instagram" not in (stored or {}), stored
    status, me = parse("GET", "/users/me", session=session["sessionToken"])
    assert status == 400 and me["code"] == 209, ("the session still works", status, me)

    # Meta delivers it again: harmless.
    before = all_users()
    status, _ = form_post(CALLBACKS_URL + "/deauthorize", {"signed_request": sent["signed_request"]})
    assert status == 200 and all_users() == before, status
    # A user this app does not know: 200, nothing changed.
    status, _ = form_post(CALLBACKS_URL + "/deauthorize", {"signed_request": made_request("17841499999999999")})
    assert status == 200 and all_users() == before, status

    # The user signs in with Instagram again (a new link and session); a replay of the old
    # deauthorization, by Meta or by anyone who kept the form field, signs nobody out.
    again = log_in("sandbox.creator")
    status, _ = form_post(CALLBACKS_URL + "/deauthorize", {"signed_request": sent["signed_request"]})
    assert status == 200, status
    stored = json.loads(user_row(again["objectId"]))
    assert ((stored or {}).get("instagram") or {}).get("id") == CREATOR_ID, ("the replay unlinked the user", stored)
    status, me = parse("GET", "/users/me", session=again["sessionToken"])
    assert status == 200, ("the replay ended the new session", status, me)


def test_forged_or_malformed_callbacks_change_nothing():
    session = log_in("sandbox.business")
    before, records = all_users(), deletion_records()
    genuine = made_request(BUSINESS_ID)
    signature, payload = genuine.split(".")
    forged = [
        made_request(BUSINESS_ID, secret="not-the-app-secret"),  # signed with another secret
        signature[:-2] + ("AA" if signature[-2:] != "AA" else "BA") + "." + payload,
        signature + "." + payload[:-4],
        "no-dot-at-all",
        "",
    ]
    for path in ["/deauthorize", "/data-deletion"]:
        for signed in forged:
            status, answer = form_post(CALLBACKS_URL + path, {"signed_request": signed})
            assert status == 400, (path, signed[:10], status, answer)
            assert "url" not in (answer or {}), answer
        status, answer = form_post(CALLBACKS_URL + path, {"other_field": "x"})
        assert status == 400, (path, "missing field", status, answer)
    assert all_users() == before and deletion_records() == records
    status, _ = parse("GET", "/users/me", session=session["sessionToken"])
    assert status == 200, "a forged deauthorize ended a session"


def test_data_deletion_gives_a_code_whose_status_url_reports_it():
    session = log_in("sandbox.business")
    sent = meta_sends("data_deletion", "sandbox.business")
    assert sent["status"] == 200, sent
    answer = sent["body"]
    assert set(answer) == {"url", "confirmation_code"}, answer
    code = answer["confirmation_code"]
    assert answer["url"] == f"{CALLBACKS_URL}/data-deletion/status?code={code}", answer
    stored = json.loads(user_row(session["objectId"]))
    assert "instagram" not in (stored or {}), stored
    status, _ = parse("GET", "/users/me", session=session["sessionToken"])
    assert status == 400, "the session survived the deletion"

    status, _, shown = request("GET", answer["url"], headers={"Accept": "application/json"})
    assert status == 200 and shown["confirmation_code"] == code and shown["status"] == "complete", (status, shown)
    assert set(shown) == {"confirmation_code", "status", "message"}, shown
    status, headers, _ = request("GET", answer["url"], headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].startswith("text/html"), status

    # The same delivery again: the same code, no second record, nothing else changed.
    records, users = deletion_records(), all_users()
    status, again = form_post(CALLBACKS_URL + "/data-deletion", {"signed_request": sent["signed_request"]})
    assert status == 200 and again == answer, (status, again)
    assert deletion_records() == records and all_users() == users

    # Another code shows only itself; an unknown or malformed code shows nothing.
    other = meta_sends("data_deletion", "sandbox.creator")["body"]
    assert other["confirmation_code"] != code
    status, _, shown = request("GET", other["url"], headers={"Accept": "application/json"})
    assert shown["confirmation_code"] == other["confirmation_code"] and code not in json.dumps(shown), shown
    for unknown in ["0" * 24, "../" + code, ""]:
        status, _, shown = request("GET", f"{CALLBACKS_URL}/data-deletion/status?code={urllib.parse.quote(unknown)}",
                                   headers={"Accept": "application/json"})
        assert status == 404, (unknown, status, shown)


def test_data_deletion_can_delete_the_whole_user():
    session = log_in("sandbox.creator")  # unlinked above: a new Parse user
    # Meta's request for one user in one second is one string, and a repeated string is
    # a replay: let the clock pass the second of the previous test's request.
    time.sleep(1.1)
    assert user_row(session["objectId"]) != ""
    # The app's own deletion hook fails this once (parse-app.js): 500, the user is intact.
    failed = meta_sends("data_deletion", "sandbox.creator", base=CALLBACKS_URL + "-user-deletion")
    assert failed["status"] == 500 and "url" not in failed["body"], failed
    assert user_row(session["objectId"]) != ""
    # Meta tries again with the same request: now it is carried out.
    status, answer = form_post(CALLBACKS_URL + "-user-deletion/data-deletion", {"signed_request": failed["signed_request"]})
    assert status == 200 and "confirmation_code" in answer, (status, answer)
    sent = {"body": answer}
    assert user_row(session["objectId"]) == "", "the _User row is still there"
    assert psql(f"""select count(*) from "_Session" where "user" = '{session['objectId']}'""") == "0"
    status, shown = request("GET", sent["body"]["url"], headers={"Accept": "application/json"})[0::2]
    assert status == 200 and shown["status"] == "complete", (status, shown)


def deauthorizations_naming(instagram_id=None, user=None):
    """How many deauthorization records name the Instagram id or the Parse user."""
    if psql("""select to_regclass('"InstagramDeauthorization"') is not null""") != "t":
        return "0"
    column, value = ("instagramUserId", instagram_id) if user is None else ("user", user)
    return psql(f"""select count(*) from "InstagramDeauthorization" where "{column}" = '{value}'""")


def test_data_deletion_after_deauthorize_still_deletes():
    """Meta's usual order: the user removes the app, then asks for the deletion."""
    for base, deletion in [(CALLBACKS_URL, "instagram"), (CALLBACKS_URL + "-user-deletion", "user")]:
        time.sleep(1.1)  # a new second: a new request, not a replay of the previous one
        session = log_in("sandbox.creator")
        assert meta_sends("deauthorize", "sandbox.creator", base=base)["status"] == 200
        assert "instagram" not in (json.loads(user_row(session["objectId"])) or {})

        sent = meta_sends("data_deletion", "sandbox.creator", base=base)
        assert sent["status"] == 200, (deletion, sent)
        status, _, shown = request("GET", sent["body"]["url"], headers={"Accept": "application/json"})
        assert status == 200 and shown["status"] == "complete", (deletion, status, shown)
        if deletion == "user":
            assert user_row(session["objectId"]) == "", "the _User row is still there"
        else:
            assert "instagram" not in (json.loads(user_row(session["objectId"])) or {})
        assert deauthorizations_naming(CREATOR_ID) == "0", (deletion, "a deauthorization still names the id")
        assert deauthorizations_naming(user=session["objectId"]) == "0", (deletion, "a deauthorization still names the user")


def add_note(object_id):
    """Data the app keeps about a user (class Note), which its deleteAppData removes (parse-app.js)."""
    status, _, note = request("POST", PARSE_URL + "/classes/Note",
                              {"owner": {"__type": "Pointer", "className": "_User", "objectId": object_id}},
                              {**PARSE_KEYS, "X-Parse-Master-Key": "e2e-master-key"})
    assert status == 201, (status, note)


def notes_of(object_id):
    return psql(f"""select count(*) from "Note" where "owner" = '{object_id}'""")


def test_data_deletion_after_a_new_sign_in_reaches_both_users():
    """Issue 21: the Instagram account is linked to P1; Meta's deauthorization unlinks P1; the
    person signs in again, creating P2; then the deletion request arrives. It reaches P1 and
    P2, and says complete only then."""
    for base, deletion in [(CALLBACKS_URL, "instagram"), (CALLBACKS_URL + "-user-deletion", "user")]:
        time.sleep(1.1)  # a new second: a new request, not a replay of the previous one
        first = log_in("sandbox.creator")
        add_note(first["objectId"])
        assert meta_sends("deauthorize", "sandbox.creator", base=base)["status"] == 200
        second = log_in("sandbox.creator")
        assert second["objectId"] != first["objectId"], "signing in again made no new user"
        add_note(second["objectId"])

        sent = meta_sends("data_deletion", "sandbox.creator", base=base)
        assert sent["status"] == 200, (deletion, sent)
        status, _, shown = request("GET", sent["body"]["url"], headers={"Accept": "application/json"})
        assert status == 200 and shown["status"] == "complete", (deletion, status, shown)
        for user in (first, second):
            assert notes_of(user["objectId"]) == "0", (deletion, "the app's data of a user is still there")
            if deletion == "user":
                assert user_row(user["objectId"]) == "", (deletion, "a _User row is still there")
            else:
                assert "instagram" not in (json.loads(user_row(user["objectId"])) or {}), deletion
        status, _ = parse("GET", "/users/me", session=second["sessionToken"])
        assert status == 400, (deletion, "the new session survived the deletion")
        assert deauthorizations_naming(CREATOR_ID) == "0", (deletion, "a deauthorization still names the id")


def test_a_token_of_another_app_for_the_same_person_is_refused():
    start = igauth("authorize-url", "--client-id", SECOND_APP["client_id"], "--redirect-uri", SECOND_APP["redirect"],
                   "--auth-url", SANDBOX_URL + "oauth/authorize")
    status, headers, _ = request("GET", f"{start['url']}&sandbox_decision=allow&sandbox_user=sandbox.creator")
    assert status == 302, status
    code = igauth("parse-callback", "--redirect-uri", SECOND_APP["redirect"], "--state", start["state"],
                  headers["Location"])["code"]
    token = igauth("exchange", "--client-id", SECOND_APP["client_id"], "--redirect-uri", SECOND_APP["redirect"],
                   "--code", code, "--client-secret", SECOND_APP["secret"], "--base-url", SANDBOX_URL)
    assert token["user_id"] != CREATOR_ID, ("ids are app-scoped", token)
    # A valid token, but issued to the other app: it names someone else than our user.
    refused = igauth("parse-login", "--server", PARSE_URL, "--app-id", "e2e-app-id", "--rest-key", "e2e-rest-key",
                     "--id", CREATOR_ID, "--access-token", token["access_token"], expect_exit=1)["error"]
    assert refused["kind"] == "provider_error" and refused["code"] == 101, refused


def test_sixty_day_token_exchange_and_refresh():
    start = igauth("authorize-url", "--client-id", CLIENT_ID, "--redirect-uri", REDIRECT,
                   "--auth-url", SANDBOX_URL + "oauth/authorize")
    _, headers, _ = request("GET", f"{start['url']}&sandbox_decision=allow&sandbox_user=sandbox.creator")
    code = igauth("parse-callback", "--redirect-uri", REDIRECT, "--state", start["state"], headers["Location"])["code"]
    status, reply = parse("POST", "/functions/instagramExchange", {"code": code, "redirect_uri": REDIRECT, "long_lived": True})
    assert status == 200, (status, reply)
    result = reply["result"]
    assert result["user_id"] == CREATOR_ID and result["expires_in"] == 60 * 24 * 3600, result
    assert result["token_type"] == "bearer" and result["access_token"].startswith("IGAAL"), result
    # The core (and so the bindings' TokenResponse) reads the expiry from the backend's reply.
    run = subprocess.run([IGAUTH, "parse-token-reply", "--backend", "-"], input=json.dumps(reply),
                         capture_output=True, text=True, check=True)
    assert json.loads(run.stdout)["expires_in"] == 60 * 24 * 3600, run.stdout

    session = parse("POST", "/users", {"authData": auth_data(CREATOR_ID, result["access_token"])})[1]
    token = session["sessionToken"]
    refresh = {"access_token": result["access_token"]}
    status, young = parse("POST", "/functions/instagramRefresh", refresh, session=token)
    assert status == 400 and young["code"] == 141 and "24 hours" in young["error"], (status, young)
    status, anonymous = parse("POST", "/functions/instagramRefresh", refresh)
    assert status == 400 and anonymous["code"] == 209, (status, anonymous)
    # Someone else's valid token is not refreshed into this user.
    _, other = sign_in("sandbox.business")
    status, foreign = parse("POST", "/functions/instagramRefresh", {"access_token": other["access_token"]}, session=token)
    assert status == 400 and foreign["code"] == 141, (status, foreign)

    status, _, _ = request("POST", SANDBOX_URL + "sandbox/clock", {"advance_seconds": 25 * 3600})
    assert status == 200
    status, refreshed = parse("POST", "/functions/instagramRefresh", refresh, session=token)
    assert status == 200, (status, refreshed)
    new = refreshed["result"]
    assert new["access_token"] != result["access_token"] and new["expires_in"] == 60 * 24 * 3600, new
    stored = json.loads(user_row(session["objectId"]))
    # The refresh stores the professional account's id, as Instagram gives it, with the token.
    assert stored["instagram"] == {"id": CREATOR_ID, "access_token": new["access_token"],
                                   "user_id": CREATOR_PROFESSIONAL_ID}, stored
    # A token Instagram no longer accepts (Graph code 190): Parse's INVALID_LINKED_SESSION.
    status, forged = parse("POST", "/functions/instagramRefresh", {"access_token": "IGAAforged"}, session=token)
    assert status == 400 and forged["code"] == 251, (status, forged)
    status, again = parse("POST", "/users", {"authData": auth_data(CREATOR_ID, new["access_token"])})
    assert status == 200 and again["objectId"] == session["objectId"], (status, again)


def test_no_secret_or_signed_request_in_the_server_logs():
    assert SIGNED_REQUESTS, "the callback tests ran first"
    texts = []
    for path in PARSE_LOGS:
        if os.path.isdir(path):
            texts += [open(os.path.join(path, name), errors="replace").read() for name in sorted(os.listdir(path))]
        elif os.path.exists(path):
            texts.append(open(path, errors="replace").read())
    everything = "\n".join(texts)
    # Parse logs no Cloud function parameters here (logLevels), but it logs their errors
    # (test_cloud_function_refuses_bad_input's among them).
    assert "code and redirect_uri are required" in everything, "the logs were not found"
    for secret in [SECRET, SECOND_APP["secret"], *SIGNED_REQUESTS, *(s.split(".")[0] for s in SIGNED_REQUESTS if "." in s)]:
        assert secret not in everything, f"a secret or signed request reached the logs: {secret[:8]}..."


def main():
    tests = [test_new_user_then_same_user, test_forged_authdata_is_parse_error_101,
             test_link_and_unlink_an_existing_user, test_rest_login_helper, test_both_ids_are_kept_with_the_authdata,
             test_cloud_function_refuses_bad_input,
             test_deauthorize_unlinks_the_user_and_ends_its_sessions, test_forged_or_malformed_callbacks_change_nothing,
             test_data_deletion_gives_a_code_whose_status_url_reports_it, test_data_deletion_can_delete_the_whole_user,
             test_data_deletion_after_deauthorize_still_deletes, test_data_deletion_after_a_new_sign_in_reaches_both_users,
             test_a_token_of_another_app_for_the_same_person_is_refused,
             # Last: it moves the sandbox's clock a day on.
             test_sixty_day_token_exchange_and_refresh, test_no_secret_or_signed_request_in_the_server_logs]
    return run("parse e2e", tests)


def run(suite, tests):
    """Runs every test in order, reports each, then the totals; 1 if any failed."""
    failed = 0
    for test in tests:
        try:
            test()
            print(f"ok   {test.__name__}")
        except Exception as error:  # report every test, then fail
            failed += 1
            print(f"FAIL {test.__name__}: {error!r}")
    print(f"{suite}: {len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
