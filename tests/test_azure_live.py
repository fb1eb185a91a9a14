"""Live Azure inventory, end to end: the real Azure SDK clients against a loopback HTTPS
server speaking the ARM / Resource Graph REST contract (tests/arm_server.py)."""

from __future__ import annotations

import base64
import copy
import json
import socket
import time

import pytest

from arm_server import DENIED, DEV, PROD, SAS_URL, SECRETS, TOKEN, ArmServer
from migrate.errors import MigrateError
from migrate.inventory import dedupe_and_sort, from_records
from migrate.sources.inventory import canonical
from migrate.sources.inventory.azure_live import (PROPERTY_API_VERSIONS, StaticTokenCredential, collect,
                                        credential_from_environment, default_credential)
from migrate.sources.inventory.records import record_from_arm_object
from migrate.sources.inventory.redaction import REDACTED, load_rules, redact

FAST = {"retry_backoff_factor": 0.01}


class FakeCredential:
    """What the SDK asks of a credential: get_token(*scopes) -> AccessToken."""

    def __init__(self, token=TOKEN):
        self.token = token
        self.scopes = []

    def get_token(self, *scopes, **kwargs):
        from azure.core.credentials import AccessToken
        self.scopes.append(scopes)
        return AccessToken(self.token, int(time.time()) + 24 * 3600)


@pytest.fixture
def server(tmp_path, monkeypatch):
    def start(**kw):
        srv = ArmServer(tmp_path / "tls", **kw)
        # Trusted the way users trust a proxy's or emulator's certificate.
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(srv.ca))
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        srv.__enter__()
        started.append(srv)
        return srv
    started = []
    yield start
    for srv in started:
        srv.__exit__(None, None, None)


def ids(records):
    return [r["id"].lower() for r in records]


def expected_ids(srv, subs=(PROD, DEV), groups=None):
    return sorted(r["id"].lower() for s in subs for r in srv.estate[s]
                  if groups is None or r["id"].split("/")[4].lower() in groups)


# ----------------------------------------------------------------------------- ARM

def test_arm_lists_every_readable_resource_once_and_skips_the_denied_subscription(server):
    srv = server()
    seen = []
    cred = FakeCredential()
    started = time.monotonic()
    records, scope = collect(cred, endpoint=srv.base, all_subscriptions=True, method="arm",
                             progress=lambda sub, n: seen.append((sub, n)), client_options=FAST)
    # The SDK waited what Retry-After said (1 s), not its own (here 10 ms) back-off.
    assert time.monotonic() - started >= 1.0
    assert set(cred.scopes) == {(f"{srv.base}/.default",)}

    assert sorted(ids(records)) == expected_ids(srv)
    assert len(set(ids(records))) == len(records) == 20
    # Paged over nextLink: four pages for PROD, the second throttled once (429, Retry-After: 1) and asked again.
    prod_list = f"/subscriptions/{PROD}/resources"
    assert [srv.seen("GET", prod_list, t) for t in (None, "1", "2", "3")] == [1, 2, 1, 1]
    # The dropped connection on DEV's first page was retried by the SDK.
    assert srv.seen("GET", f"/subscriptions/{DEV}/resources") == 2
    first = next(r for r in srv.requests if r["path"] == prod_list)
    assert first["query"]["$expand"] == "createdTime,changedTime,provisioningState"
    assert all(r["authorization"] == f"Bearer {TOKEN}" for r in srv.requests)

    assert scope["method"] == "arm" and scope["endpoint"] == srv.base
    assert scope["captured_at"].endswith("Z")
    assert scope["complete"] is False
    assert scope["failed_scopes"] == [{"scope": f"/subscriptions/{DENIED}", "status": 403,
                                       "error": scope["failed_scopes"][0]["error"]}]
    assert scope["failed_scopes"][0]["error"].startswith("AuthorizationFailed: ")
    assert "\n" not in scope["failed_scopes"][0]["error"]
    subs = {s["id"]: s for s in scope["subscriptions"]}
    assert subs[PROD] == {"id": PROD, "name": "Shop Production", "state": "Enabled", "resources": 15}
    assert subs[DEV]["resources"] == 5 and subs[DENIED]["resources"] is None
    assert scope["resource_groups"] is None

    # Records are exactly what record_from_arm_object makes, from the endpoint.
    assert all(r["source_format"] == "azure-arm" and r["source_file"] == srv.base for r in records)
    assert set(records[0]) == set(record_from_arm_object({"id": "/x", "type": "t"}, source_file="f",
                                                         source_format="azure-arm", index=0))
    # Progress after each page, counts never going back.
    assert [n for _, n in seen] == sorted(n for _, n in seen) and seen[-1][1] == 20
    assert {s for s, _ in seen} >= {PROD, DEV}


