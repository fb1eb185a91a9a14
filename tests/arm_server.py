"""A loopback HTTPS server speaking the Azure Resource Manager and Resource Graph REST contract,
for end-to-end tests of the live adapter with the real Azure SDK clients.

It serves a small estate of three subscriptions:
- PROD: 15 resources over four ``nextLink`` pages; the second page answers 429 with
  ``Retry-After: 1`` the first time it is asked;
- DEV: 5 resources; the first request for its resource list has its connection dropped
  without an answer (a reset the SDK must retry);
- DENIED: listed by ``GET /subscriptions`` but its resources answer 403 AuthorizationFailed.

Resource payloads are shaped like ARM's, with secrets planted where Azure keeps them
(:data:`SECRETS`). Lists omit ``properties`` as ARM's do; ``GET {id}`` and Resource Graph
return them. Every request is recorded; any without ``Authorization: Bearer <TOKEN>`` gets
401. The certificate is self-signed for 127.0.0.1 and written to the given directory.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import re
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

TOKEN = "test-token"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
PROD = "11111111-1111-4111-8111-111111111111"
DEV = "22222222-2222-4222-8222-222222222222"
DENIED = "33333333-3333-4333-8333-333333333333"
NAMES = {PROD: "Shop Production", DEV: "Shop Development", DENIED: "Finance"}
ARM_PAGE = 4      # resources per nextLink page
GRAPH_PAGE = 6    # rows per Resource Graph page, whatever $top asks (the service may send fewer)

# Secret values planted in the payloads: none may survive into the inventory.
SECRETS = {
    "vm_custom_data": "I2Nsb3VkLWNvbmZpZwpjaHBhc3N3ZDogeyBleHBpcmU6IEZhbHNlIH0Kcm9vdDpTdXBlclMzY3JldCE=",
    "vm_admin_password": "Vm-Adm1n-P@ssw0rd-7781",
    "extension_protected": "powershell -c \"./setup.ps1 -SaPassword Xk29!vq-Lp0\"",
    "app_storage_key": "q3Jx5T9vWm2PLkE8sUo7Rt1Yb6Nc4Ha0Zd3Gf5Ji8Kl2Mn4Op6Qr8St0Uv2Wx4Yz6Ab8Cd0Ef2Gh4Ij6Kl8Mn==",
    "app_api_key": "sk_live_51HxQ2bKs9PqRtYuVw",
    "app_sql_password": "Sh0pDb!Pa55-2024",
    "storage_sas_sig": "Kq7Zr%2F0pYx3vB9wD1eF5gH8iJ2kL4mN6oP8qR0sT3u%3D",
    "postgres_password": "Pg-Adm1n!Secret-42",
    "keyvault_secret": "kv-Secret-Value-0f9e8d7c",
    "aks_admin_password": "Aks-W1ndows!Admin-19",
    "sql_admin_password": "SqlAdm1n#Pass-33",
    "servicebus_key": "Rk1d9Vq2Xy7Zb3Nc5Mv8Lp0Ow4Iu6Ey1Tr3We5Qa7=",
    "dev_db_password": "Dev-DB-Pa55!word",
}
SAS_URL = ("https://stshopprod.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rl"
           f"&se=2030-01-01T00:00:00Z&spr=https&sig={SECRETS['storage_sas_sig']}")


def _rid(sub: str, rg: str, provider_type: str, name: str) -> str:
    """ARM id; child types interleave type and name segments (sites/app/config/appsettings)."""
    namespace, *types = provider_type.split("/")
    names = name.split("/")
    path = "/".join(f"{t}/{n}" for t, n in zip(types, names))
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{path}"


def _res(sub, rg, rtype, name, location="westeurope", *, sku=None, kind=None, tags=None, properties=None,
         managed_by=None):
    r = {"id": _rid(sub, rg, rtype, name), "name": name, "type": rtype, "location": location,
         "tags": tags or {}, "properties": properties or {}}
    if sku is not None:
        r["sku"] = sku
    if kind is not None:
        r["kind"] = kind
    if managed_by is not None:
        r["managedBy"] = managed_by
    return r


def estate() -> dict[str, list[dict]]:
    """Full resources (with properties) by subscription id."""
    s = SECRETS
    web, data = "rg-shop-web", "rg-shop-data"
    vm1 = _rid(PROD, web, "Microsoft.Compute/virtualMachines", "vm-web-01")
    prod = [
        _res(PROD, web, "Microsoft.Compute/virtualMachines", "vm-web-01", tags={"env": "prod", "app": "shop"},
             properties={"vmId": "0f3c9f5e-6a51-4f9b-9b0e-0b7e2f1c5a11",
                         "hardwareProfile": {"vmSize": "Standard_D4s_v5"},
                         "storageProfile": {"osDisk": {"osType": "Linux", "name": "vm-web-01_OsDisk_1", "diskSizeGB": 64,
                                                       "managedDisk": {"storageAccountType": "Premium_LRS"}}},
                         "osProfile": {"computerName": "vm-web-01", "adminUsername": "azureuser",
                                       "adminPassword": s["vm_admin_password"], "customData": s["vm_custom_data"],
                                       "linuxConfiguration": {"disablePasswordAuthentication": False}},
                         "provisioningState": "Succeeded"}),
        _res(PROD, web, "Microsoft.Compute/virtualMachines/extensions", "vm-web-01/CustomScript",
             properties={"publisher": "Microsoft.Compute", "type": "CustomScriptExtension", "typeHandlerVersion": "1.10",
                         "settings": {"fileUris": ["https://stshopprod.blob.core.windows.net/scripts/setup.ps1"]},
                         "protectedSettings": {"commandToExecute": s["extension_protected"]}}),
        _res(PROD, web, "Microsoft.Compute/disks", "vm-web-01_OsDisk_1", sku={"name": "Premium_LRS", "tier": "Premium"},
             managed_by=vm1, properties={"diskSizeGB": 64, "osType": "Linux", "diskState": "Attached"}),
        _res(PROD, web, "Microsoft.Network/networkInterfaces", "vm-web-01-nic",
             properties={"ipConfigurations": [{"name": "ipconfig1", "properties": {"privateIPAddress": "10.0.1.4"}}]}),
        _res(PROD, web, "Microsoft.Web/serverfarms", "asp-shop", kind="linux",
             sku={"name": "P1v3", "tier": "PremiumV3", "size": "P1v3", "family": "Pv3", "capacity": 2},
             properties={"reserved": True, "numberOfWorkers": 2, "status": "Ready"}),
        _res(PROD, web, "Microsoft.Web/sites", "app-shop", kind="app,linux",
             properties={"serverFarmId": _rid(PROD, web, "Microsoft.Web/serverfarms", "asp-shop"),
                         "defaultHostName": "app-shop.azurewebsites.net",
                         "siteConfig": {
                             "linuxFxVersion": "PYTHON|3.11",
                             "appSettings": [
                                 {"name": "STORAGE_CONNECTION",
                                  "value": "DefaultEndpointsProtocol=https;AccountName=stshopprod;"
                                           f"AccountKey={s['app_storage_key']};EndpointSuffix=core.windows.net"},
                                 {"name": "PAYMENT_API_KEY", "value": s["app_api_key"]},
                                 {"name": "WEBSITE_RUN_FROM_PACKAGE", "value": "1"}],
                             "connectionStrings": [
                                 {"name": "ShopDb", "type": "SQLAzure",
                                  "connectionString": "Server=tcp:sql-shop.database.windows.net,1433;Database=shopdb;"
                                                      f"User ID=shopadmin;Password={s['app_sql_password']};Encrypt=true;"}]}}),
        _res(PROD, web, "Microsoft.Storage/storageAccounts", "stshopprod", kind="StorageV2",
             sku={"name": "Standard_GRS", "tier": "Standard"}, tags={"backupSas": SAS_URL, "owner": "shop-team"},
             properties={"primaryEndpoints": {"blob": "https://stshopprod.blob.core.windows.net/"},
                         "accessTier": "Hot"}),
        _res(PROD, web, "Microsoft.ServiceBus/namespaces", "sb-shop", sku={"name": "Standard", "tier": "Standard"},
             properties={"serviceBusEndpoint": "https://sb-shop.servicebus.windows.net:443/",
                         "primaryConnectionString": "Endpoint=sb://sb-shop.servicebus.windows.net/;"
                                                    "SharedAccessKeyName=RootManageSharedAccessKey;"
                                                    f"SharedAccessKey={s['servicebus_key']}"}),
        _res(PROD, data, "Microsoft.DBforPostgreSQL/flexibleServers", "psql-shop",
             sku={"name": "Standard_D2ds_v4", "tier": "GeneralPurpose"},
             properties={"version": "16", "administratorLogin": "pgadmin",
                         "administratorLoginPassword": s["postgres_password"],
                         "storage": {"storageSizeGB": 128}, "state": "Ready"}),
        _res(PROD, data, "Microsoft.KeyVault/vaults", "kv-shop", sku={"family": "A", "name": "standard"},
             properties={"tenantId": TENANT, "vaultUri": "https://kv-shop.vault.azure.net/"}),
        _res(PROD, data, "Microsoft.KeyVault/vaults/secrets", "kv-shop/db-password",
             properties={"value": s["keyvault_secret"], "contentType": "text/plain", "attributes": {"enabled": True},
                         "secretUri": "https://kv-shop.vault.azure.net/secrets/db-password"}),
        _res(PROD, data, "Microsoft.ContainerService/managedClusters", "aks-shop",
             sku={"name": "Base", "tier": "Free"},
             properties={"kubernetesVersion": "1.29.4",
                         "agentPoolProfiles": [{"name": "system", "count": 3, "vmSize": "Standard_D4s_v5",
                                                "osType": "Linux", "mode": "System"}],
                         "windowsProfile": {"adminUsername": "azureuser", "adminPassword": s["aks_admin_password"]},
                         "servicePrincipalProfile": {"clientId": "msi"}}),
        _res(PROD, data, "Microsoft.Compute/virtualMachineScaleSets", "vmss-workers",
             sku={"name": "Standard_D2s_v5", "tier": "Standard", "capacity": 4},
             properties={"virtualMachineProfile": {"storageProfile": {"osDisk": {"osType": "Linux"}}}}),
        _res(PROD, data, "Microsoft.Sql/servers", "sql-shop",
             properties={"administratorLogin": "shopadmin", "administratorLoginPassword": s["sql_admin_password"],
                         "version": "12.0", "fullyQualifiedDomainName": "sql-shop.database.windows.net"}),
        _res(PROD, data, "Microsoft.Sql/servers/databases", "sql-shop/shopdb",
             sku={"name": "GP_Gen5_2", "tier": "GeneralPurpose", "family": "Gen5", "capacity": 2},
             properties={"maxSizeBytes": 34359738368, "status": "Online"}),
    ]
    dev = [
        _res(DEV, "rg-dev", "Microsoft.Compute/virtualMachines", "vm-dev-01", location="francecentral",
             properties={"hardwareProfile": {"vmSize": "Standard_B2s"},
                         "storageProfile": {"osDisk": {"osType": "Windows"}},
                         "osProfile": {"computerName": "vm-dev-01", "adminUsername": "devadmin"}}),
        _res(DEV, "rg-dev", "Microsoft.Compute/disks", "vm-dev-01_OsDisk_1", location="francecentral",
             sku={"name": "StandardSSD_LRS", "tier": "Standard"}, properties={"diskSizeGB": 127}),
        _res(DEV, "rg-dev", "Microsoft.Web/sites", "app-dev", location="francecentral", kind="app",
             properties={"defaultHostName": "app-dev.azurewebsites.net"}),
        _res(DEV, "rg-dev", "Microsoft.Web/sites/config", "app-dev/appsettings", location="francecentral",
             properties={"DB_PASSWORD": s["dev_db_password"], "FEATURE_FLAGS": "beta"}),
        _res(DEV, "rg-dev-data", "Microsoft.Storage/storageAccounts", "stshopdev", location="francecentral",
             kind="StorageV2", sku={"name": "Standard_LRS", "tier": "Standard"}),
    ]
    denied = [_res(DENIED, "rg-finance", "Microsoft.Compute/virtualMachines", "vm-ledger",
                   properties={"hardwareProfile": {"vmSize": "Standard_E4s_v5"}})]
    return {PROD: prod, DEV: dev, DENIED: denied}


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed CA-style certificate for 127.0.0.1 / localhost: (cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "migrate test ARM")])
    now = dt.datetime.now(dt.timezone.utc)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(ski, False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), False)
            .sign(key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "arm-cert.pem", directory / "arm-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _arm_error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


# UsedCapacity readings (bytes) per storage account name; the last non-null one counts.
USED_CAPACITY_BYTES = {"stshopprod": [1.0 * 1024**4, 1.5 * 1024**4, None]}


class ArmServer:
    """Start with ``with ArmServer(tmp_path) as srv:``; ``srv.base`` is the endpoint URL,
    ``srv.ca`` the certificate to trust, ``srv.requests`` what was asked."""

    def __init__(self, cert_dir: Path, *, token: str = TOKEN, throttle: bool = True, reset: bool = True):
        self.token = token
        self.estate = estate()
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        # Faults served once each: (method, path, skip token) -> kind
        self.faults: dict[tuple, str] = {}
        if throttle:
            self.faults[("GET", f"/subscriptions/{PROD}/resources", "1")] = "429"
            second_page = base64.b64encode(str(GRAPH_PAGE).encode()).decode()
            self.faults[("POST", "/providers/Microsoft.ResourceGraph/resources", second_page)] = "503"
        if reset:
            self.faults[("GET", f"/subscriptions/{DEV}/resources", None)] = "reset"
        self.ca, key = make_certificate(Path(cert_dir))
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                server._handle(self, "GET")

            def do_POST(self):  # noqa: N802
                server._handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.ca, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.base = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> "ArmServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------------ helpers for tests
    def seen(self, method: str, path: str, skiptoken: str | None = None) -> int:
        """How many times this request reached the server (retries included)."""
        return sum(1 for r in self.requests if r["method"] == method and r["path"].lower() == path.lower()
                   and r["skiptoken"] == skiptoken)

    def readable(self) -> list[dict]:
        return self.estate[PROD] + self.estate[DEV]

    # ------------------------------------------------------------------ dispatch
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(h.path)
        query = {k.lower(): v[0] for k, v in parse_qs(url.query).items()}
        length = int(h.headers.get("Content-Length") or 0)
        body = json.loads(h.rfile.read(length)) if length else None
        skiptoken = query.get("$skiptoken")
        if method == "POST" and isinstance(body, dict):
            skiptoken = (body.get("options") or {}).get("$skipToken")
        with self.lock:
            self.requests.append({"method": method, "path": url.path, "query": query, "body": body,
                                  "skiptoken": skiptoken, "authorization": h.headers.get("Authorization")})
            fault = self.faults.pop((method, url.path, skiptoken), None)
        if fault == "reset":
            h.close_connection = True
            try:
                h.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if h.headers.get("Authorization") != f"Bearer {self.token}":
            return self._send(h, 401, _arm_error("InvalidAuthenticationToken", "The access token is invalid."),
                              {"WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/'
                                                   f'{TENANT}", error="invalid_token", '
                                                   'error_description="The access token is invalid."'})
        if fault == "429":
            return self._send(h, 429, _arm_error("TooManyRequests", "Rate limit exceeded, retry after 1 second."),
                              {"Retry-After": "1"})
        if fault == "503":
            return self._send(h, 503, _arm_error("ServiceUnavailable", "The service is temporarily unavailable."))
        if not query.get("api-version"):
            return self._send(h, 400, _arm_error("MissingApiVersionParameter",
                                                 "The api-version query parameter (?api-version=) is required."))
        status, payload = self._route(method, url.path, query, body)
        self._send(h, status, payload)

    def _send(self, h, status: int, payload, headers: dict | None = None) -> None:
        data = json.dumps(payload).encode()
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("x-ms-request-id", "00000000-0000-0000-0000-000000000000")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _route(self, method: str, path: str, query: dict, body) -> tuple[int, object]:
        parts = [p for p in path.split("/") if p]
        low = [p.lower() for p in parts]
        if method == "POST" and low == ["providers", "microsoft.resourcegraph", "resources"]:
            return self._graph(body or {})
        if method != "GET" or not low or low[0] != "subscriptions":
            return 404, _arm_error("NotFound", f"No route for {method} {path}")
        if len(low) == 1:
            return 200, {"value": [self._subscription(s) for s in NAMES],
                         "count": {"type": "Total", "value": len(NAMES)}}
        sub = next((s for s in NAMES if s == low[1]), None)
        if sub is None:
            return 404, _arm_error("SubscriptionNotFound", f"The subscription '{parts[1]}' could not be found.")
        if len(low) == 2:
            return 200, self._subscription(sub)
        if sub == DENIED:
            return 403, _arm_error("AuthorizationFailed",
                                   "The client 'ci@contoso.com' with object id '4a1c7d3e-0000-0000-0000-000000000000' "
                                   "does not have authorization to perform action "
                                   "'Microsoft.Resources/subscriptions/resources/read' over scope "
                                   f"'/subscriptions/{sub}' or the scope is invalid. If access was recently granted, "
                                   "please refresh your credentials.")
        if low[2:] == ["resources"]:
            return self._list(sub, None, path, query)
        if len(low) == 5 and low[2] == "resourcegroups" and low[4] == "resources":
            rg = parts[3]
            if not any(r["id"].lower().split("/")[4] == rg.lower() for r in self.estate[sub]):
                return 404, _arm_error("ResourceGroupNotFound", f"Resource group '{rg}' could not be found.")
            return self._list(sub, rg, path, query)
        if low[-3:] == ["providers", "microsoft.insights", "metrics"]:
            return self._metrics(sub, "/" + "/".join(parts[:-3]), query)
        for r in self.estate[sub]:           # GET {resource id}
            if r["id"].lower() == path.lower():
                return 200, r
        return 404, _arm_error("ResourceNotFound", f"The Resource '{path}' was not found.")

    def _metrics(self, sub: str, resource_id: str, query: dict) -> tuple[int, dict]:
        """Azure Monitor metrics of a storage account: UsedCapacity hourly averages in bytes.
        Only the production account has readings; the other answers an empty series."""
        if not any(r["id"].lower() == resource_id.lower() for r in self.estate[sub]):
            return 404, _arm_error("ResourceNotFound", f"The Resource '{resource_id}' was not found.")
        readings = USED_CAPACITY_BYTES.get(resource_id.rsplit("/", 1)[-1], [])
        data = [{"timeStamp": f"2026-11-24T{h:02d}:00:00Z", "average": v} for h, v in enumerate(readings)]
        return 200, {"cost": 0, "timespan": query.get("timespan", "PT24H"), "interval": "PT1H",
                     "value": [{"id": f"{resource_id}/providers/Microsoft.Insights/metrics/UsedCapacity",
                                "type": "Microsoft.Insights/metrics",
                                "name": {"value": "UsedCapacity", "localizedValue": "Used capacity"},
                                "displayDescription": "The amount of storage used by the storage account.",
                                "unit": "Bytes", "timeseries": [{"metadatavalues": [], "data": data}],
                                "errorCode": "Success"}],
                     "namespace": "Microsoft.Storage/storageAccounts", "resourceregion": "francecentral"}

    def _subscription(self, sub: str) -> dict:
        return {"id": f"/subscriptions/{sub}", "authorizationSource": "RoleBased", "managedByTenants": [],
                "subscriptionId": sub, "tenantId": TENANT, "displayName": NAMES[sub], "state": "Enabled",
                "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01",
                                         "spendingLimit": "Off"}}

    def _list(self, sub: str, rg: str | None, path: str, query: dict) -> tuple[int, dict]:
        items = [r for r in self.estate[sub] if rg is None or r["id"].lower().split("/")[4] == rg.lower()]
        page = int(query.get("$skiptoken") or 0)
        chunk = items[page * ARM_PAGE:(page + 1) * ARM_PAGE]
        expand = (query.get("$expand") or "").lower()
        out = []
        for r in chunk:
            item = {k: copy.deepcopy(v) for k, v in r.items() if k != "properties"}   # lists omit properties
            if "createdtime" in expand:
                item["createdTime"] = "2024-03-01T09:30:00.0000000Z"
            if "changedtime" in expand:
                item["changedTime"] = "2025-01-15T17:02:11.1234567Z"
            if "provisioningstate" in expand:
                item["provisioningState"] = "Succeeded"
            out.append(item)
        answer: dict = {"value": out}
        if (page + 1) * ARM_PAGE < len(items):
            q = f"api-version={query['api-version']}"
            if query.get("$expand"):
                q += f"&%24expand={quote(query['$expand'], safe='')}"
            answer["nextLink"] = f"{self.base}{path}?{q}&%24skiptoken={page + 1}"
        return 200, answer

    def _graph(self, body: dict) -> tuple[int, dict]:
        subs = [str(s).lower() for s in body.get("subscriptions") or []]
        if DENIED in subs:
            return 403, _arm_error("AuthorizationFailed", "The client does not have authorization to perform action "
                                   "'Microsoft.ResourceGraph/resources/read' over scope "
                                   f"'/subscriptions/{DENIED}'.")
        query = body.get("query") or ""
        if not query.lstrip().lower().startswith("resources"):
            return 400, _arm_error("BadRequest", "Please provide below info when asking for support ...")
        groups = None
        m = re.search(r"resourceGroup\s+in~\s*\(([^)]*)\)", query)
        if m:
            groups = {g.strip().strip("'\"").lower() for g in m.group(1).split(",")}
        rows = []
        for sub in subs:
            for r in self.estate.get(sub, []):
                rg = r["id"].split("/")[4]
                if groups is not None and rg.lower() not in groups:
                    continue
                row = copy.deepcopy(r)
                row["type"] = r["type"].lower()            # Resource Graph lower-cases types
                row.update({"resourceGroup": rg.lower(), "subscriptionId": sub, "tenantId": TENANT,
                            "kind": r.get("kind", ""), "sku": r.get("sku"), "managedBy": r.get("managedBy", "")})
                rows.append(row)
        rows.sort(key=lambda x: x["id"].lower())
        options = body.get("options") or {}
        token = options.get("$skipToken")
        start = int(base64.b64decode(token).decode()) if token else 0
        top = min(int(options.get("$top") or 100), GRAPH_PAGE)
        page = rows[start:start + top]
        answer = {"totalRecords": len(rows), "count": len(page), "resultTruncated": "false", "data": page,
                  "facets": []}
        if start + top < len(rows):
            answer["$skipToken"] = base64.b64encode(str(start + top).encode()).decode()
        return 200, answer
