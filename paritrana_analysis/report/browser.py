"""The report as a browser shows it: every image loads, nothing is wider than a phone.

Drives the system's Chromium (Debian's ``chromium`` package) through Playwright's
``executable_path``: no browser download. `check_pages` opens each page at a phone's
width (390 px) and a desktop's, lists what is wrong, and saves a full-page screenshot of
each, so a person can look at them too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
WIDTHS = (390, 1280)

_BROKEN_IMAGES = """() => Array.from(document.images)
    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))"""
_WIDE = """() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
        out.push('page ' + document.documentElement.scrollWidth + ' px wide');
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > window.innerWidth + 1)
            out.push(el.tagName.toLowerCase() + ' ends at ' + Math.round(r.right) + ' px');
    }
    return out.slice(0, 5);
}"""


def chromium() -> str | None:
    """The system Chromium's path, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def available() -> bool:
    """True when Playwright and a system Chromium are both there."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return chromium() is not None


def check_pages(pages: dict[str, Path], screenshots: Path, widths=WIDTHS) -> list[str]:
    """Open each page ({name: path}) at each width; return the problems ("summary
    @390px: image x.png did not load", "... ends at 512 px") and save screenshots as
    ``<screenshots>/<name>-<width>.png``."""
    from playwright.sync_api import sync_playwright

    screenshots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium(), args=FLAGS, headless=True)
        try:
            for name, path in pages.items():
                for width in widths:
                    problems += _check(browser, name, Path(path), width, screenshots)
        finally:
            browser.close()
    return problems


def _check(browser, name: str, path: Path, width: int, screenshots: Path) -> list[str]:
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto(path.resolve().as_uri())
        page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => Array.from(document.images).every(i => i.complete)",
                               timeout=20_000)
        where = f"{name} @{width}px"
        out = [f"{where}: image {src} did not load" for src in page.evaluate(_BROKEN_IMAGES)]
        if width <= 400:
            out += [f"{where}: {what}" for what in page.evaluate(_WIDE)]
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
        return out
    finally:
        page.close()
