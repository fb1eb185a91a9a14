"""Live inventory of an Azure estate through the Azure SDK: Resource Manager or Resource Graph.

:func:`collect` reads the resources of one or more subscriptions and returns
``(records, scope)``: records in the shape :func:`records.record_from_arm_object` gives
(``source_format`` "azure-arm" or "azure-graph", ``source_file`` the endpoint URL), and a
scope saying what was read, when, and what could not be.

Methods
- ``arm``: ``SubscriptionClient.subscriptions.list()`` (or ``get`` per given id), then per
  subscription ``ResourceManagementClient.resources.list(expand=...)`` — or
  ``list_by_resource_group`` per resource group. The SDK follows ``nextLink``. Listing does
  not return ``properties``, where the sizing of some types lives, so each resource of the
  types in :data:`PROPERTY_API_VERSIONS` (and only those) is read once more with
  ``resources.get_by_id(id, api_version)``, a few at a time, at most
  :data:`MAX_PROPERTY_FETCHES` per run. A failed read leaves that resource without
  properties (its sizing is then unknown) and is counted in ``scope["property_fetch"]``.
- ``graph``: ``ResourceGraphClient.resources(QueryRequest(...))`` over the ``Resources``
  table, up to 1,000 subscriptions a request, following ``$skipToken``. Rows carry
  ``properties`` already. Resource Graph may leave out subscriptions the caller cannot read
  without saying so; a request refused as a whole (403/404) is retried subscription by
  subscription to find which ones fail.

Reliability: the SDK's own retry policy retries 408/429/500/502/503/504 and connection
errors, honouring ``Retry-After`` (it sleeps exactly that long when the header is there, so
429 throttling waits what ARM asks); the exponential back-off in between is bounded by
:data:`RETRY_SETTINGS`. Resource Graph queries are POSTs, which the SDK only retries on a
status when told to: they are read-only, so they are retried like GETs.

A subscription (or resource group) answering 403 or 404 is recorded in
``scope["failed_scopes"]`` and skipped; ``scope["complete"]`` is then false. A refused token
(401), a credential that cannot produce a token, an unreachable endpoint or any other error
raises :class:`MigrateError` with one line saying what to do.

Secrets are removed at read time, before any record is built (:mod:`.redaction`).
No printing here: progress goes to the optional ``progress(subscription_id, resources_so_far)``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable

from ...errors import MigrateError
from ...units import BYTES_PER_GB
from .records import record_from_arm_object
from .redaction import redact

ARM_FORMAT = "azure-arm"
GRAPH_FORMAT = "azure-graph"
METHODS = ("arm", "graph")
DEFAULT_ENDPOINT = "https://management.azure.com"
EXPAND = "createdTime,changedTime,provisioningState"

# Types whose sizing lives in `properties` (see inventory.derive_sizing), read one by one in
# the `arm` method with these stable (non-preview) API versions. Lower-cased ARM types.
PROPERTY_API_VERSIONS: dict[str, str] = {
    "microsoft.compute/virtualmachines": "2024-07-01",            # hardwareProfile.vmSize, OS
    "microsoft.compute/virtualmachinescalesets": "2024-07-01",    # virtualMachineProfile (OS)
    "microsoft.compute/disks": "2023-04-02",                      # diskSizeGB
    "microsoft.compute/snapshots": "2023-04-02",                  # diskSizeGB
    "microsoft.containerservice/managedclusters": "2024-02-01",   # agentPoolProfiles
    "microsoft.dbforpostgresql/flexibleservers": "2022-12-01",    # storage.storageSizeGB
    "microsoft.dbformysql/flexibleservers": "2023-12-30",         # storage.storageSizeGB
    "microsoft.dbforpostgresql/servers": "2017-12-01",            # storageProfile.storageMB
    "microsoft.dbformysql/servers": "2017-12-01",
    "microsoft.sql/servers/databases": "2021-11-01",              # maxSizeBytes
    "microsoft.sql/servers/elasticpools": "2021-11-01",
    "microsoft.sql/managedinstances": "2021-11-01",               # vCores, storageSizeInGB
    "microsoft.web/serverfarms": "2023-12-01",                    # reserved (Linux)
}
STORAGE_ACCOUNT_TYPE = "microsoft.storage/storageaccounts"
METRICS_API_VERSION = "2023-10-01"   # Azure Monitor metrics: UsedCapacity of storage accounts
MAX_METRIC_READS = 5000
MAX_PROPERTY_FETCHES = 5000     # per run; beyond that, sizing of the rest stays unknown (and is said so)
PROPERTY_FETCH_WORKERS = 4      # concurrent GETs: well inside ARM's per-principal read limits
GRAPH_BATCH = 1000              # subscriptions per Resource Graph request (the service's limit)
GRAPH_PAGE = 1000               # rows per Resource Graph page (the service's maximum)
GRAPH_COLUMNS = "id, name, type, location, kind, sku, tags, properties, resourceGroup, subscriptionId"

# Passed to every SDK client (azure-core RetryPolicy and transport keywords).
RETRY_SETTINGS: dict[str, Any] = {
    "retry_total": 6,
    "retry_connect": 3,
    "retry_read": 3,
    "retry_status": 6,
    "retry_backoff_factor": 0.5,   # 0, 1, 2, 4, 8 s ... between tries (Retry-After, when sent, wins)
    "retry_backoff_max": 20,
    "connection_timeout": 20,
    "read_timeout": 120,
}

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_RG_NAME = re.compile(r"^[-\w.()]{1,90}$")
_SKIPPED = (403, 404)


# ----------------------------------------------------------------------------- credentials

class StaticTokenCredential:
    """A credential that hands out one bearer token, e.g. from ``AZURE_ACCESS_TOKEN``
    (``az account get-access-token --query accessToken -o tsv``). Its expiry is read from
    the token's ``exp`` claim when it is a JWT, else taken as one hour from now."""

    def __init__(self, token: str, expires_on: int | None = None):
        token = (token or "").strip()
        if token.lower().startswith("bearer "):
            token = token[7:].strip()
        if not token:
            raise MigrateError("AZURE_ACCESS_TOKEN", "the access token is empty",
                               fix="set it to the output of `az account get-access-token --query accessToken -o tsv`")
        self.token = token
        self.expires_on = int(expires_on or _jwt_expiry(token) or time.time() + 3600)

    def get_token(self, *scopes: str, **kwargs: Any):
        from azure.core.credentials import AccessToken
        return AccessToken(self.token, self.expires_on)

    def close(self) -> None:
        pass

    def __repr__(self) -> str:  # never show the token
        return f"StaticTokenCredential(expires_on={self.expires_on})"