def test_arm_reads_properties_for_sizing_types_only(server):
    srv = server(throttle=False, reset=False)
    records, scope = collect(FakeCredential(), endpoint=srv.base, subscriptions=[PROD, DEV], client_options=FAST)
    by_name = {r["name"]: r for r in records}
    assert by_name["vm-web-01"]["properties"]["hardwareProfile"]["vmSize"] == "Standard_D4s_v5"
    assert by_name["vm-dev-01"]["properties"]["hardwareProfile"]["vmSize"] == "Standard_B2s"
    assert by_name["psql-shop"]["properties"]["storage"]["storageSizeGB"] == 128
    assert by_name["app-shop"]["properties"] is None               # not a sizing type: not read again
    assert by_name["vm-web-01-nic"]["properties"] is None

    # per-resource property reads (the storage accounts' metric reads are checked on their own)
    gets = [r for r in srv.requests if "/providers/" in r["path"] and not r["path"].lower().endswith("/metrics")]
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in gets) == sorted(
        ["vm-web-01", "vm-web-01_OsDisk_1", "asp-shop", "psql-shop", "aks-shop", "vmss-workers", "shopdb",
         "vm-dev-01", "vm-dev-01_OsDisk_1"])
    for r in gets:
        rtype = next(x for x in srv.readable() if x["id"] == r["path"])["type"].lower()
        assert r["query"]["api-version"] == PROPERTY_API_VERSIONS[rtype]
    assert scope["property_fetch"]["requested"] == scope["property_fetch"]["fetched"] == 9
    assert scope["complete"] is True and scope["failed_scopes"] == []

    # The canonical inventory gets the VM sizes, disk sizes and node counts.
    df, dropped = dedupe_and_sort(from_records(records))
    assert len(dropped) == 0
    sized = df.set_index("name")
    assert sized.loc["vm-web-01", "vm_size"] == "Standard_D4s_v5" and sized.loc["vm-web-01", "os_type"] == "linux"
    assert sized.loc["vm-dev-01", "os_type"] == "windows"
    assert sized.loc["vm-web-01_OsDisk_1", "storage_gb"] == 64
    assert sized.loc["aks-shop", "node_count"] == 3
    doc = canonical.to_document(df, scope)
    assert json.loads(json.dumps(doc))["scope"]["subscriptions"][0]["id"] == PROD


@pytest.mark.parametrize("method", ["arm", "graph"])
def test_resource_group_filter(server, method):
    srv = server(throttle=False, reset=False)
    records, scope = collect(FakeCredential(), endpoint=srv.base, subscriptions=[PROD, DEV],
                             resource_groups=["rg-dev", "RG-SHOP-DATA"], method=method, client_options=FAST)
    assert sorted(ids(records)) == expected_ids(srv, groups={"rg-dev", "rg-shop-data"})
    assert scope["resource_groups"] == ["rg-dev", "RG-SHOP-DATA"]
    assert scope["complete"] is True and scope["warnings"] == []
    if method == "arm":
        paths = {r["path"].lower() for r in srv.requests if r["path"].endswith("/resources")}
        assert f"/subscriptions/{DEV}/resourcegroups/rg-dev/resources" in paths
        assert not any(p == f"/subscriptions/{PROD}/resources" for p in paths)   # no whole-subscription list
    else:
        query = next(r for r in srv.requests if r["method"] == "POST")["body"]["query"]
        assert "resourceGroup in~ ('rg-dev', 'RG-SHOP-DATA')" in query


def test_resource_group_found_nowhere_is_a_warning(server):
    srv = server(throttle=False, reset=False)
    records, scope = collect(FakeCredential(), endpoint=srv.base, subscriptions=[PROD], resource_groups=["rg-nowhere"])
    assert records == [] and scope["complete"] is True
    assert scope["warnings"] == ["resource group rg-nowhere was not found in any readable subscription"]


