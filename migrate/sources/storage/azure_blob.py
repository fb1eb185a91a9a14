"""Read blobs from Azure Blob Storage for the exit drill (the only module that knows azure-storage-blob).

Credentials, first found wins: AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY (with the account of
the URI), AZURE_STORAGE_SAS_TOKEN, else DefaultAzureCredential (az login, service principal, managed
identity). None of them is ever put in a message: errors are scrubbed of every secret value.
"""

from __future__ import annotations

import hashlib
import os
from typing import Callable, Iterator

from ...drill.plan import SourceObject
from ...drill.secrets import scrub, without_query
from ...drill.uris import BlobLocation
from ...errors import MigrateError

# Chunk sizes bound the memory a worker holds; the SDK's default first GET is 32 MiB.
CHUNK = 4 * 1024 * 1024
_FIX_CREDENTIALS = ("set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_KEY for the account, or "
                    "AZURE_STORAGE_SAS_TOKEN with read and list rights, or sign in for DefaultAzureCredential (az login)")


def _conn_fields(conn: str) -> dict:
    fields = {}
    for part in conn.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            fields[key.strip().lower()] = value.strip()
    return fields


class BlobSource:
    """One container (and prefix) of one storage account."""

    def __init__(self, location: BlobLocation, endpoint: str | None = None, env: dict | None = None):
        from azure.storage.blob import BlobServiceClient

        env = os.environ if env is None else env
        self.location = location
        conn, key, sas = (env.get("AZURE_STORAGE_CONNECTION_STRING"), env.get("AZURE_STORAGE_KEY"),
                          env.get("AZURE_STORAGE_SAS_TOKEN"))
        self.secrets = [s for s in (conn, key, sas) if s]
        # Bounded retries so an unreachable endpoint fails in seconds, not minutes.
        options = {"max_single_get_size": CHUNK, "max_chunk_get_size": CHUNK, "retry_total": 3,
                   "retry_backoff_factor": 0.4, "connection_timeout": 20}
        if conn:
            fields = _conn_fields(conn)
            self.secrets += [v for k, v in fields.items() if k in ("accountkey", "sharedaccesssignature")]
            if fields.get("accountname") and fields["accountname"] != location.account:
                raise MigrateError("AZURE_STORAGE_CONNECTION_STRING",
                                   f"the connection string is for account {fields['accountname']!r}, not {location.account!r}",
                                   fix="use the connection string of the account named in --from")
            try:
                self.service = BlobServiceClient.from_connection_string(conn, **options)
            except ValueError:
                raise MigrateError("AZURE_STORAGE_CONNECTION_STRING", "the connection string is malformed",
                                   fix="copy it again from the portal (Access keys) or `az storage account show-connection-string`") from None
            if endpoint:
                self.service = BlobServiceClient(endpoint, credential=self.service.credential, **options)
        else:
            url = endpoint or f"https://{location.account}.blob.core.windows.net"
            if key:
                credential = {"account_name": location.account, "account_key": key}
            elif sas:
                credential = sas.lstrip("?")
            else:
                from azure.identity import DefaultAzureCredential

                credential = DefaultAzureCredential()
            self.service = BlobServiceClient(url, credential=credential, **options)
        self.endpoint = without_query(self.service.url).rstrip("/")
        self.container = self.service.get_container_client(location.container)

    def _error(self, exc: Exception, doing: str) -> MigrateError:
        from azure.core.exceptions import ClientAuthenticationError, ResourceNotFoundError, ServiceRequestError

        where = f"{self.endpoint}/{self.location.container}"
        if isinstance(exc, ClientAuthenticationError) or getattr(exc, "status_code", None) == 403:
            return MigrateError(where, f"Azure refused the credentials while {doing}", fix=_FIX_CREDENTIALS)
        if isinstance(exc, ResourceNotFoundError):
            return MigrateError(where, f"container {self.location.container!r} not found",
                                fix="check the account and container names in --from")
        if isinstance(exc, ServiceRequestError):
            return MigrateError(self.endpoint, f"Azure Blob endpoint unreachable while {doing}",
                                fix="check the account name, --blob-endpoint and the network path (proxy, firewall)")
        message = scrub(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, self.secrets)
        return MigrateError(where, f"Azure error while {doing}: {message}", fix="check the account, container and rights")

    def list(self) -> list[SourceObject]:
        """Every blob under the prefix (a credential or endpoint problem is a MigrateError)."""
        try:
            blobs = list(self.container.list_blobs(name_starts_with=self.location.prefix or None))
        except Exception as exc:  # noqa: BLE001 - every SDK failure becomes one clear line
            raise self._error(exc, "listing the container") from None
        out = []
        for b in blobs:
            md5 = b.content_settings.content_md5 if b.content_settings else None
            out.append(SourceObject(b.name, int(b.size), str(b.etag).strip('"'), bytes(md5).hex() if md5 else None,
                                    str(b.blob_tier or "").lower() == "archive"))
        return out

    def open(self, obj: SourceObject, on_bytes: Callable[[int], None] | None = None) -> "HashingReader":
        """A file-like stream of the blob as it was listed (a changed blob fails rather than mixing versions)."""
        from azure.core import MatchConditions

        downloader = self.container.download_blob(obj.name, etag=f'"{obj.etag}"', match_condition=MatchConditions.IfNotModified,
                                                  max_concurrency=1)
        return HashingReader(downloader.chunks(), on_bytes)

    def describe(self) -> dict:
        return {"kind": "azure-blob", "account": self.location.account, "container": self.location.container,
                "prefix": self.location.prefix, "endpoint": self.endpoint}


class HashingReader:
    """Read-only, forward-only file object over download chunks; hashes the bytes as they pass.

    Holds at most one download chunk, so memory stays bounded whatever the blob size.
    """

    def __init__(self, chunks: Iterator[bytes], on_bytes: Callable[[int], None] | None = None):
        self._chunks = chunks
        self._buffer = b""
        self._md5 = hashlib.md5()
        self.size = 0
        self._on_bytes = on_bytes

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._buffer) < n:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if n < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:n], self._buffer[n:]
        self._md5.update(data)
        self.size += len(data)
        if self._on_bytes and data:
            self._on_bytes(len(data))
        return data

    @property
    def md5(self) -> str:
        return self._md5.hexdigest()