def _jwt_expiry(token: str) -> int | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        return int(claims["exp"])
    except (ValueError, KeyError, TypeError):
        return None


def default_credential():
    """``azure.identity.DefaultAzureCredential``: environment, workload identity, managed
    identity, Azure CLI, PowerShell, ... (no interactive browser)."""
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError as exc:  # pragma: no cover - a dependency
        raise MigrateError(None, "azure-identity is not installed", fix="pip install azure-identity") from exc
    return DefaultAzureCredential()


def credential_from_environment(environ: dict | None = None):
    """``AZURE_ACCESS_TOKEN`` when set, else :func:`default_credential`."""
    environ = os.environ if environ is None else environ
    token = environ.get("AZURE_ACCESS_TOKEN")
    return StaticTokenCredential(token) if token else default_credential()


# ----------------------------------------------------------------------------- collect

def collect(credential, *, endpoint: str = DEFAULT_ENDPOINT, subscriptions: list[str] | None = None,
            all_subscriptions: bool = False, resource_groups: list[str] | None = None, method: str = "arm",
            progress: Callable[[str, int], None] | None = None,
            client_options: dict | None = None) -> tuple[list[dict], dict]:
    """Read the estate; returns (records, scope). See the module docstring.

    ``client_options`` are extra keywords for the SDK clients (e.g. ``connection_verify``,
    ``proxies``, ``credential_scopes`` or retry settings overriding :data:`RETRY_SETTINGS`).
    """
    endpoint = (endpoint or DEFAULT_ENDPOINT).rstrip("/")
    if method not in METHODS:
        raise MigrateError(None, f"unknown inventory method {method!r}", fix=f"use one of {', '.join(METHODS)}")
    if not endpoint.lower().startswith("https://"):
        raise MigrateError(endpoint, "the Azure endpoint must be an https:// URL (tokens are only sent over TLS)",
                           fix="pass --endpoint https://management.azure.com (or your cloud's ARM endpoint)")
    given = _check_subscription_ids(subscriptions or [], endpoint)
    if not given and not all_subscriptions:
        raise MigrateError(endpoint, "no subscription to read", fix="pass --subscription ID (repeatable) or --all-subscriptions")
    groups = _check_resource_groups(resource_groups, endpoint)
    options = {**RETRY_SETTINGS, "credential_scopes": [f"{endpoint}/.default"], **(client_options or {})}
    run = _Run(credential, endpoint, method, options, progress)
    captured_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    with _translate(endpoint, "GET /subscriptions"):
        subs = run.subscriptions(given, all_subscriptions)
    readable = [s for s in subs if s["id"] not in run.failed_ids]
    if method == "arm":
        for sub in readable:
            run.arm_subscription(sub, groups)
    else:
        run.graph(readable, groups)

    used = run.used_capacity()

    records, seen = [], set()
    fmt = ARM_FORMAT if method == "arm" else GRAPH_FORMAT
    for obj in run.objects:
        key = str(obj.get("id") or "").lower()
        if key in seen:
            continue
        seen.add(key)
        clean, n = redact(obj)
        run.redacted += n
        records.append(record_from_arm_object(clean, source_file=endpoint, source_format=fmt, index=len(records)))
        if key in used:
            records[-1]["storage_gb"] = used[key]
    counts: dict[str, int] = {}
    for r in records:
        counts[r["subscription"].lower()] = counts.get(r["subscription"].lower(), 0) + 1
    for s in subs:
        s["resources"] = None if s["id"] in run.failed_ids else counts.get(s["id"].lower(), 0)
    if groups:
        for rg in groups:
            if rg.lower() not in run.groups_found:
                run.warnings.append(f"resource group {rg} was not found in any readable subscription")
    scope = {
        "method": method,
        "endpoint": endpoint,
        "captured_at": captured_at,
        "subscriptions": subs,
        "resource_groups": list(groups) if groups else None,
        "complete": not run.failed and not run.truncated,
        "failed_scopes": run.failed,
        "redacted_values": run.redacted,
        "property_fetch": run.property_fetch if method == "arm" else None,
        "storage_capacity": run.capacity_stats,
        "warnings": run.warnings,
    }
    return records, scope