def test_given_subscriptions_unknown_and_denied_are_failed_scopes(server):
    srv = server(throttle=False, reset=False)
    unknown = "44444444-4444-4444-8444-444444444444"
    records, scope = collect(FakeCredential(), endpoint=srv.base, subscriptions=[PROD, unknown, f"/subscriptions/{DENIED}"])
    assert sorted(ids(records)) == expected_ids(srv, subs=(PROD,))
    failed = {f["scope"]: f for f in scope["failed_scopes"]}
    assert failed[f"/subscriptions/{unknown}"]["status"] == 404
    assert "SubscriptionNotFound" in failed[f"/subscriptions/{unknown}"]["error"]
    assert failed[f"/subscriptions/{DENIED}"]["status"] == 403
    assert scope["complete"] is False
    assert [s["id"] for s in scope["subscriptions"]] == [PROD, unknown, DENIED]


# ----------------------------------------------------------------------------- Resource Graph

def test_graph_lists_every_readable_resource_once_with_properties(server):
    srv = server()
    seen = []
    records, scope = collect(FakeCredential(), endpoint=srv.base, all_subscriptions=True, method="graph",
                             progress=lambda sub, n: seen.append((sub, n)), client_options=FAST)
    assert sorted(ids(records)) == expected_ids(srv)
    assert len(set(ids(records))) == len(records)
    posts = [r for r in srv.requests if r["method"] == "POST"]
    assert all(r["query"]["api-version"] == "2021-03-01" for r in posts)
    assert all(p["body"]["options"]["resultFormat"] == "objectArray" and p["body"]["options"]["$top"] == 1000
               for p in posts)
    # The first query named all three subscriptions and was refused; each was then asked alone.
    assert posts[0]["body"]["subscriptions"] == [PROD, DEV, DENIED]
    tokens = [p["skiptoken"] for p in posts if p["body"]["subscriptions"] == [PROD]]
    second = base64.b64encode(b"6").decode()
    assert tokens == [None, second, second, base64.b64encode(b"12").decode()]   # 3 pages, the 2nd retried after a 503
    assert scope["failed_scopes"][0]["scope"] == f"/subscriptions/{DENIED}"
    assert scope["failed_scopes"][0]["status"] == 403 and scope["complete"] is False
    assert {s["id"]: s["resources"] for s in scope["subscriptions"]} == {PROD: 15, DEV: 5, DENIED: None}
    assert scope["method"] == "graph" and scope["property_fetch"] is None
    vm = next(r for r in records if r["name"] == "vm-web-01")
    assert vm["properties"]["hardwareProfile"]["vmSize"] == "Standard_D4s_v5"
    assert vm["source_format"] == "azure-graph" and vm["resource_group"] == "rg-shop-web"
    assert seen and seen[-1][1] == 20


# ----------------------------------------------------------------------------- secrets

@pytest.mark.parametrize("method", ["arm", "graph"])
def test_no_planted_secret_reaches_the_records(server, method):
    srv = server(throttle=False, reset=False)
    records, scope = collect(FakeCredential(), endpoint=srv.base, subscriptions=[PROD, DEV], method=method)
    text = json.dumps(records)
    for name, secret in SECRETS.items():
        assert secret not in text, name
    assert SAS_URL not in text
    assert scope["redacted_values"] > 0 and secret_free(scope)
    by_name = {r["name"]: r for r in records}
    storage = by_name["stshopprod"]
    assert storage["tags"] == {"backupSas": REDACTED, "owner": "shop-team"}    # neighbours stay
    vm = by_name["vm-web-01"]["properties"]["osProfile"]
    assert vm["adminUsername"] == "azureuser" and vm["customData"] == REDACTED and vm["adminPassword"] == REDACTED
    assert vm["linuxConfiguration"] == {"disablePasswordAuthentication": False}
    if method == "graph":
        site = by_name["app-shop"]["properties"]["siteConfig"]
        assert [s["name"] for s in site["appSettings"]] == ["STORAGE_CONNECTION", "PAYMENT_API_KEY",
                                                             "WEBSITE_RUN_FROM_PACKAGE"]
        assert {s["value"] for s in site["appSettings"]} == {REDACTED}
        assert site["connectionStrings"] == [{"name": "ShopDb", "type": "SQLAzure", "connectionString": REDACTED}]
        assert site["linuxFxVersion"] == "PYTHON|3.11"
        ext = by_name["vm-web-01/CustomScript"]["properties"]
        assert ext["protectedSettings"] == REDACTED and ext["settings"]["fileUris"]
        kv = by_name["kv-shop/db-password"]["properties"]
        assert kv["value"] == REDACTED and kv["secretUri"].startswith("https://kv-shop")
        assert by_name["app-dev/appsettings"]["properties"] == {"DB_PASSWORD": REDACTED, "FEATURE_FLAGS": REDACTED}
        assert by_name["sql-shop"]["properties"]["administratorLogin"] == "shopadmin"


