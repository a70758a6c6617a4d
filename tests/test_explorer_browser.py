"""The explorer in a real browser: JupyterLab on a free localhost port, the explorer
notebook run in Debian's chromium (Playwright from PyPI, no downloaded browser), a widget
changed, and the figure table and the chart on screen change with it.

Skipped when chromium or Playwright is absent. The notebook runs from a copy in a
temporary folder, so JupyterLab's autosave never writes outputs into notebooks/."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from paritrana_analysis import paths
from paritrana_analysis.report import browser

TOKEN = "paritrana-test"

pytestmark = pytest.mark.skipif(not browser.available(),
                                reason="chromium or playwright not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url}")


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving a copy of the explorer notebook; its own config and runtime
    folders; stopped (the process we started, by its id) afterwards."""
    shutil.copy(paths.NOTEBOOKS_DIR / "00_jelajah.ipynb", tmp_path / "00_jelajah.ipynb")
    port = _free_port()
    env = {**os.environ, "PARITRANA_BUNDLED_ONLY": "1", "MPLBACKEND": "Agg",
           "JUPYTER_CONFIG_DIR": str(tmp_path / ".config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / ".runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / ".workspaces"),
           "PARITRANA_HOME": str(paths.PROJECT_DIR)}
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", f"--ServerApp.token={TOKEN}",
               f"--ServerApp.root_dir={tmp_path}", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", 90)
        yield f"http://127.0.0.1:{port}/lab/tree/00_jelajah.ipynb?token={TOKEN}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _shown(page) -> tuple[str, str, str]:
    """(figure table, first tab's text, first tab's chart) as the browser shows them."""
    table = page.locator("table.paritrana-figures").first.inner_text()
    pane = page.locator(".jupyter-widgets .widget-tab .jp-OutputArea").first
    image = pane.locator("img").first.get_attribute("src") or ""
    return table, pane.inner_text(), image


def test_explorer_in_jupyterlab_responds_to_a_widget(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=browser.chromium(), args=browser.FLAGS)
        try:
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(lab)
            page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget"
                                   " && window.jupyterapp.shell.currentWidget.sessionContext"
                                   " && window.jupyterapp.shell.currentWidget.sessionContext"
                                   ".session", timeout=120_000)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.locator("table.paritrana-figures").first.wait_for(timeout=180_000)
            page.locator(".jupyter-widgets .widget-tab img").first.wait_for(timeout=60_000)
            table, pane, image = _shown(page)
            assert "RimauNews" in table and "31,33%" in table
            assert "Sumatera Selatan baru 31,33%" in pane
            region = page.locator(".widget-dropdown select").first
            region.select_option(label="Jambi (ID-JA)")
            page.wait_for_function(
                "document.querySelector('table.paritrana-figures').innerText"
                ".includes('InfoEkonomi')", timeout=120_000)
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.widget-tab .jp-OutputArea'))"
                ".some(e => e.innerText.includes('Jambi baru sekitar 44%'))", timeout=60_000)
            table_after, pane_after, image_after = _shown(page)
            assert "RimauNews" not in table_after and "44%" in table_after
            assert "Jambi baru sekitar 44%" in pane_after
            assert image_after.startswith("data:image/png") and image_after != image
        finally:
            chromium.close()
