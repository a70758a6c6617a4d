"""export_chart: fixed pixel sizes, byte-identical files, footer sources, CSV safety."""

import struct

import numpy as np
import pandas as pd
import pytest

import paritrana_analysis.charts as C
from paritrana_analysis.charts import examples as ex
from paritrana_analysis.charts.export import (
    export_chart,
    neutralise_formulas,
    source_entries,
    source_line,
)

KINDS = ("png", "png2x", "svg", "pdf", "csv", "txt")


def _png_size(path):
    head = path.read_bytes()[:24]
    return struct.unpack(">II", head[16:24])


def _png_text_chunks(path):
    data = path.read_bytes()
    pos, keys = 8, []
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            keys.append(data[pos + 8:pos + 8 + length].split(b"\0")[0].decode())
        pos += 12 + length
    return keys


@pytest.fixture(scope="module")
def cov():
    return ex.coverage_example()


def _bullet(cov):
    return C.region_progress_chart(cov, ex.targets_example(), region="ID-SS")


TITLE = "Sumatera Selatan baru 31,33%, target 51% tahun 2025"
SUBTITLE = "Cakupan UCJ (%), Sumatera Selatan, Agustus 2025"


@pytest.mark.parametrize("size,expected", [("landscape", (1200, 675)),
                                           ("square", (1080, 1080)),
                                           ("portrait", (1080, 1350))])
def test_pixel_sizes(cov, tmp_path, size, expected):
    paths = export_chart(_bullet(cov), "bullet", title=TITLE, subtitle=SUBTITLE, size=size,
                         out_dir=tmp_path, formats=("png", "png2x", "svg"))
    assert set(paths) == {"png", "png2x", "svg", "csv", "txt"}
    assert _png_size(paths["png"]) == expected
    assert _png_size(paths["png2x"]) == (2 * expected[0], 2 * expected[1])
    svg = paths["svg"].read_text()
    assert f'width="{expected[0] * 0.72:g}pt"' in svg


def test_wrong_size_and_name_refused(cov, tmp_path):
    fig = _bullet(cov)
    with pytest.raises(ValueError, match="size"):
        export_chart(fig, "x", title="t", subtitle="s", size="a4", out_dir=tmp_path)
    for bad in ("../escape", "a/b", "", " spaced"):
        with pytest.raises(ValueError, match="name"):
            export_chart(fig, bad, title="t", subtitle="s", out_dir=tmp_path)


def test_same_input_same_bytes(cov, tmp_path):
    a = export_chart(_bullet(cov), "bullet", title=TITLE, subtitle=SUBTITLE,
                     out_dir=tmp_path / "a")
    b = export_chart(_bullet(cov), "bullet", title=TITLE, subtitle=SUBTITLE,
                     out_dir=tmp_path / "b")
    for kind in KINDS:
        assert a[kind].read_bytes() == b[kind].read_bytes(), kind
    # Exporting the same figure again (e.g. another size and back) changes nothing.
    fig = _bullet(cov)
    export_chart(fig, "bullet", title=TITLE, subtitle=SUBTITLE, out_dir=tmp_path / "c",
                 size="square", formats=("png",))
    c = export_chart(fig, "bullet", title=TITLE, subtitle=SUBTITLE, out_dir=tmp_path / "c")
    for kind in KINDS:
        assert a[kind].read_bytes() == c[kind].read_bytes(), kind


def test_no_timestamps_or_software_metadata(cov, tmp_path):
    paths = export_chart(_bullet(cov), "bullet", title=TITLE, subtitle=SUBTITLE,
                         out_dir=tmp_path)
    assert "Software" not in _png_text_chunks(paths["png"])
    svg = paths["svg"].read_text()
    assert "<dc:date>" not in svg
    pdf = paths["pdf"].read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf


def test_svg_text_numbers_source_and_title(cov, tmp_path):
    paths = export_chart(_bullet(cov), "bullet", title=TITLE, subtitle=SUBTITLE,
                         out_dir=tmp_path, formats=("svg",),
                         alt="Diagram peluru cakupan Sumatera Selatan.")
    svg = paths["svg"].read_text()
    assert "<text" in svg and "Source Sans 3" in svg  # text kept as text
    assert "31,33%" in svg and "Target 2045: 99,5%" in svg
    assert "Sumber: Contoh data uji, Kanwil; Contoh data uji, Kemendagri" in svg
    assert svg.count("<title") == 1 and f'<title id="chart-title">{TITLE}</title>' in svg
    assert '<desc id="chart-desc">Diagram peluru cakupan Sumatera Selatan.</desc>' in svg
    assert "Matplotlib v" not in svg and "creator" not in svg  # no software version
    assert "font-family: 'Source Sans 3', 'Source Sans Pro'" in svg and "sans-serif" in svg
    assert paths["txt"].read_text().strip() == "Diagram peluru cakupan Sumatera Selatan."


