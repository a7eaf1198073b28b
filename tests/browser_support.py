"""Helpers for the browser tests: Debian's Chromium driven by Selenium, the archive served by
``xxgk serve`` in a subprocess, and screenshots a person can look at.

Chromium and ChromeDriver come from Debian's packages (``scripts/install-system-deps.sh``, which
``make test`` runs first); Selenium never downloads a browser or a driver here.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from xxgk.cli.processes import PROJECT_ROOT, stop
from support import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1280, 1800)
# The flags that work on these machines: without the background-networking ones Chromium keeps
# opening connections that the closed network refuses.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
]


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (path.is_file() and os.access(path, os.X_OK)):
            return (f"{path} not found: run scripts/install-system-deps.sh as root "
                    f"(installs Debian's {package})")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    return None


def missing_chinese_font() -> str | None:
    """Why Chinese would show as empty boxes in the screenshots, or None when a CJK font is there."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return "fc-list not found (fontconfig is not installed)"
    families = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True,
                              text=True).stdout.strip()
    if not families:
        return ("no font for Chinese is installed: run scripts/install-system-deps.sh as root "
                "(installs fonts-noto-cjk)")
    return None


def wait_until_answers(url: str, proc: subprocess.Popen | None = None, timeout=60.0) -> None:
    """Poll ``url`` until it answers 200; fail early if ``proc`` died."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode} before answering:\n{out}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = error
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s (last error: {last})")


@contextlib.contextmanager
def serving_archive(db_path: Path, log_path: Path):
    """Run ``xxgk serve --db DB --port <free>`` as a user would and yield its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "xxgk", "serve", "--db", str(db_path),
           "--port", str(port)]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_answers(base + "/", proc)
        except Exception as error:
            raise RuntimeError(f"{error}\n--- xxgk serve log ---\n"
                               f"{log_path.read_text(encoding='utf-8')}") from None
        yield base
    finally:
        stop(proc)


@contextlib.contextmanager
def chromium(download_dir: Path | None = None):
    """A headless Debian Chromium under Selenium, with a fresh empty profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="xxgk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh,en"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_window_size(*WINDOW)
        driver.set_page_load_timeout(60)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, directories: list[Path], name: str) -> list[Path]:
    """Save what the browser shows as ``<name>.png`` in each directory; return the paths."""
    saved = []
    png = driver.get_screenshot_as_png()
    for directory in directories:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{name}.png"
        path.write_bytes(png)
        saved.append(path)
    return saved


def console_errors(driver) -> list[str]:
    """SEVERE messages of the page's JavaScript console since the last call (not favicon 404s)."""
    try:
        entries = driver.get_log("browser")
    except Exception:  # a driver without the log endpoint
        return []
    return [e["message"] for e in entries
            if e.get("level") == "SEVERE" and "favicon" not in e.get("message", "")]