def _check_subscription_ids(ids: Iterable[str], endpoint: str) -> list[str]:
    out: list[str] = []
    for sid in ids:
        sid = str(sid).strip()
        if sid.lower().startswith("/subscriptions/"):
            sid = sid.split("/")[2]
        if not _GUID.match(sid):
            raise MigrateError(endpoint, f"{sid!r} is not a subscription id", place="--subscription",
                               fix="pass the subscription's GUID (`az account list --query [].id -o tsv`)")
        if sid.lower() not in (o.lower() for o in out):
            out.append(sid)
    return out


def _check_resource_groups(groups: list[str] | None, endpoint: str) -> list[str]:
    out: list[str] = []
    for rg in groups or []:
        rg = str(rg).strip()
        if not _RG_NAME.match(rg):
            raise MigrateError(endpoint, f"{rg!r} is not a resource group name", place="--resource-group",
                               fix="resource group names use letters, digits, '-', '_', '.', '(' and ')'")
        if rg.lower() not in (o.lower() for o in out):
            out.append(rg)
    return out


class _Run:
    """State of one collection: clients' settings, what was read, what failed."""

    def __init__(self, credential, endpoint: str, method: str, options: dict, progress):
        self.credential = credential
        self.endpoint = endpoint
        self.method = method
        self.options = options
        self.progress = progress
        self.objects: list[dict] = []
        self.failed: list[dict] = []
        self.failed_ids: set[str] = set()
        self.groups_found: set[str] = set()
        self.warnings: list[str] = []
        self.truncated = False
        self.redacted = 0
        self.capacity_stats = {"accounts": 0, "read": 0, "unknown": 0}
        self.property_fetch = {"types": sorted(PROPERTY_API_VERSIONS), "requested": 0, "fetched": 0, "failed": 0,
                               "skipped": 0}

    # -- helpers
    def _tick(self, label: str) -> None:
        if self.progress is not None:
            self.progress(label, len(self.objects))

    def _fail(self, scope: str, exc, sub_id: str | None = None) -> None:
        self.failed.append({"scope": scope, "status": _status(exc), "error": _one_line(exc)})
        if sub_id:
            self.failed_ids.add(sub_id)

    # -- subscriptions
    def subscriptions(self, given: list[str], all_subscriptions: bool) -> list[dict]:
        from azure.core.exceptions import HttpResponseError
        SubscriptionClient = _subscription_client_class()
        subs: list[dict] = []
        with SubscriptionClient(self.credential, base_url=self.endpoint, **self.options) as client:
            if all_subscriptions:
                for s in client.subscriptions.list():
                    subs.append(_subscription_entry(s))
            known = {s["id"].lower() for s in subs}
            for sid in given:
                if sid.lower() in known:
                    continue
                try:
                    subs.append(_subscription_entry(client.subscriptions.get(sid)))
                except HttpResponseError as exc:
                    if _status(exc) not in _SKIPPED:
                        raise
                    subs.append({"id": sid, "name": None, "state": None, "resources": None})
                    self._fail(f"/subscriptions/{sid}", exc, sid)
        if all_subscriptions and not subs:
            self.warnings.append("the credential can read no subscription")
        return subs

    # -- arm
    def arm_subscription(self, sub: dict, groups: list[str]) -> None:
        from azure.core.exceptions import HttpResponseError
        sid = sub["id"]
        start = len(self.objects)
        with self._resource_client(sid) as client, _translate(self.endpoint, f"GET /subscriptions/{sid}/resources"):
            try:
                if groups:
                    for rg in groups:
                        self._arm_group(client, sid, rg)
                else:
                    self._pages(client.resources.list(expand=EXPAND), sid)
            except HttpResponseError as exc:
                if _status(exc) not in _SKIPPED:
                    raise
                del self.objects[start:]          # skipped whole: no half subscription
                self._fail(f"/subscriptions/{sid}", exc, sid)
                self._tick(sid)
                return
            self._fetch_properties(client, self.objects[start:])

    def _arm_group(self, client, sid: str, rg: str) -> None:
        from azure.core.exceptions import HttpResponseError
        try:
            self._pages(client.resources.list_by_resource_group(rg, expand=EXPAND), sid)
            self.groups_found.add(rg.lower())
        except HttpResponseError as exc:
            code = _code(exc)
            if _status(exc) == 404 and code in ("ResourceGroupNotFound", None):
                return                                   # not in this subscription: nothing to read
            if _status(exc) == 403 and code != "SubscriptionNotFound":
                self._fail(f"/subscriptions/{sid}/resourceGroups/{rg}", exc)
                return
            raise

    def _pages(self, pager, sid: str) -> None:
        for page in pager.by_page():
            for item in page:
                self.objects.append(_plain(item))
            self._tick(sid)

    def _resource_client(self, sid: str):
        from azure.mgmt.resource.resources import ResourceManagementClient
        return ResourceManagementClient(self.credential, sid, base_url=self.endpoint, **self.options)

    def _fetch_properties(self, client, objs: list[dict]) -> None:
        from azure.core.exceptions import ClientAuthenticationError, HttpResponseError
        wanted = [o for o in objs if not isinstance(o.get("properties"), dict)
                  and str(o.get("type") or "").lower() in PROPERTY_API_VERSIONS]
        stats = self.property_fetch
        room = max(0, MAX_PROPERTY_FETCHES - stats["requested"])
        if len(wanted) > room:
            if not stats["skipped"]:
                self.warnings.append(f"more than {MAX_PROPERTY_FETCHES} resources need a properties read for sizing; "
                                     "the rest keep unknown sizing (--method graph returns properties with the list)")
            stats["skipped"] += len(wanted) - room
            wanted = wanted[:room]
        stats["requested"] += len(wanted)

        def fetch(obj: dict):
            api = PROPERTY_API_VERSIONS[str(obj["type"]).lower()]
            try:
                return obj, _plain(client.resources.get_by_id(str(obj["id"]).lstrip("/"), api_version=api)), None
            except ClientAuthenticationError:
                raise
            except HttpResponseError as exc:
                return obj, None, exc

        if not wanted:
            return
        with ThreadPoolExecutor(max_workers=PROPERTY_FETCH_WORKERS) as pool:
            for obj, full, exc in pool.map(fetch, wanted):
                props = full.get("properties") if isinstance(full, dict) else None
                if isinstance(props, dict):
                    obj["properties"] = props
                    stats["fetched"] += 1
                else:
                    stats["failed"] += 1
                    if exc is not None and stats["failed"] <= 5:
                        self.warnings.append(f"properties of {obj['id']} not read ({_status(exc)} {_one_line(exc)}); "
                                             "its sizing is unknown")

    # -- storage used capacity (Azure Monitor)
    def used_capacity(self) -> dict[str, float]:
        """Storage accounts' UsedCapacity metric (latest hourly average, GiB) by lower-cased id.

        ARM does not carry how much a storage account holds; Azure Monitor does. An account whose
        metric is absent or unreadable keeps an unknown size (never a silent zero).
        """
        from azure.core.rest import HttpRequest

        accounts = [o for o in self.objects if str(o.get("type") or "").lower() == STORAGE_ACCOUNT_TYPE]
        accounts = accounts[:MAX_METRIC_READS]
        self.capacity_stats = {"accounts": len(accounts), "read": 0, "unknown": 0}
        if not accounts:
            return {}
        out: dict[str, float] = {}
        sid = str(accounts[0]["id"]).split("/")[2]
        with self._resource_client(sid) as client:
            def read(obj: dict):
                url = (f"{self.endpoint}{obj['id']}/providers/Microsoft.Insights/metrics?api-version={METRICS_API_VERSION}"
                       "&metricnames=UsedCapacity&aggregation=Average&interval=PT1H&timespan=PT24H")
                try:
                    response = client.send_request(HttpRequest("GET", url))
                    return obj, (response.json() if response.status_code == 200 else None)
                except Exception:  # a metric we cannot read leaves the size unknown; it never stops the inventory
                    return obj, None

            with ThreadPoolExecutor(max_workers=PROPERTY_FETCH_WORKERS) as pool:
                for obj, payload in pool.map(read, accounts):
                    value = _latest_average(payload)
                    if value is None:
                        self.capacity_stats["unknown"] += 1
                    else:
                        out[str(obj["id"]).lower()] = round(value / BYTES_PER_GB, 3)
                        self.capacity_stats["read"] += 1
        return out

    # -- graph
    def graph(self, subs: list[dict], groups: list[str]) -> None:
        from azure.mgmt.resourcegraph import ResourceGraphClient
        ids = [s["id"] for s in subs]
        if not ids:
            return
        query = "Resources"
        if groups:
            query += "\n| where resourceGroup in~ (" + ", ".join(f"'{g}'" for g in groups) + ")"
        query += f"\n| project {GRAPH_COLUMNS}\n| order by id asc"
        with ResourceGraphClient(self.credential, base_url=self.endpoint, **self.options) as client:
            for i in range(0, len(ids), GRAPH_BATCH):
                self._graph_batch(client, ids[i:i + GRAPH_BATCH], query)
        if groups:
            self.groups_found.update(str(o.get("resourceGroup") or "").lower() for o in self.objects)

    def _graph_batch(self, client, ids: list[str], query: str) -> None:
        from azure.core.exceptions import HttpResponseError
        start = len(self.objects)
        with _translate(self.endpoint, "POST /providers/Microsoft.ResourceGraph/resources"):
            try:
                self._graph_pages(client, ids, query)
                return
            except HttpResponseError as exc:
                if _status(exc) not in _SKIPPED:
                    raise
                del self.objects[start:]
                refused = exc
        if len(ids) == 1:
            self._fail(f"/subscriptions/{ids[0]}", refused, ids[0])
            self._tick(ids[0])
            return
        for sid in ids:   # refused as a whole: find out which subscriptions are refused
            self._graph_batch(client, [sid], query)

    def _graph_pages(self, client, ids: list[str], query: str) -> None:
        from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions
        label = ids[0] if len(ids) == 1 else f"{len(ids)} subscriptions"
        token = None
        while True:
            request = QueryRequest(subscriptions=ids, query=query,
                                   options=QueryRequestOptions(top=GRAPH_PAGE, skip_token=token,
                                                               result_format="objectArray"))
            # A Resource Graph query is a read: retry it on 5xx like a GET.
            answer = client.resources(request, retry_on_methods=frozenset({"GET", "POST"}))
            rows = answer.data or []
            if isinstance(rows, dict):   # "table" result format, should the service ignore objectArray
                rows = _table_rows(rows)
            self.objects.extend(_plain(r) for r in rows)
            self._tick(label)
            token = answer.skip_token
            if not token:
                if str(answer.result_truncated).lower() == "true":
                    self.truncated = True
                    self.warnings.append("Resource Graph truncated the result (no $skipToken to continue); "
                                         "the inventory is incomplete")
                return