def test_pdf_embeds_truetype_fonts(cov, tmp_path):
    paths = export_chart(_bullet(cov), "bullet", title=TITLE, subtitle=SUBTITLE,
                         out_dir=tmp_path)
    pdf = paths["pdf"].read_bytes()
    assert b"/FontFile2" in pdf  # TrueType (Type 42) embedded, text stays text
    assert b"SourceSans3-Bold" in pdf and b"SourceSans3-Regular" in pdf


def test_csv_holds_plotted_values(cov, tmp_path):
    fig = C.provincial_ranking_chart(cov, ex.targets_example())
    paths = export_chart(fig, "ranked", title="t", subtitle="s", size="portrait",
                         out_dir=tmp_path, formats=("png",))
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel on Windows reads UTF-8 right
    table = pd.read_csv(paths["csv"], sep=";", decimal=",", encoding="utf-8-sig")
    assert len(table) == 36
    ss = table[table["Kode wilayah"] == "ID-SS"].iloc[0]  # headers in the run's language
    assert ss["Cakupan (%)"] == pytest.approx(31.33)
    assert ss["Target (%)"] == 51 and ",0;" not in raw.decode("utf-8-sig")  # whole: no ",0"
    assert ss["Tanggal data"] == "2025-08-31"
    assert table["Peringkat"].tolist() == list(range(1, 37))
    english = export_chart(fig, "ranked_en", title="t", subtitle="s", size="portrait",
                           out_dir=tmp_path, formats=("png",), lang="en")
    assert pd.read_csv(english["csv"], encoding="utf-8-sig").columns[0] == "Rank"


def test_formula_neutralisation(cov, tmp_path):
    awards = ex.awards_example()
    awards.loc[1, "winner"] = "+62 811 123"
    awards.loc[2, "winner"] = "@SUM(A1:A9)"
    awards.loc[3, "winner"] = "-1+2"
    fig = C.awards_chart(awards)
    paths = export_chart(fig, "awards", title="t", subtitle="s", out_dir=tmp_path,
                         formats=("png",))
    text = paths["csv"].read_text()
    assert "'=HYPERLINK" in text and "'+62 811 123" in text and "'@SUM(A1:A9)" in text
    assert "'-1+2" in text
    rows = pd.read_csv(paths["csv"], sep=";", encoding="utf-8-sig")
    assert not rows["Pemenang"].str.match(r"^[=+\-@]").any()
    frame = pd.DataFrame({"=bad": ["=1+1", "ok", None], "n": [-5, 3, 1]})
    safe = neutralise_formulas(frame)
    assert list(safe.columns) == ["'=bad", "n"]
    assert safe.iloc[0, 0] == "'=1+1" and safe["n"].tolist() == [-5, 3, 1]


def test_source_line_built_from_rows():
    df = pd.DataFrame({"source": ["B news, 2 Jan", "A news", "B news, 2 Jan", None, ""],
                       "target_source": ["Kemendagri", None, None, None, None]})
    assert source_entries(df) == ["A news", "B news, 2 Jan", "Kemendagri"]
    assert source_line(df) == "Sumber: A news; B news, 2 Jan; Kemendagri"
    assert source_line(["b", "a", "a"], "en") == "Source: a; b"
    assert source_line(pd.DataFrame({"x": [1]})) == ""


def test_sources_name_each_outlet_once_with_its_dates():
    rows = ["RimauNews; AkselNews; Koranlapos, 27 Agu 2025", "RimauNews; Koranlapos, 27 Agu 2025",
            "Warta In, 29 Apr 2025", "Narasi21, Des 2025", "Kutipan"]
    assert source_line(rows) == ("Sumber: AkselNews, Koranlapos, RimauNews (27 Agu 2025); "
                                 "Kutipan; Narasi21 (Des 2025); Warta In (29 Apr 2025)")
    assert source_line(rows, "en", dates=False) == (
        "Source: AkselNews; Koranlapos; Kutipan; Narasi21; RimauNews; Warta In")
    assert source_line(rows, "en") == ("Source: AkselNews, Koranlapos, RimauNews (27 Aug 2025); "
                                       "Kutipan; Narasi21 (Dec 2025); Warta In (29 Apr 2025)")
    assert source_line(["Mei News, 2 Mei 2025"], "en") == "Source: Mei News (2 May 2025)"


