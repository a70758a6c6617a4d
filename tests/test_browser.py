"""The summary page and the gallery in a real browser (Debian's chromium through
Playwright, no browser download): every image loads, nothing is wider than a 390 px
phone; screenshots are saved under reports/screenshots for a person to look at.
Skipped where chromium or playwright is not installed (.ci/run installs both)."""

import pytest

from paritrana_analysis import load_all, paths
from paritrana_analysis.report import browser
from paritrana_analysis.report import build as report
from paritrana_analysis.report import headlines as h
from paritrana_analysis.report.standard_set import chart_folder, export_standard_set

pytestmark = pytest.mark.skipif(not browser.available(),
                                reason="chromium or playwright not installed")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_page_and_gallery_load_every_image_and_fit_a_phone(tmp_path, lang):
    data = load_all()
    folder = tmp_path / "report"
    folder.mkdir()
    export_standard_set(out_dir=folder / "figures", lang=lang, region="ID-SS", data=data,
                        formats=("png",))
    entries = [("02_cakupan_provinsi", "\n".join(
        f"{k}: {v}" for k, v in h.provincial(data["coverage"], data["targets"],
                                             data["workforce"], region="ID-SS",
                                             lang=lang).items()))]
    page = report.write_index(entries, "ID-SS", folder, lang=lang, data=data)
    gallery = chart_folder(folder / "figures", "ID-SS", lang) / "index.html"
    shots = paths.REPORTS_DIR / "screenshots"
    problems = browser.check_pages({f"summary-{lang}": page,
                                    f"gallery-ID-SS_{lang}": gallery}, shots)
    assert problems == []
    assert (shots / f"summary-{lang}-390.png").exists()
    assert (shots / f"gallery-ID-SS_{lang}-1280.png").exists()
    text = page.read_text(encoding="utf-8")
    assert f"lang='{lang}'" in text and text.count("<img") == 5  # 3 key, 2 kabupaten/kota


def test_a_broken_image_and_a_wide_table_are_caught(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><meta name='viewport' content='width=device-width'>"
                    "<img src='missing.png' alt='x'><table style='width:900px'><tr><td>x"
                    "</td></tr></table>", encoding="utf-8")
    problems = browser.check_pages({"bad": page}, tmp_path / "shots", widths=(390,))
    assert any("missing.png did not load" in p for p in problems)
    assert any("900" in p or "table ends" in p for p in problems)
