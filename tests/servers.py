"""Run `kb serve` nodes in subprocesses for tests that need real HTTP servers."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = Path(sys.executable).with_name("kb")


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str, timeout: float = 10.0) -> tuple[int, dict]:
    """GET a JSON document; return the status and the body (also for error statuses)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@dataclass
class Node:
    """One node: an instance folder (its own index), a port, a `kb serve` process group."""

    name: str
    instance: Path
    database_url: str
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    settings: dict[str, str] = field(default_factory=dict)  # more KB_* variables

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def index_path(self) -> Path:
        return self.instance / "search_index"

    def env(self) -> dict[str, str]:
        """Return the environment a process of this node runs with."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("KB_")}
        env.update(KB_INSTANCE_PATH=str(self.instance), KB_DATABASE_URL=self.database_url,
                   KB_NODE_NAME=self.name, KB_SECRET_KEY="test-secret")
        env.update(self.settings)
        return env

    def start(self) -> Node:
        """Start `kb serve` in its own process group (so it can be killed as a whole)."""
        self.instance.mkdir(parents=True, exist_ok=True)
        with (self.instance / "serve.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(KB), "serve", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(self.workers)],
                cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        return self

    def wait_healthy(self, timeout: float = 120.0) -> dict:
        """Wait until /healthz answers 200; return its body."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.log()
            try:
                status, body = get_json(f"{self.base}/healthz", timeout=5)
            except OSError:
                status, body = 0, {}
            if status == 200:
                return body
            time.sleep(0.2)
        raise AssertionError(f"{self.name} not healthy after {timeout} s:\n{self.log()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the node's whole process group and wait for the master."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), killing what is left after a while."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        else:
            # Workers normally leave with the master; make sure no straggler stays.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def log(self) -> str:
        path = self.instance / "serve.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def search_ids(self, query: str) -> set[str]:
        """Return the ids of the public search results for `query` through this node."""
        from urllib.parse import urlencode

        status, body = get_json(f"{self.base}/api/v1/search?"
                                + urlencode({"q": query, "per_page": 50}))
        assert status == 200, body
        return {hit["id"] for hit in body["results"]}
