"""Real storage servers on 127.0.0.1 for the drill tests: Azurite (source) and moto's S3 server (target).

Each is a subprocess on a free port, stopped by the fixture that started it. Azurite is installed by
tests/install-servers into .test-servers/azurite.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AZURITE = ROOT / ".test-servers" / "azurite" / "node_modules" / ".bin" / "azurite-blob"
# Azurite's development account and key are public (documented by Microsoft for the emulator).
DEV_ACCOUNT = "devstoreaccount1"
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not open port {port} within {timeout} s")


class Server:
    def __init__(self, args: list[str], port: int, what: str, env: dict | None = None, workdir: Path | None = None):
        self.port, self.what, self.workdir = port, what, workdir
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, **(env or {})})
        _wait_port(port, self.proc, what)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


def start_azurite() -> Server:
    if not AZURITE.exists():
        raise RuntimeError(f"Azurite not installed at {AZURITE}: run tests/install-servers")
    # In memory: nothing to clean up, and the 101 MiB test blob is not written to a shared disk.
    port = free_port()
    server = Server([str(AZURITE), "--silent", "--inMemoryPersistence", "--blobHost", "127.0.0.1",
                     "--blobPort", str(port), "--skipApiVersionCheck"], port, "azurite")
    server.url = f"http://127.0.0.1:{port}/{DEV_ACCOUNT}"
    return server


def start_moto(env: dict | None = None) -> Server:
    port = free_port()
    server = Server([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], port, "moto", env=env)
    server.url = f"http://127.0.0.1:{port}"
    return server


def connection_string(blob_url: str) -> str:
    return f"DefaultEndpointsProtocol=http;AccountName={DEV_ACCOUNT};AccountKey={DEV_KEY};BlobEndpoint={blob_url};"


def seeded_bytes(size: int, seed: int) -> bytes:
    """Deterministic, incompressible-looking content: a 1 MiB seeded block repeated with a varying counter."""
    block = random.Random(seed).randbytes(min(size, 1 << 20) or 1)
    out = bytearray()
    i = 0
    while len(out) < size:
        out += i.to_bytes(8, "big") + block[8:]
        i += 1
    return bytes(out[:size])


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()