def secret_free(obj) -> bool:
    text = json.dumps(obj)
    return not any(s in text for s in SECRETS.values())


# ----------------------------------------------------------------------------- errors and credentials

def test_refused_token_is_one_clear_error(server):
    srv = server(throttle=False, reset=False)
    with pytest.raises(MigrateError) as err:
        collect(FakeCredential("expired-token"), endpoint=srv.base, subscriptions=[PROD])
    msg = str(err.value)
    assert msg.startswith(srv.base) and "401" in msg and "InvalidAuthenticationToken" in msg
    assert "az login" in msg and "\n" not in msg


def test_unreachable_endpoint_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()       # nothing listens there now
    with pytest.raises(MigrateError) as err:
        collect(FakeCredential(), endpoint=f"https://127.0.0.1:{port}", all_subscriptions=True,
                client_options={"retry_connect": 1, "retry_backoff_factor": 0.01})
    assert "cannot reach Azure Resource Manager" in str(err.value) and "\n" not in str(err.value)


def test_credential_without_token_is_one_clear_error(server):
    from azure.core.exceptions import ClientAuthenticationError
    srv = server(throttle=False, reset=False)

    class NoLogin:
        def get_token(self, *scopes, **kw):
            raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token from the included "
                                            "credentials.\nAttempted credentials: ...")
    with pytest.raises(MigrateError) as err:
        collect(NoLogin(), endpoint=srv.base, subscriptions=[PROD])
    assert "no Azure credential could give a token" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("kwargs, text", [
    ({"subscriptions": [PROD], "method": "cli"}, "unknown inventory method"),
    ({"subscriptions": ["prod"]}, "is not a subscription id"),
    ({}, "no subscription to read"),
    ({"subscriptions": [PROD], "resource_groups": ["rg'; drop"]}, "is not a resource group name"),
    ({"subscriptions": [PROD], "endpoint": "http://management.azure.com"}, "must be an https:// URL"),
])
def test_bad_arguments(kwargs, text):
    with pytest.raises(MigrateError, match=text):
        collect(FakeCredential(), **kwargs)


def test_static_token_credential_against_the_server(server):
    srv = server(throttle=False, reset=False)
    records, scope = collect(StaticTokenCredential(f"Bearer {TOKEN}\n"), endpoint=srv.base, subscriptions=[DEV])
    assert sorted(ids(records)) == expected_ids(srv, subs=(DEV,))
    assert {r["authorization"] for r in srv.requests} == {f"Bearer {TOKEN}"}


def test_static_token_credential_expiry_and_repr():
    claims = base64.urlsafe_b64encode(json.dumps({"exp": 2000000000, "aud": "https://management.azure.com"}).encode())
    jwt = "eyJhbGciOiJSUzI1NiJ9." + claims.decode().rstrip("=") + ".c2lnbmF0dXJl"
    cred = StaticTokenCredential(jwt)
    tok = cred.get_token("https://management.azure.com/.default")
    assert tok.token == jwt and tok.expires_on == 2000000000
    assert jwt not in repr(cred)
    assert StaticTokenCredential("opaque").get_token().expires_on > time.time() + 3000
    with pytest.raises(MigrateError, match="empty"):
        StaticTokenCredential("  ")


def test_credential_from_environment():
    assert isinstance(credential_from_environment({"AZURE_ACCESS_TOKEN": "abc"}), StaticTokenCredential)
    from azure.identity import DefaultAzureCredential
    assert isinstance(credential_from_environment({}), DefaultAzureCredential)
    assert isinstance(default_credential(), DefaultAzureCredential)


# ----------------------------------------------------------------------------- redaction (unit)

