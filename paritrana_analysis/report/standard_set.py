"""The standard chart set (``paritrana charts``): every chart from the bundled data, with
titles that state the finding computed from that data, plus an ``index.html`` gallery.

    export_standard_set(out_dir=None, lang="id", region="ID-SS") -> list[Path]

Each chart is built by a small function below (data selection, title, subtitle, note);
a chart that cannot be built is reported and the others still come out; the call raises
at the end if any failed, so ``make report`` does not pass silently.

The set overwrites some sixty files, so it writes only into a folder it may: never
data/raw, and a folder that already holds files only when it wrote them before (it leaves
a marker file, ``.paritrana-charts``) or when told to (``force=True``, ``--force``).
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from paritrana_analysis import paths as folders
from paritrana_analysis.charts._base import region_name
from paritrana_analysis.charts.export import FORMATS, export_chart, export_paths
from paritrana_analysis.formatting import (
    check_lang,
    format_compact,
    format_date,
    format_money,
    format_month,
    format_number,
    format_percent,
    format_period,
    label,
    label_or,
)
from paritrana_analysis.regions import region_code
from paritrana_analysis.safe_text import printable

RECENT_MONTHS = 18  # provincial comparisons use figures at most this old
MARKER = ".paritrana-charts"  # left in every folder the chart set writes


class NoData(ValueError):
    """The bundled data hold nothing for this chart and region: skipped, not an error."""


@dataclass
class Spec:
    name: str
    fig: object
    title: str
    subtitle: str
    size: str = "landscape"
    note: str | None = None
    extra: dict = field(default_factory=dict)


def _pct(v, lang, decimals=2):
    return format_percent(v, decimals=decimals, trim=True, lang=lang)


def _span(dates: pd.Series, lang: str) -> tuple[str, str]:
    d = pd.to_datetime(dates).dropna()
    return (format_month(d.min(), short=True, lang=lang),
            format_month(d.max(), short=True, lang=lang))


# --------------------------------------------------------------------------- charts


def _national(data, lang, region):
    from paritrana_analysis.charts import national_participants_chart

    fig = national_participants_chart(data["coverage"], lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    values = plotted["covered"].astype(float).tolist()
    change = label("rose" if values[-1] >= values[-2] else "fell", lang) if len(values) > 1 \
        else label("rose", lang)
    title = label("title_national", lang, change=change,
                  last=format_compact(values[-1], lang=lang), end=plotted["period"].iloc[-1])
    sub = label("sub_national", lang, start=plotted["period"].iloc[0],
                end=plotted["period"].iloc[-1])
    return Spec("01_peserta_aktif_nasional", fig, title, sub)


def _recent_provinces(coverage: pd.DataFrame) -> pd.Timestamp:
    prov = coverage[coverage["level"] == "province"]
    newest = pd.to_datetime(prov["as_of"]).max()
    return newest - pd.DateOffset(months=RECENT_MONTHS)


def _ranked(data, lang, region):
    from paritrana_analysis.charts import provincial_ranking_chart

    since = _recent_provinces(data["coverage"])
    probe = provincial_ranking_chart(data["coverage"], data["targets"], region=region,
                                       min_date=since, lang=lang)
    plotted = probe._paritrana_panels[-1]["data"]
    n = len(plotted)
    size = "landscape" if n <= 16 else "portrait"
    fig = probe
    year = int(plotted["target_year"].iloc[0])
    ours = plotted[plotted["region_code"] == region]
    name = region_name(region, lang)
    if len(ours):
        title = label("title_ranked", lang, region=name, rank=int(ours["rank"].iloc[0]), n=n)
    else:
        title = label("title_ranked_top", lang, top=plotted["region"].iloc[0],
                      value=_pct(plotted["coverage_pct"].iloc[0], lang, 1), n=n)
    start, end = _span(plotted["as_of"], lang)
    sub = label("sub_ranked", lang, n=n, start=start, end=end, year=year)
    return Spec("02_cakupan_provinsi_peringkat", fig, title, sub, size=size)


def _bullet(data, lang, region):
    from paritrana_analysis.charts import region_progress_chart

    fig = region_progress_chart(data["coverage"], data["targets"], region=region, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData(f"no coverage figure for {region}")
    row = plotted.iloc[0]
    name = row["region"]
    if pd.notna(row["target_pct"]):
        title = label("title_bullet", lang, region=name, value=_pct(row["coverage_pct"], lang),
                      target=_pct(row["target_pct"], lang), year=int(row["target_year"]))
    else:
        title = label("title_bullet_nt", lang, region=name,
                      value=_pct(row["coverage_pct"], lang),
                      long=_pct(row["long_term_pct"], lang), long_year=int(row["long_term_year"]))
    sub = label("sub_bullet", lang, region=name, date=format_date(row["as_of"], lang=lang),
                year=int(row["target_year"]), basis=row["target_basis"] or "–",
                long_year=int(row["long_term_year"]))
    note = None
    if row.get("other_targets"):
        note = label("note_other_targets", lang, year=int(row["target_year"]),
                     others=row["other_targets"].replace(".0%", "%"))
    return Spec("03_capaian_vs_target", fig, title, sub, note=note)


def _segments(data, lang, region):
    from paritrana_analysis.charts import segment_chart
    from paritrana_analysis.segments import segment_breakdown as analyse

    cov = data["coverage"]
    if not ((cov["region_code"] == region) & (cov["segment"] != "all")).any():
        raise NoData(f"no segment figures for {region}")
    table = analyse(cov, region_code=region)
    fig = segment_chart(table, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    known = plotted[plotted["coverage_pct"].notna()]
    if known.empty:
        raise NoData(f"no segment figures for {region}")
    best, worst = known.iloc[0], known.iloc[-1]
    title = label("title_segments", lang, best=best["segment_label"],
                  best_value=_pct(best["coverage_pct"], lang, 1), worst=worst["segment_label"],
                  worst_value=_pct(worst["coverage_pct"], lang, 1))
    dates = pd.to_datetime(table["as_of"])
    when = format_date(dates.max(), lang=lang) if dates.nunique() == 1 else \
        "–".join(_span(dates, lang))
    sub = label("sub_segments", lang, region=region_name(region, lang), date=when)
    return Spec("04_segmen_terlindungi", fig, title, sub)


def _claims(data, lang, region):
    from paritrana_analysis.charts import claims_chart

    claims = data["claims"]
    programs = claims[(claims["region_code"] == region) & (claims["program"] != "all")]
    where = region if programs["program"].nunique() >= 3 else "ID"
    fig = claims_chart(claims, region=where, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData("no per-programme claims")
    top = plotted.iloc[0]
    title = label("title_claims", lang, top=top["program"],
                  amount=format_money(top["amount_idr"], lang=lang),
                  cases=format_number(top["cases"], lang=lang))
    sub = label("sub_claims", lang, region=region_name(where, lang),
                period=format_period(plotted["period"].iloc[0], lang=lang))
    note = label("note_beasiswa", lang) if "beasiswa" in set(plotted["program"]) else None
    return Spec("05_klaim_per_program", fig, title, sub, note=note)


def _projection(data, lang, region):
    """The trend to 2045 when the history spans a year or more; otherwise the straight
    path that 99,5% in 2045 needs (a line through figures months apart is noise)."""
    from paritrana_analysis.charts import projection_chart
    from paritrana_analysis.coverage import coverage_history
    from paritrana_analysis.projections import (
        DEFAULT_CEILING,
        enough_for_trend,
        history_years,
        path_to_target,
        project_coverage,
    )

    hist = coverage_history(data["coverage"], region)  # one figure per date
    if hist.empty:
        raise NoData(f"no coverage percentage for {region}")
    targets = data["targets"]
    name = region_name(region, lang)
    first, last = _span(hist["as_of"], lang)
    if enough_for_trend(history_years(hist)):
        proj = project_coverage(hist, to_year=2045, method="linear")
        key = "projection"
        title = label("title_projection", lang, region=name,
                      end=_pct(float(proj["coverage_pct"].iloc[-1]), lang, 1), year=2045)
        sub = label("sub_projection", lang, region=name, year=2045)
        note = label("note_projection", lang, n=len(hist), first=first, last=last)
    else:
        now = hist.iloc[-1]
        proj = path_to_target(float(now["coverage_pct"]), now["as_of"], DEFAULT_CEILING, 2045)
        key = "needed_path"
        title = label("title_projection_needed", lang, region=name, year=2045,
                      pace=format_number(proj["points_per_year"].iloc[0], decimals=1,
                                         lang=lang),
                      target=_pct(DEFAULT_CEILING, lang))
        sub = label("sub_projection_needed", lang, region=name, year=2045)
        note = label("note_projection_short", lang, n=len(hist),
                     span=first if first == last else f"{first}–{last}")
    fig = projection_chart(hist, proj, targets[targets["region_code"] == region],
                           region=region, projection_label=key, lang=lang)
    return Spec("06_proyeksi_2045", fig, title, sub, note=note)


def _tilemap(data, lang, region):
    from paritrana_analysis.charts import tile_map_chart

    since = _recent_provinces(data["coverage"])
    fig = tile_map_chart(data["coverage"], region=region, min_date=since, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    known = plotted[plotted["coverage_pct"].notna()].sort_values("coverage_pct",
                                                                 ascending=False)
    start, end = _span(known["as_of"], lang)
    top = known.iloc[0]
    title = label("title_tilemap", lang, n=len(known))
    sub = label("sub_tilemap", lang, start=start, end=end, top=top["region"],
                value=_pct(top["coverage_pct"], lang, 1))
    return Spec("07_peta_petak_provinsi", fig, title, sub)


def _awards(data, lang, region):
    from paritrana_analysis.charts import awards_chart

    awards = data["awards"]
    ours = awards[awards["province"] == region]
    if len(ours):
        year = int(ours["year"].max())
        table = ours[ours["year"] == year]
        where = region_name(region, lang)
    else:
        year = int(awards["year"].max())
        table = awards[awards["year"] == year]
        where = label("national", lang)
    size = "portrait" if len(table) > 10 else "landscape"
    fig = awards_chart(table, year=year, region=region, lang=lang,
                              max_rows=30 if size == "portrait" else 10)
    title = label("title_awards", lang, year=year, region=where, n=len(table),
                  k=table["category"].nunique())
    return Spec("08_paritrana_award", fig, title, label("sub_awards", lang), size=size)


def _bpu_rate_source() -> str:
    """Where the BPU contribution comes from, read from the rates reference (rates.yaml)."""
    from paritrana_analysis.budget import rates

    bpu = rates()["bpu"]
    parts = []
    for key in ("jkk", "jkm"):
        reg, src = bpu.get(f"{key}_regulation"), bpu.get(f"{key}_source")
        parts.append(" ".join(p for p in (key.upper() + ":", reg, f"({src})" if src else "")
                              if p))
    return "; ".join(parts)


def _budget(data, lang, region):
    from paritrana_analysis.budget import bpu_monthly_contribution, workers_covered_by_budget
    from paritrana_analysis.charts import budget_chart

    monthly = bpu_monthly_contribution()
    budgets = [10e9, 25e9, 50e9, 100e9]
    rows = [{"scenario": format_money(b, lang=lang), "budget_idr": b} for b in budgets]
    highlight = None
    gap_text = None
    sources: dict[str, str] = {}
    # The cost of closing our region's gap to its target (targets.gap_for: the year of
    # the newest figure, else the next year with a target), when the data allow.
    from paritrana_analysis.budget import cost_of_closing_gap
    from paritrana_analysis.targets import gap_for

    found = gap_for(data["coverage"], data["targets"], region)
    if found is not None and found.gap is not None and found.gap.workers is not None \
            and found.gap.points > 0:
        last, tg, gap = found.figure, found.target, found.gap
        cost = cost_of_closing_gap(gap)
        target = _pct(tg["target_pct"], lang)
        rows.append({"scenario": label("scenario_gap", lang,
                                       budget=format_money(cost, lang=lang),
                                       target=target),
                     "budget_idr": cost})
        highlight = len(rows) - 1
        sources = {"coverage_source": str(last["source"]),
                   "target_source": str(tg["target_source"])}
        gap_text = {"budget": format_money(cost, lang=lang), "target": target,
                    "covered": format_number(last["covered"], lang=lang),
                    "pct": _pct(last["coverage_pct"], lang),
                    "workers": format_number(gap.workers, lang=lang)}
    table = pd.DataFrame(rows)
    table["workers"] = [workers_covered_by_budget(b, 12) for b in table["budget_idr"]]
    table["monthly_contribution_idr"] = monthly
    table["months"] = 12
    table["source"] = _bpu_rate_source()
    if gap_text:
        for col, value in sources.items():
            table[col] = [value if i == highlight else None for i in range(len(table))]
    fig = budget_chart(table, highlight=highlight, lang=lang)
    if gap_text:
        title = label("title_budget_gap", lang, budget=gap_text["budget"],
                      target=gap_text["target"])
        note = label("note_budget_gap", lang, **{k: v for k, v in gap_text.items()
                                                  if k != "budget"})
    else:
        pick = table.iloc[2]
        title = label("title_budget", lang, budget=format_money(pick["budget_idr"], lang=lang),
                      workers=format_number(pick["workers"], lang=lang))
        note = None
    return Spec("09_skenario_anggaran", fig, title, label("sub_budget", lang), note=note)


def _reconcile(data, lang, region):
    from paritrana_analysis.charts import reconciliation_chart
    from paritrana_analysis.reconcile import reconcile

    table = reconcile(data["coverage"], data["workforce"])
    fig = reconciliation_chart(table, region=region, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData(f"no coverage percentages for {region}")
    vals = plotted["coverage_pct"].astype(float)
    name = region_name(region, lang)
    if len(plotted) == 1:
        title = label("title_reconcile_one", lang, region=name, value=_pct(vals.iloc[0], lang))
    else:
        title = label("title_reconcile", lang, k=len(plotted), region=name,
                      low=_pct(vals.min(), lang), high=_pct(vals.max(), lang))
    start, end = _span(plotted["as_of"], lang)
    sub = label("sub_reconcile", lang, region=name, start=start, end=end)
    return Spec("10_rekonsiliasi_angka", fig, title, sub)


BUILDERS: dict[str, Callable] = {
    "national": _national, "ranked": _ranked, "progress": _bullet, "segments": _segments,
    "claims": _claims, "projection": _projection, "tilemap": _tilemap, "awards": _awards,
    "budget": _budget, "reconciliation": _reconcile,
}
CHARTS: list[Callable] = list(BUILDERS.values())


def load_chart_data() -> dict[str, pd.DataFrame]:
    """The bundled tables every standard chart draws from (dataset.load_all)."""
    from paritrana_analysis.dataset import load_all

    return load_all()


def claim_folder(out: Path, force: bool = False) -> Path:
    """Make ``out`` ready for the chart set and leave the marker in it. ValueError for
    data/raw (or inside it), a file, or a folder holding files the set did not write
    (no marker), unless ``force``."""
    out = Path(out)
    folders.refuse_raw(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a folder")
    if out.is_dir() and not force and not (out / MARKER).exists() and any(out.iterdir()):
        raise ValueError(f"{out} already holds files that paritrana charts did not write; "
                         "choose a new or empty folder, or --force to write into it anyway")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by paritrana charts: the next export may overwrite "
                              "the files in this folder.\n", encoding="utf-8")
    return out


def standard_chart(key: str, *, region: str = "ID-SS", lang: str = "id",
                   data: dict[str, pd.DataFrame] | None = None) -> Spec:
    """One chart of the standard set (keys: BUILDERS) with its computed title, subtitle
    and note; raises NoData when the data hold nothing for it and ``region`` (a code,
    any case: "id-ss"), ValueError for an unknown region code."""
    if key not in BUILDERS:
        raise ValueError(f"unknown chart {key!r}; choose one of {sorted(BUILDERS)}")
    return BUILDERS[key](data if data is not None else load_chart_data(), check_lang(lang),
                         region_code(region))


def show_chart(key: str, *, region: str = "ID-SS", lang: str = "id", out_dir=None,
               data: dict[str, pd.DataFrame] | None = None, formats: tuple[str, ...] = FORMATS):
    """For notebooks: build one standard chart, export it press-ready (PNG, SVG, PDF, CSV,
    alt text into ``out_dir``, default reports/figures) and return the finished PNG to
    display. When the data hold nothing for this chart and region, say so and return None."""
    from IPython.display import Image

    try:
        spec = standard_chart(key, region=region, lang=lang, data=data)
    except NoData as err:  # the reason (English, for the log) after the plain sentence
        print(label("no_data_chart", lang, region=region_name(region, lang)) + f" ({err})")
        return None
    out = Path(out_dir or folders.FIGURES_DIR)
    if not out.is_dir() or not any(out.iterdir()):  # a new folder: the set may write it
        claim_folder(out)
    paths = export_chart(spec.fig, spec.name, title=spec.title, subtitle=spec.subtitle,
                         note=spec.note, size=spec.size, out_dir=out, lang=lang,
                         formats=formats)
    import matplotlib.pyplot as plt

    plt.close(spec.fig)
    print(f"{label('written', lang)}: {paths['png' if 'png' in paths else 'csv'].parent}")
    return Image(filename=str(paths["png"]), width=600) if "png" in paths else None


# --------------------------------------------------------------------------- gallery


def write_gallery(out_dir: Path, exported: list[tuple[Spec, dict]], lang: str) -> Path:
    """index.html: one thumbnail per chart linking the full PNG, plus its other files."""
    cards = []
    for spec, paths in exported:
        links = " · ".join(
            f'<a href="{html.escape(p.name)}">{text}</a>'
            for key, text in (("png2x", "PNG 2x"), ("svg", "SVG"), ("pdf", "PDF"),
                              ("csv", "CSV"), ("txt", "alt"))
            if (p := paths.get(key)) is not None
        )
        alt = printable(paths["txt"].read_text(encoding="utf-8")).replace("\n", " ").strip()
        picture = paths.get("png") or paths.get("svg") or paths["png2x"]
        cards.append(
            f'<figure>\n<a href="{html.escape(picture.name)}">'
            f'<img src="{html.escape(picture.name)}" alt="{html.escape(alt)}" '
            f'loading="lazy"></a>\n<figcaption><strong>{html.escape(printable(spec.title))}'
            f"</strong><br>{html.escape(printable(spec.subtitle))}<br>{links}</figcaption>"
            "\n</figure>"
        )
    title = label("gallery_title", lang)
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: "Source Sans 3", "Source Sans Pro", sans-serif; margin: 2rem;
       color: #222; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr));
       gap: 1.5rem; }}
figure {{ margin: 0; }}
img {{ width: 100%; height: auto; border: 1px solid #ddd; }}
figcaption {{ font-size: 0.9rem; line-height: 1.35; margin-top: 0.4rem; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(label("gallery_intro", lang))}</p>
<main>
{chr(10).join(cards)}
</main>
</body>
</html>
"""
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def export_standard_set(out_dir=None, lang: str = "id", region: str = "ID-SS",
                        data: dict[str, pd.DataFrame] | None = None,
                        formats: tuple[str, ...] = FORMATS, reuse: bool = False,
                        force: bool = False) -> list[Path]:
    """Export the ten standard charts for ``region`` from the bundled data (or ``data``:
    {"coverage", "targets", "claims", "awards", "workforce"} canonical tables) into
    ``out_dir`` (default reports/figures) and write index.html. ``formats``: as for
    export_chart (the gallery links what was written). Prints each file
    written; returns their paths. A chart the data hold nothing for (e.g. no segment
    figures for the region) is skipped with a message on stderr; any other failure is
    reported and, after the rest are written, raised as RuntimeError naming them.
    ``reuse=True`` (make report, after the notebooks exported their charts into the same
    freshly emptied folder): a chart whose files are all there is not rendered again.
    ``out_dir`` must be new, empty or written by this function before (claim_folder),
    unless ``force``; ``region`` is a known code in any case ("id-ss"), else ValueError."""
    import matplotlib.pyplot as plt

    check_lang(lang)
    region = region_code(region)
    out = claim_folder(Path(out_dir or folders.FIGURES_DIR), force=force)
    if data is None:
        data = load_chart_data()
    written: list[Path] = []
    exported: list[tuple[Spec, dict]] = []
    failed: list[str] = []
    for build in CHARTS:
        try:
            spec = build(data, lang, region)
            paths = export_paths(out, spec.name, formats)
            if reuse and all(p.exists() for p in paths.values()):
                plt.close(spec.fig)
            else:
                paths = export_chart(spec.fig, spec.name, title=spec.title,
                                     subtitle=spec.subtitle, note=spec.note, size=spec.size,
                                     out_dir=out, lang=lang, formats=formats)
        except NoData as err:
            print(f"SKIPPED {build.__name__.lstrip('_')}: {err}", file=sys.stderr)
            continue
        except Exception as err:  # one broken chart must not hide the others
            failed.append(f"{build.__name__.lstrip('_')}: {type(err).__name__}: {err}")
            print(f"FAILED {build.__name__.lstrip('_')}: {err}", file=sys.stderr)
            continue
        exported.append((spec, paths))
        for path in paths.values():
            print(path)
            written.append(path)
    index = write_gallery(out, exported, lang)
    print(index)
    written.append(index)
    if failed:
        raise RuntimeError("some charts could not be made:\n" + "\n".join(failed))
    return written


__all__ = ["export_standard_set", "write_gallery", "standard_chart", "show_chart",
           "load_chart_data", "BUILDERS", "CHARTS", "NoData", "label_or"]