# ----------------------------------------------------------------------------- SDK glue

def _latest_average(payload) -> float | None:
    """Last non-null average of an Azure Monitor metrics answer ({"value": [{"timeseries": [{"data": [...]}]}]})."""
    try:
        series = payload["value"][0]["timeseries"]
    except (TypeError, KeyError, IndexError):
        return None
    points = [p.get("average") for ts in series for p in ts.get("data") or [] if p.get("average") is not None]
    return float(points[-1]) if points else None


def _subscription_client_class():
    try:   # azure-mgmt-resource >= 25 moved it to azure-mgmt-resource-subscriptions
        from azure.mgmt.resource.subscriptions import SubscriptionClient
    except ImportError:  # pragma: no cover - older azure-mgmt-resource
        from azure.mgmt.resource import SubscriptionClient  # type: ignore[attr-defined,no-redef]
    return SubscriptionClient


def _subscription_entry(s) -> dict:
    sid = getattr(s, "subscription_id", None) or str(getattr(s, "id", "") or "").rsplit("/", 1)[-1]
    state = getattr(s, "state", None)
    return {"id": sid, "name": getattr(s, "display_name", None),
            "state": getattr(state, "value", state) if state is not None else None, "resources": 0}


def _plain(obj: Any) -> dict:
    """An SDK model (or a row) as a plain dict spelled as the REST API spells it."""
    if obj is None:
        return {}
    if type(obj) is dict:
        return obj
    if hasattr(obj, "_attribute_map") and hasattr(obj, "serialize"):   # msrest-style models
        return obj.serialize(keep_readonly=True)
    if hasattr(obj, "as_dict"):                                         # typespec models: wire names
        return obj.as_dict()
    return dict(obj)