def test_redact_real_shaped_payloads():
    vm = {"id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
          "type": "Microsoft.Compute/virtualMachines", "name": "vm1",
          "properties": {"hardwareProfile": {"vmSize": "Standard_D2s_v5"},
                         "osProfile": {"computerName": "vm1", "adminUsername": "azureuser", "adminPassword": "P@ss1",
                                       "customData": "I2Nsb3VkLWNvbmZpZw==", "secrets": [{"sourceVault": {"id": "/kv"}}],
                                       "linuxConfiguration": {"disablePasswordAuthentication": True,
                                                              "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}}},
                         "userData": "ZWNobyBoaQ=="}}
    out, n = redact(vm)
    os_ = out["properties"]["osProfile"]
    assert (os_["adminPassword"], os_["customData"], os_["secrets"], out["properties"]["userData"]) == (REDACTED,) * 4
    assert os_["linuxConfiguration"]["disablePasswordAuthentication"] is True
    assert os_["linuxConfiguration"]["ssh"]["publicKeys"][0]["keyData"] == "ssh-rsa AAAA"
    assert out["properties"]["hardwareProfile"] == {"vmSize": "Standard_D2s_v5"} and n == 4
    assert vm["properties"]["osProfile"]["adminPassword"] == "P@ss1"         # input untouched


def test_redact_app_service_settings_keep_names():
    settings = {"type": "Microsoft.Web/sites/config", "name": "app/appsettings",
                "properties": {"APPINSIGHTS_INSTRUMENTATIONKEY": "00000000-0000", "SMTP_PASSWORD": "x1"}}
    out, n = redact(settings)
    assert out["properties"] == {"APPINSIGHTS_INSTRUMENTATIONKEY": REDACTED, "SMTP_PASSWORD": REDACTED} and n == 2
    conns = {"type": "Microsoft.Web/sites/config", "name": "app/connectionstrings",
             "properties": {"Db": {"value": "Server=tcp:x;Password=y", "type": "SQLAzure"}}}
    assert redact(conns)[0]["properties"] == {"Db": {"value": REDACTED, "type": "SQLAzure"}}
    web = {"type": "Microsoft.Web/sites/config", "name": "app/web", "properties": {"linuxFxVersion": "NODE|20"}}
    assert redact(web) == (web, 0)
    as_map = {"properties": {"siteConfig": {"appSettings": {"KEY": "v"}, "alwaysOn": True}}}
    assert redact(as_map)[0] == {"properties": {"siteConfig": {"appSettings": {"KEY": REDACTED}, "alwaysOn": True}}}


def test_redact_keys_certificates_and_value_patterns():
    pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"
    doc = {
        "keys": [{"keyName": "key1", "value": "abc==", "permissions": "FULL"}],
        "primaryMasterKey": "m==", "secondaryReadonlyMasterKey": "r==", "primaryEndpoints": {"blob": "https://a/"},
        "sslCertificates": [{"name": "c", "properties": {"data": "MIIK", "password": "pw", "publicCertData": "MIIB"}}],
        "certificates": [{"name": "root", "value": "MIIC"}],
        "siteCertificate": {"pfxBlob": "MIIL", "thumbprint": "AB12"},
        "template": {"secrets": [{"name": "s", "value": "v"}],
                     "containers": [{"env": [{"name": "MODE", "value": "prod"}, {"name": "K", "secretRef": "s"}]}]},
        "environmentVariables": [{"name": "A", "secureValue": "sv"}],
        "notes": "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=zzz",
        "backup": "https://a.blob.core.windows.net/c?sv=2022-11-02&sig=abc%3D",
        "jdbc": "jdbc:sqlserver://x:1433;database=d;user=u;password=p;",
        "git": "https://user:tok3n@github.com/org/repo.git",
        "cert": pem,
        "plain": "https://a.blob.core.windows.net/c?comp=list",
        "signature": "sig", "designation": "sigma", "secretUri": "https://kv/secrets/a", "count": 3, "enabled": True,
    }
    out, n = redact(doc)
    assert out["keys"] == [{"keyName": "key1", "value": REDACTED, "permissions": "FULL"}]
    assert out["primaryMasterKey"] == out["secondaryReadonlyMasterKey"] == REDACTED
    assert out["primaryEndpoints"] == {"blob": "https://a/"}
    assert out["sslCertificates"][0]["properties"] == {"data": REDACTED, "password": REDACTED, "publicCertData": "MIIB"}
    assert out["certificates"] == [{"name": "root", "value": REDACTED}]
    assert out["siteCertificate"] == {"pfxBlob": REDACTED, "thumbprint": "AB12"}
    assert out["template"]["secrets"] == REDACTED
    assert out["template"]["containers"][0]["env"] == [{"name": "MODE", "value": REDACTED},
                                                        {"name": "K", "secretRef": "s"}]
    assert out["environmentVariables"] == [{"name": "A", "secureValue": REDACTED}]
    for k in ("notes", "backup", "jdbc", "git", "cert"):
        assert out[k] == REDACTED, k
    for k in ("plain", "signature", "designation", "secretUri", "count", "enabled"):
        assert out[k] == doc[k], k
    assert n == 15


def test_redaction_list_is_data(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("secret_keys: ['re:.*token$']\nsecret_values: ['ghp_[A-Za-z0-9]+']\n")
    rules = load_rules(path)
    out, n = redact({"deployToken": "t", "note": "use ghp_abc123", "password": "kept by this list"}, rules)
    assert out == {"deployToken": REDACTED, "note": REDACTED, "password": "kept by this list"} and n == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("secret_values: ['(']\n")
    with pytest.raises(MigrateError, match="unreadable redaction list"):
        load_rules(bad)


def test_redact_is_a_copy_for_any_json_value():
    doc = [{"password": "x"}, "AccountKey=abc", 3, None]
    before = copy.deepcopy(doc)
    assert redact(doc) == ([{"password": REDACTED}, REDACTED, 3, None], 2)
    assert doc == before


# ----------------------------------------------------------------------------- CLI

@pytest.mark.parametrize("method", ["arm", "graph"])
def test_cli_inventory_azure_end_to_end(server, run, tmp_path, monkeypatch, method):
    """`AZURE_ACCESS_TOKEN=... migrate inventory azure --endpoint ... --all-subscriptions -o inv.json`, then plan it."""
    srv = server()
    monkeypatch.setenv("AZURE_ACCESS_TOKEN", TOKEN)
    out = tmp_path / "inv.json"
    result = run("inventory", "azure", "--endpoint", srv.base, "--all-subscriptions", "--method", method, "-o", out)
    text = out.read_text()
    doc = json.loads(text)
    assert sorted(r["id"].lower() for r in doc["resources"]) == expected_ids(srv)       # every resource, once
    assert doc["scope"]["complete"] is False
    assert [f["scope"] for f in doc["scope"]["failed_scopes"]] == [f"/subscriptions/{DENIED}"]
    assert DENIED in result.stderr and "INCOMPLETE" in result.stderr                    # named on stderr too
    assert doc["scope"]["captured_at"]
    for secret in SECRETS:
        assert secret not in text and secret not in result.output
    assert TOKEN not in text and TOKEN not in result.output
    plan = json.loads(run("plan", out, "--provider", "scaleway", "--format", "json").stdout)
    assert len(plan["resources"]) == len(doc["resources"])
    assert plan["inputs"]["inventory"]["complete"] is False


def test_cli_inventory_azure_needs_a_scope(run, tmp_path):
    result = run("inventory", "azure", "-o", tmp_path / "inv.json", ok=False)
    assert result.exit_code == 2 and "--all-subscriptions" in result.output
    assert not (tmp_path / "inv.json").exists()


@pytest.mark.parametrize("method", ["arm", "graph"])
def test_storage_used_capacity_from_azure_monitor(server, method):
    srv = server()
    records, scope = collect(FakeCredential(), endpoint=srv.base, all_subscriptions=True, method=method,
                             client_options=FAST)
    by_name = {r["name"]: r for r in records}
    assert by_name["stshopprod"]["storage_gb"] == round(1.5 * 2**40 / 10**9, 3)  # latest hourly average, bytes -> GB
    assert "storage_gb" not in by_name["stshopdev"]               # no reading: size stays unknown, not zero
    assert scope["storage_capacity"] == {"accounts": 2, "read": 1, "unknown": 1}
    asked = [r for r in srv.requests if r["path"].lower().endswith("/providers/microsoft.insights/metrics")]
    assert {r["query"]["metricnames"] for r in asked} == {"UsedCapacity"}
    df, _ = dedupe_and_sort(from_records(records))
    assert df.set_index("name").loc["stshopprod", "storage_gb"] == round(1.5 * 2**40 / 10**9, 3)