def _inside(box, w, h, tol=1.0):
    return box.x0 >= -tol and box.y0 >= -tol and box.x1 <= w + tol and box.y1 <= h + tol


def test_long_texts_wrap_and_logo_is_not_cropped(cov, tmp_path):
    fig = _bullet(cov)
    title = "Judul yang sangat panjang tentang cakupan jaminan sosial ketenagakerjaan " * 4
    subtitle = "Subjudul panjang dengan ukuran, wilayah dan periode " * 5
    sources = [f"Sumber nomor {i} dengan nama media yang panjang, {i} Agustus 2025"
               for i in range(30)]
    logo = np.zeros((60, 240, 4))
    logo[..., 0] = 0.8
    logo[..., 3] = 1.0
    paths = export_chart(fig, "long", title=title, subtitle=subtitle, source=sources,
                         note="Catatan yang juga panjang " * 8, logo=logo, out_dir=tmp_path,
                         formats=("png", "svg"))
    assert _png_size(paths["png"]) == (1200, 675)
    renderer = fig.canvas.get_renderer()
    w, h = 1200, 675
    finish = fig._paritrana_finish
    boxes = [a.get_window_extent(renderer) for a in finish]
    assert all(_inside(b, w, h) for b in boxes)
    texts = [a for a in finish if hasattr(a, "get_text")]
    assert len(texts) == 5  # title, subtitle, stamp, source, note
    chart = fig.axes[0].get_tightbbox(renderer)
    header = [t.get_window_extent(renderer) for t in texts[:2]]
    footer = [t.get_window_extent(renderer) for t in texts[2:]]
    assert all(chart.y1 <= b.y0 + 1 for b in header)  # chart below the header
    assert all(chart.y0 >= b.y1 - 1 for b in footer)  # and above the footer
    logo_ax = [a for a in finish if getattr(a, "get_label", lambda: "")() == "paritrana-logo"]
    box = logo_ax[0].get_window_extent(renderer)
    assert _inside(box, w, h) and box.x1 <= w - 30 and box.y0 >= 10
    assert box.width / box.height == pytest.approx(4.0, rel=0.02)  # not squashed
    for footer_box in footer:
        assert footer_box.x1 <= box.x0  # source text never runs under the logo
    assert "Sumber nomor 0 " in paths["svg"].read_text()


def test_png_decodes_white_background(cov, tmp_path):
    import matplotlib.image as mpimg

    paths = export_chart(_bullet(cov), "bullet", title=TITLE, subtitle=SUBTITLE,
                         out_dir=tmp_path, formats=("png",))
    img = mpimg.imread(paths["png"])
    assert img.shape[:2] == (675, 1200)
    assert np.allclose(img[0, 0, :3], 1.0) and np.allclose(img[-1, -1, :3], 1.0)


def test_export_accepts_axes_and_english(cov, tmp_path):
    fig = C.tile_map_chart(cov, lang="en")
    paths = export_chart(fig.axes[0], "tiles", title="Coverage by province",
                         subtitle="UCJ coverage (%), August 2025", out_dir=tmp_path, lang="en",
                         formats=("svg",))
    svg = paths["svg"].read_text()
    assert "Source: Contoh data uji, Kanwil" in svg and "No data" in svg


def test_standard_set_from_bundled_data(tmp_path, capsys):
    from paritrana_analysis.report.standard_set import CHARTS, SOCIAL, export_standard_set

    written = export_standard_set(out_dir=tmp_path, lang="id", region="ID-SS",
                                  formats=("png",), sizes=("landscape", "square", "portrait"))
    out = tmp_path / "ID-SS_id"  # foldered by region and language
    pngs = sorted(p for p in written if p.suffix == ".png")
    assert len(CHARTS) + 2 * len(SOCIAL) == 17
    # and Sumatera Selatan's kabupaten/kota: four charts, the tile grid in three sizes
    regency = [p.name for p in pngs if "kabupaten_kota" in p.name]
    assert regency == ["12_kabupaten_kota_peringkat.png", "13_kabupaten_kota_kesenjangan.png",
                       "14_kabupaten_kota_peta_petak.png",
                       "14_kabupaten_kota_peta_petak_1080x1080.png",
                       "14_kabupaten_kota_peta_petak_1080x1350.png",
                       "15_kabupaten_kota_segmen.png"]
    assert len(pngs) == 17 + len(regency)
    for png in pngs:
        assert png.parent == out
        assert _png_size(png) in {(1200, 675), (1080, 1080), (1080, 1350)}
        assert png.with_suffix(".csv").exists() and png.with_suffix(".txt").exists()
    assert _png_size(out / "07_peta_petak_provinsi_1080x1080.png") == (1080, 1080)
    assert _png_size(out / "06_proyeksi_2045_1080x1350.png") == (1080, 1350)
    printed = capsys.readouterr().out
    assert str(pngs[0]) in printed and "index.html" in printed
    index = (out / "index.html").read_text()
    for png in pngs:
        assert f'href="{png.name}"' in index and f'src="{png.name}"' in index
    # 26 Nov 2026 (the fixed clock): the 2025 target has passed and was missed
    assert "Sumatera Selatan 31,33% (Agu 2025): target 51% tahun 2025 tidak tercapai" in index
    bullet = pd.read_csv(out / "03_capaian_vs_target.csv", sep=";", decimal=",",
                         encoding="utf-8-sig")
    assert bullet["Cakupan (%)"].iloc[0] == pytest.approx(31.33)
    english = export_standard_set(out_dir=tmp_path, lang="en", region="ID-JA",
                                  formats=("png",))
    assert all(p.parent == tmp_path / "ID-JA_en" for p in english)  # nothing overwritten
    assert (out / "03_capaian_vs_target.png").exists()