def _table_rows(table: dict) -> list[dict]:
    cols = [c.get("name") for c in table.get("columns") or []]
    return [dict(zip(cols, row)) for row in table.get("rows") or []]


def _status(exc) -> int | None:
    code = getattr(exc, "status_code", None)
    if code is None:
        code = getattr(getattr(exc, "response", None), "status_code", None)
    return code


def _code(exc) -> str | None:
    err = getattr(exc, "error", None)
    return getattr(err, "code", None) if err is not None else None


def _one_line(exc) -> str:
    err = getattr(exc, "error", None)
    code, message = (getattr(err, "code", None), getattr(err, "message", None)) if err is not None else (None, None)
    if not message:
        message = getattr(exc, "message", None) or str(exc)
    text = " ".join(str(message).split())
    if code and not text.startswith(f"({code})"):
        text = f"{code}: {text}"
    return text[:400]


def _error(endpoint: str, place: str, exc) -> MigrateError:
    from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ServiceRequestError, \
        ServiceResponseError
    status = _status(exc)
    if isinstance(exc, ClientAuthenticationError) and status is None:
        return MigrateError(endpoint, f"no Azure credential could give a token: {_one_line(exc)}", place=place,
                            fix="run `az login`, or set AZURE_ACCESS_TOKEN "
                                "(`az account get-access-token --query accessToken -o tsv`)")
    if status == 401:
        return MigrateError(endpoint, f"the access token was refused (401 {_one_line(exc)})", place=place,
                            fix="get a fresh token: `az login` again, or renew AZURE_ACCESS_TOKEN; check the tenant")
    if isinstance(exc, HttpResponseError) and status is not None:
        return MigrateError(endpoint, f"Azure answered {status}: {_one_line(exc)}", place=place,
                            fix="retry later; if it persists, check the subscription and the endpoint")
    if isinstance(exc, (ServiceRequestError, ServiceResponseError)):
        text = _one_line(exc)
        fix = ("trust the proxy's or endpoint's certificate with REQUESTS_CA_BUNDLE=/path/ca.pem"
               if "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text
               else "check the network, proxy settings (HTTPS_PROXY) and --endpoint")
        return MigrateError(endpoint, f"cannot reach Azure Resource Manager after retries: {text}", place=place, fix=fix)
    return MigrateError(endpoint, f"Azure request failed: {_one_line(exc)}", place=place,
                        fix="retry later; if it persists, check the subscription and the endpoint")


class _translate:
    """Turn any SDK error escaping the block into a one-line MigrateError (callers catch the
    per-scope 403/404 inside the block first)."""

    def __init__(self, endpoint: str, place: str):
        self.endpoint, self.place = endpoint, place

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        from azure.core.exceptions import AzureError
        if isinstance(exc, AzureError):
            raise _error(self.endpoint, self.place, exc) from exc
        return False
