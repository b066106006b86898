"""Headless Chromium (Debian's chromium and chromium-driver) with the network off, for the output tests.

Every request that is not for a local file is blocked in the browser (DevTools'
Network.setBlockedURLs) and host names resolve to nothing, so a page that
needs the internet shows it; `requests()` lists every URL the page asked for.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Without these the browser hangs on connections a closed network never answers.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--autoplay-policy=no-user-gesture-required",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1280,900",
)
OFFLINE = ["http://*", "https://*", "ws://*", "wss://*"]


@contextlib.contextmanager
def chromium():
    """A selenium driver for headless Chromium with a fresh profile and no network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_AVOID_STATS", "true")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            driver.set_page_load_timeout(60)
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": OFFLINE})
            yield driver
        finally:
            driver.quit()


def requests(driver) -> list[str]:
    """Every URL the browser has asked for since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait_for(driver, script: str, timeout: float = 30.0, *args):
    """Poll a JavaScript expression (`return ...`) until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script, *args)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {script}")
        time.sleep(0.2)


def screenshot(driver, path: Path):
    """Save a PNG of the page and return it as an RGB array."""
    import numpy as np
    from PIL import Image

    png = base64.b64decode(driver.get_screenshot_as_base64())
    path.write_bytes(png)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def not_blank(pixels) -> bool:
    """Something is drawn: a good share of the pixels differ from the most common colour."""
    import numpy as np

    flat = pixels.reshape(-1, 3)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    return (np.abs(flat - background).max(axis=1) > 24).mean() > 0.02


def drawn_screenshot(driver, path: Path, timeout: float = 20.0) -> bool:
    """Screenshots until one shows something (a busy machine paints a video's first frame late)."""
    deadline = time.monotonic() + timeout
    while not not_blank(screenshot(driver, path)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True
