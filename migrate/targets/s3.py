"""Write to and check S3-compatible object storage (the only module that knows boto3).

Credentials come from the standard AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE,
shared credentials file); they are never put in a message.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass

from ..drill.plan import TargetObject
from ..drill.secrets import scrub
from ..drill.uris import S3Location
from ..errors import MigrateError

READ_CHUNK = 1024 * 1024
_FIX_CREDENTIALS = ("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to an access key of the "
                    "target project with read/write rights on the bucket")


@dataclass(frozen=True)
class TransferSettings:
    """boto3 multipart settings: objects of ``multipart_threshold`` bytes or more go in parts of ``chunk`` bytes."""

    multipart_threshold: int = 8 * 1024 * 1024
    multipart_chunksize: int = 8 * 1024 * 1024

    def config(self):
        from boto3.s3.transfer import TransferConfig

        # One part in flight per object: parallelism comes from the drill's workers (one object each),
        # so memory stays at about one part per worker even for a non-seekable download stream.
        return TransferConfig(multipart_threshold=self.multipart_threshold, multipart_chunksize=self.multipart_chunksize,
                              use_threads=False)


class S3Target:
    """One bucket (and prefix) behind one S3 endpoint."""

    def __init__(self, location: S3Location, endpoint_url: str | None, region: str | None, provider: str | None = None,
                 transfer: TransferSettings = TransferSettings(), addressing_style: str = "path"):
        import boto3
        from botocore.config import Config

        self.location, self.endpoint_url, self.region, self.provider = location, endpoint_url, region, provider
        self.transfer = transfer
        session = boto3.session.Session()
        creds = session.get_credentials()
        if creds is None:
            raise MigrateError(self.where, "no S3 credentials found", fix=_FIX_CREDENTIALS)
        frozen = creds.get_frozen_credentials()
        self.secrets = [s for s in (frozen.secret_key, frozen.token, os.environ.get("AWS_SECRET_ACCESS_KEY"),
                                    os.environ.get("AWS_SESSION_TOKEN")) if s]
        config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=120,
                        s3={"addressing_style": addressing_style})
        self.client = session.client("s3", endpoint_url=endpoint_url, region_name=region or "us-east-1", config=config)

    @property
    def where(self) -> str:
        return f"{self.endpoint_url or 'AWS S3'} bucket {self.location.bucket}"

    def describe(self) -> dict:
        return {"kind": "s3", "bucket": self.location.bucket, "prefix": self.location.prefix,
                "endpoint_url": self.endpoint_url, "region": self.region, "provider": self.provider}

    # ------------------------------------------------------------------ errors
    def error(self, exc: Exception, doing: str) -> MigrateError:
        """One line for an SDK failure, naming the endpoint and the fix; never a secret."""
        from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

        if isinstance(exc, NoCredentialsError):
            return MigrateError(self.where, "no S3 credentials found", fix=_FIX_CREDENTIALS)
        if isinstance(exc, EndpointConnectionError) or type(exc).__name__ in ("ConnectTimeoutError", "ReadTimeoutError"):
            return MigrateError(self.endpoint_url or "AWS S3", f"S3 endpoint unreachable while {doing}",
                                fix="check --endpoint-url (or --provider/--region) and the network path")
        if isinstance(exc, ClientError):
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "AccessDenied",
                        "AuthorizationHeaderMalformed", "InvalidSecurity") or status == 403:
                return MigrateError(self.where, f"the S3 endpoint refused the credentials while {doing} ({code or status})",
                                    fix=_FIX_CREDENTIALS)
            if code in ("NoSuchBucket",) or (status == 404 and doing == "opening the bucket"):
                return MigrateError(self.where, "bucket not found",
                                    fix="create it, or run `migrate target check s3://BUCKET --create` with the same endpoint")
            return MigrateError(self.where, f"S3 error while {doing}: {code or status}: "
                                f"{scrub(exc.response.get('Error', {}).get('Message', ''), self.secrets)}",
                                fix="check the bucket, region and rights")
        return MigrateError(self.where, f"S3 failure while {doing}: {scrub(str(exc), self.secrets)}",
                            fix="check the endpoint and bucket")

    # ------------------------------------------------------------------ drill operations
    def open_bucket(self) -> None:
        """Fail early (MigrateError) when the bucket cannot be reached with these credentials."""
        try:
            self.client.head_bucket(Bucket=self.location.bucket)
        except Exception as exc:  # noqa: BLE001
            raise self.error(exc, "opening the bucket") from None

    def sizes(self) -> dict[str, int]:
        """Size of every object under the prefix: one listing instead of a HEAD per object to copy."""
        out: dict[str, int] = {}
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.location.bucket, Prefix=self.location.prefix):
                for obj in page.get("Contents", []):
                    out[obj["Key"]] = int(obj["Size"])
        except Exception as exc:  # noqa: BLE001
            raise self.error(exc, "listing the bucket") from None
        return out

    def head(self, key: str) -> TargetObject | None:
        from botocore.exceptions import ClientError

        try:
            r = self.client.head_object(Bucket=self.location.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                return None
            raise
        return TargetObject(key, int(r["ContentLength"]), dict(r.get("Metadata") or {}))

    def upload(self, key: str, stream, metadata: dict) -> None:
        """Stream ``stream`` to ``key`` (multipart above the threshold); the object appears only when complete."""
        self.client.upload_fileobj(stream, self.location.bucket, key, ExtraArgs={"Metadata": metadata},
                                   Config=self.transfer.config())

    def read_md5(self, key: str, on_bytes=None) -> tuple[str, int]:
        """MD5 and size of the stored object, read back in chunks."""
        body = self.client.get_object(Bucket=self.location.bucket, Key=key)["Body"]
        md5, size = hashlib.md5(), 0
        for chunk in body.iter_chunks(READ_CHUNK):
            md5.update(chunk)
            size += len(chunk)
        return md5.hexdigest(), size

    def set_metadata(self, key: str, metadata: dict) -> None:
        """Replace the object's metadata by a server-side copy onto itself (multipart copy for large objects)."""
        self.client.copy({"Bucket": self.location.bucket, "Key": key}, self.location.bucket, key,
                         ExtraArgs={"Metadata": metadata, "MetadataDirective": "REPLACE"}, Config=self.transfer.config())

    # ------------------------------------------------------------------ target check
    def check(self, create: bool = False) -> list[dict]:
        """Checks of `migrate target check`: rows of {check, status (ok|FAIL|info), detail}. Stops at a blocking failure."""
        from botocore.exceptions import ClientError

        rows: list[dict] = []
        bucket = self.location.bucket

        def add(check, status, detail):
            rows.append({"check": check, "status": status, "detail": detail})

        try:
            self.client.head_bucket(Bucket=bucket)
            add("credentials", "ok", "the endpoint accepted the signed request")
            add("bucket", "ok", f"{bucket} reachable")
        except Exception as exc:  # noqa: BLE001
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") if isinstance(exc, ClientError) else None
            if status == 404 and create:
                add("credentials", "ok", "the endpoint accepted the signed request")
                try:
                    kwargs = {"Bucket": bucket}
                    if self.region and self.region != "us-east-1":
                        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
                    self.client.create_bucket(**kwargs)
                    add("bucket", "ok", f"{bucket} created")
                except Exception as exc2:  # noqa: BLE001
                    add("bucket", "FAIL", self.error(exc2, "creating the bucket").one_line())
                    return rows
            elif status == 404:
                add("credentials", "ok", "the endpoint accepted the signed request")
                add("bucket", "FAIL", f"{bucket} not found (fix: create it, or add --create)")
                return rows
            else:
                err = self.error(exc, "opening the bucket")
                add("credentials" if "credentials" in err.problem else "endpoint", "FAIL", err.one_line())
                return rows
        self._multipart(add)
        add("versioning", "info", self._versioning())
        add("object lock", "info", self._object_lock())
        self._probe(add)
        return rows

    def _multipart(self, add) -> None:
        # The drill uploads large objects in parts: check the API answers before a long copy needs it.
        key = f"{self.location.prefix.rstrip('/') + '/' if self.location.prefix else ''}.migrate-probe-mpu-{uuid.uuid4().hex}"
        try:
            upload = self.client.create_multipart_upload(Bucket=self.location.bucket, Key=key)
            self.client.abort_multipart_upload(Bucket=self.location.bucket, Key=key, UploadId=upload["UploadId"])
            add("multipart", "ok", "multipart upload started and aborted")
        except Exception as exc:  # noqa: BLE001
            add("multipart", "FAIL", self.error(exc, "starting a multipart upload").one_line())

    def _versioning(self) -> str:
        try:
            status = self.client.get_bucket_versioning(Bucket=self.location.bucket).get("Status")
        except Exception as exc:  # noqa: BLE001
            return f"not supported or not readable ({self._code(exc)})"
        return f"supported, {status.lower()} on this bucket" if status else "supported, never enabled on this bucket"

    def _object_lock(self) -> str:
        try:
            conf = self.client.get_object_lock_configuration(Bucket=self.location.bucket)["ObjectLockConfiguration"]
        except Exception as exc:  # noqa: BLE001
            code = self._code(exc)
            if code == "ObjectLockConfigurationNotFoundError":
                return "supported by the API, not enabled on this bucket (enable it at bucket creation)"
            return f"not supported or not readable ({code})"
        rule = conf.get("Rule", {}).get("DefaultRetention")
        return f"enabled{f' (default retention {rule})' if rule else ''}"

    @staticmethod
    def _code(exc: Exception) -> str:
        r = getattr(exc, "response", None) or {}
        return r.get("Error", {}).get("Code") or type(exc).__name__

    def _probe(self, add) -> None:
        bucket = self.location.bucket
        key = f"{self.location.prefix.rstrip('/') + '/' if self.location.prefix else ''}.migrate-probe-{uuid.uuid4().hex}"
        body = b"migrate target check probe\n" * 64
        try:
            self.client.put_object(Bucket=bucket, Key=key, Body=body)
            add("write", "ok", f"{len(body)} bytes written to {key}")
        except Exception as exc:  # noqa: BLE001
            add("write", "FAIL", self.error(exc, "writing the probe object").one_line())
            return
        try:
            got = self.client.get_object(Bucket=bucket, Key=key)["Body"].read()
            same = hashlib.md5(got).hexdigest() == hashlib.md5(body).hexdigest()
            add("read", "ok" if same else "FAIL", "read back, MD5 identical" if same else "read back, content differs")
        except Exception as exc:  # noqa: BLE001
            add("read", "FAIL", self.error(exc, "reading the probe object").one_line())
        try:
            self.client.delete_object(Bucket=bucket, Key=key)
            add("delete", "ok", "probe object deleted")
        except Exception as exc:  # noqa: BLE001
            add("delete", "FAIL", self.error(exc, "deleting the probe object").one_line())