def test_standard_set_skips_what_a_region_lacks():
    from paritrana_analysis.report import standard_set as export_all

    data = export_all.load_chart_data()
    for key in ("segments", "projection", "reconciliation"):
        with pytest.raises(export_all.NoData):
            export_all.standard_chart(key, region="ID-PE", data=data)
    spec = export_all.standard_chart("progress", region="ID-JA", data=data)
    # Jambi's newest figure: "sekitar 580 ribu orang atau 44 persen" (17 Mar 2025)
    assert spec.title == "Jambi sekitar 44% (17 Mar 2025): target 55% tahun 2025 tidak tercapai"
    before = export_all.standard_chart("progress", region="ID-JA", data=data,
                                       as_of="2024-12-01")
    assert before.title == "Jambi baru 41,38%, target 53% tahun 2024"  # then still open
    with pytest.raises(ValueError, match="landscape only"):
        export_all.standard_chart("awards", size="square", data=data)


def test_a_region_without_regency_figures_skips_their_charts_in_one_line(tmp_path, capsys):
    from paritrana_analysis.report import standard_set

    data = standard_set.load_chart_data()
    written = standard_set.export_standard_set(out_dir=tmp_path, region="ID-AC", data=data,
                                               formats=("png",))
    assert not [p for p in written if "kabupaten_kota" in p.name]
    err = [line for line in capsys.readouterr().err.splitlines() if "kabupaten/kota" in line]
    assert err == ["SKIPPED kabupaten/kota charts: no kabupaten/kota figures for ID-AC"]
    with pytest.raises(standard_set.NoData, match="no kabupaten/kota figures for ID-AC"):
        standard_set.standard_chart("regency_ranking", region="ID-AC", data=data)
    spec = standard_set.standard_chart("regency_gap", region="ID-JA", data=data)
    # 26 Nov 2026: Jambi's 2025 target has passed, so the gap is a shortfall, not a plan
    assert spec.title == ("Kab. Batanghari masih kurang 4.214 pekerja dari target 2025 (55%) "
                          "yang sudah lewat")
    assert spec.note == "Target 2025 sudah lewat; tidak ada target provinsi untuk tahun berjalan."


def test_projection_with_months_of_history_shows_the_path_needed_not_a_trend():
    from paritrana_analysis.report import standard_set as export_all

    spec = export_all.standard_chart("projection", region="ID-SS")
    # 31,33% on 1 Aug 2025 to 99,5% on 1 Jan 2045: 68,17 points in 19,42 years.
    assert spec.title == "Sumatera Selatan perlu naik 3,5 poin per tahun untuk 99,5% pada 2045"
    assert "bukan proyeksi" in spec.note
    labels = [t.get_text() for t in spec.fig.axes[0].get_legend().get_texts()]
    assert "Jalur yang dibutuhkan" in labels and "Proyeksi" not in labels


def test_backtest_chart_of_the_national_participants():
    from paritrana_analysis.report import standard_set as export_all

    spec = export_all.standard_chart("backtest", region="ID-SS")  # no long series: national
    assert spec.name == "11_uji_balik_metode"
    # Fitted on June 2017 and Decembers 2018-2021, every method undershot December 2025.
    assert spec.title == "Dari 2021, majemuk paling dekat ke angka 2025 (meleset 21%)"
    assert spec.subtitle.startswith("Peserta aktif, Indonesia: angka akhir tahun 2017–2025")
    assert "Metode terbaik: linear, galat rata-rata 26,3% pada 4 tahun" in spec.note
    plotted = spec.fig._paritrana_panels[-1]["data"]
    misses = plotted[plotted["year"] == 2025].set_index("series")["miss_pct"].dropna()
    assert (misses < 0).all() and misses.abs().idxmin() == "compound"


