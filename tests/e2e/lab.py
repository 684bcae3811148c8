"""Start and stop a private JupyterLab server for the browser tests.

The server listens on a free localhost port with a random token, keeps its runtime,
data, config and settings in a temporary folder (so notebooks open untrusted, as in a
fresh clone, and nothing from the user's ~/.jupyter leaks in), and is always stopped,
kernels included, when the ``with`` block ends.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

# JupyterLab settings for a quiet, deterministic page: every cell in the DOM (no virtual
# scrolling, so every output can be inspected), no news or update checks (no network).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class JupyterLab:
    """A JupyterLab server serving ``root_dir``; use as a context manager."""

    root_dir: Path
    state_dir: Path
    python: str = sys.executable
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """A page of the server, logged in through the token."""
        return f"{self.base_url}/{path.lstrip('/')}?token={self.token}"

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("runtime", "data", "config", "ipython"):
            (self.state_dir / name).mkdir(parents=True, exist_ok=True)
        env.update({
            "JUPYTER_RUNTIME_DIR": str(self.state_dir / "runtime"),
            "JUPYTER_DATA_DIR": str(self.state_dir / "data"),
            "JUPYTER_CONFIG_DIR": str(self.state_dir / "config"),
            "IPYTHONDIR": str(self.state_dir / "ipython"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONHASHSEED": "0",
        })
        return env

    def _write_settings(self) -> Path:
        settings = self.state_dir / "lab-user-settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        return settings

    def start(self, timeout: float = 90.0) -> None:
        """Start the server and wait until its API answers."""
        self.port = self.port or free_port()
        self.log_path = self.state_dir / "jupyterlab.log"
        command = [
            self.python, "-m", "jupyterlab",
            "--no-browser", "--ServerApp.open_browser=False", "--allow-root",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--LabApp.user_settings_dir={self._write_settings()}",
            f"--LabApp.workspaces_dir={self.state_dir / 'workspaces'}",
        ]
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        env=self._environment(), start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/status?token={self.token}", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        """The server's output so far (for failure messages)."""
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path and self.log_path.exists() else ""

    def _descendants(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: float = 20.0) -> list[int]:
        """Stop the server and its kernels; returns the ids of processes that had to be killed."""
        if self.process is None:
            return []
        # Kernels run in sessions of their own, so remember them before the server goes.
        family = [psutil.Process(self.process.pid)] if self.process.poll() is None else []
        family += self._descendants()
        if self.process.poll() is None:
            try:  # the clean way: the server shuts its kernels down, then itself
                request = urllib.request.Request(f"{self.base_url}/api/shutdown?token={self.token}", method="POST")
                urllib.request.urlopen(request, timeout=5).close()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        _gone, alive = psutil.wait_procs(family, timeout=timeout)
        killed = []
        for leftover in alive:
            try:
                leftover.kill()
                killed.append(leftover.pid)
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(alive, timeout=5)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None
        return killed

    def __enter__(self) -> "JupyterLab":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