def test_national_projection_rests_on_the_participants_track_record():
    from paritrana_analysis.report import standard_set as export_all

    spec = export_all.standard_chart("projection", region="ID", lang="en")
    assert spec.title == "At the 2017–2025 pace, participants reach 99 million by 2045"
    assert "capped at the 99 million potential workers" in spec.subtitle
    assert spec.note.startswith("Method chosen by backtest: linear, mean error 25.0% at 5")
    legend = [t.get_text() for t in spec.fig.axes[0].get_legend().get_texts()]
    assert "Range: 80% of backtest errors" in legend


def test_show_chart_says_in_plain_words_when_a_region_has_no_data(capsys, tmp_path):
    from paritrana_analysis.charts import show_chart

    assert show_chart("segments", region="ID-JA", out_dir=tmp_path) is None
    assert "tidak memuat angka untuk grafik ini di Jambi" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_standard_set_reuses_charts_already_exported_in_the_folder(tmp_path, capsys):
    from paritrana_analysis.report import standard_set as export_all

    data = export_all.load_chart_data()
    export_all.show_chart("segments", region="ID-SS", out_dir=tmp_path, data=data)
    png = tmp_path / "ID-SS_id" / "04_segmen_terlindungi.png"
    before = png.stat().st_mtime_ns
    written = export_all.export_standard_set(out_dir=tmp_path, data=data, reuse=True)
    assert png.stat().st_mtime_ns == before  # not rendered a second time
    assert png in written and (png.parent / "01_peserta_aktif_nasional.png").exists()
    assert 'src="04_segmen_terlindungi.png"' in (png.parent / "index.html").read_text()


def test_claims_chart_dates_the_regions_total_and_the_national_bars_apart():
    """Sumatera Selatan publishes a total (Jan-Jul 2025) but no per-programme split: the
    bars are Indonesia's (Jan-Mar 2025), and the footer's data date names both."""
    from paritrana_analysis.report import standard_set as export_all

    spec = export_all.standard_chart("claims", region="ID-SS")
    assert spec.title == "Sumatera Selatan membayar Rp718,7 miliar manfaat (Jan–Jul 2025)"
    assert spec.subtitle.endswith("Indonesia, Jan–Mar 2025")
    assert spec.data_date == "Jan–Jul 2025 (Sumatera Selatan); Jan–Mar 2025 (Indonesia)"
    english = export_all.standard_chart("claims", region="ID-SS", lang="en")
    assert english.data_date == "Jan–Jul 2025 (South Sumatra); Jan–Mar 2025 (Indonesia)"


def test_tile_map_title_says_a_rounded_figure_is_rounded():
    """Sumatera Barat's lowest figure divides by a labour force the source rounded to
    '2,9 juta': the title marks it as its tile does (±, explained in the note), on one
    line, so the map keeps its size."""
    from paritrana_analysis.report import standard_set as export_all

    spec = export_all.standard_chart("tilemap", region="ID-SS")
    assert spec.title == ("Sulawesi Utara tertinggi (67,95%), "
                          "Sumatera Barat terendah (±21,06%)")
    assert "± sekitar" in spec.note


@pytest.mark.parametrize("kind", ["projection", "backtest"])
def test_trend_charts_use_only_what_was_known_at_the_reference_date(kind):
    """--as-of 2023-12-31: no history point, backtest year or track record from later."""
    from paritrana_analysis.report import standard_set as export_all

    spec = export_all.standard_chart(kind, region="ID", as_of="2023-12-31")
    drawn = pd.concat([p["data"] for p in spec.fig._paritrana_panels])
    if kind == "projection":
        history = drawn[drawn["series"] == "history"]
        assert len(history) and (pd.to_datetime(history["as_of"]) <= "2023-12-31").all()
    else:
        assert drawn.loc[drawn["series"] == "actual", "year"].max() <= 2023


def test_ranking_labels_say_a_rounded_or_bound_figure_in_words():
    from paritrana_analysis.report import standard_set as export_all

    spec = export_all.standard_chart("ranked", region="ID-SS")
    texts = [t.get_text() for t in spec.fig.axes[0].texts]
    assert "lebih dari 50% * · akhir 2025" in texts  # Kalimantan Timur: ">50%"
    assert "sekitar 46% * · akhir 2025" in texts  # Kalimantan Utara: "~46%"
    assert "31,33% * · Agu 2025" in texts  # an exact figure stays as published
