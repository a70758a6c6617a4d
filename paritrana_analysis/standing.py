"""The figure we stand behind: one coverage figure per region and date, and the current one.

Sources disagree (one province is 26%, 36% and 31,33% within four months), so every chart,
headline and notebook that names "the" coverage of a region asks this module, and they
all name the same figure:

1. Candidates are total-coverage percentages (segment "all") dated up to the reference
   date; a percentage *of a target* (basis ``target_share``) and a count alone (``none``)
   are not coverage figures.
2. `reconcile` compares them (denominator against BPS working people, same-month
   disagreements, denominator changes) and flags what does not hold together.
3. On one date: an unflagged figure before a flagged one, a published figure before a
   derived one, one that states a count before one that does not, then the later row.
4. The current figure is the one on the newest date, flagged or not: the newest figure
   is what is said in public. When it is flagged, whoever shows it says so
   (`flag_note`).
5. A trend joins only comparable figures (`comparable`: same basis, a denominator that
   does not jump), never a 36% of 3 juta to a 31,33% of 8,9 juta.
6. A number of workers computed from the figure's denominator (the gap in workers, its
   cost) is given only when that denominator is not above the working population BPS
   counts (`Standing.workers_supported`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from paritrana_analysis.coverage import require_columns, with_pct
from paritrana_analysis.reconcile import reconcile
from paritrana_analysis.series import current_series

__all__ = ["Standing", "figures_by_date", "standing_figure", "standing_figures",
           "comparable"]

NOT_COVERAGE = ("target_share", "none")
RECENT_MONTHS = 24  # a figure older than this before the reference date is "old"
_KEYS = ["region_code", "as_of", "source"]
_FLAG_COLUMNS = ["flagged", "flag_reasons", "denominator", "denominator_kind", "employed",
                 "denominator_to_employed"]


def _text(table: pd.DataFrame, column: str, default: str) -> pd.Series:
    if column not in table.columns:
        return pd.Series(default, index=table.index, dtype="str")
    text = table[column].astype("string").str.strip()
    return text.mask(text.isna() | (text == ""), default).astype("str")


def _derived(table: pd.DataFrame) -> pd.Series:
    if "derived" not in table.columns:
        return pd.Series(False, index=table.index)
    return table["derived"].map(
        lambda v: v is True or v == 1 or (isinstance(v, str) and v.strip().lower()
                                          in ("ya", "yes", "true", "1"))).astype(bool)


def candidates(coverage: pd.DataFrame, *, as_of=None) -> pd.DataFrame:
    """Total-coverage percentages (rule 1), with `basis` and `qualifier` filled."""
    require_columns(coverage, ["region_code", "as_of"], "coverage table")
    rows = coverage
    if "segment" in rows.columns:
        rows = rows[rows["segment"].astype(str) == "all"]
    rows = with_pct(rows)
    rows["basis"] = _text(rows, "basis", "unknown").str.lower()
    rows["qualifier"] = _text(rows, "qualifier", "exact").str.lower()
    rows["derived"] = _derived(rows)
    rows = rows[rows["coverage_pct"].notna() & rows["as_of"].notna()
                & ~rows["basis"].isin(NOT_COVERAGE)]
    if as_of is not None:
        rows = rows[pd.to_datetime(rows["as_of"]) <= pd.Timestamp(as_of)]
    for col in ("region", "covered", "potential", "source"):
        if col not in rows.columns:
            rows[col] = pd.NA
    rows["as_of"] = pd.to_datetime(rows["as_of"]).astype("datetime64[ns]")
    rows["region_code"] = rows["region_code"].astype("str")
    return rows


def figures_by_date(coverage: pd.DataFrame, workforce: pd.DataFrame | None = None, *,
                    as_of=None) -> pd.DataFrame:
    """One figure per region and date (rules 1-3), oldest first within each region, with
    the reconciliation's `flagged`, `flag_reasons`, `denominator`, `denominator_kind`,
    `employed`, `denominator_to_employed` and `others` (how many other figures that
    region and date had)."""
    rows = candidates(coverage, as_of=as_of)
    if rows.empty:
        return rows.assign(**{c: pd.Series(dtype="object") for c in _FLAG_COLUMNS + ["others"]})
    # reconcile sorts stably by region, date and source: sorted the same way first, its
    # rows line up with ours one to one.
    rows = rows.sort_values(_KEYS, kind="stable", na_position="last").reset_index(drop=True)
    checked = reconcile(rows, workforce)
    same = (checked["region_code"].to_numpy() == rows["region_code"].to_numpy()).all() and \
        (checked["as_of"].to_numpy() == rows["as_of"].to_numpy()).all()
    if not same:  # pragma: no cover - reconcile changed its order
        raise RuntimeError("reconcile no longer keeps the order of its input")
    for col in _FLAG_COLUMNS:
        rows[col] = checked[col].to_numpy()
    rows["flagged"] = rows["flagged"].astype(bool)
    keyed = rows.assign(_clean=~rows["flagged"], _published=~rows["derived"],
                        _count=rows["covered"].notna(), _order=range(len(rows)))
    keyed = keyed.sort_values(["region_code", "as_of", "_clean", "_published", "_count",
                               "_order"], kind="stable")
    groups = keyed.groupby(["region_code", "as_of"], sort=False)
    chosen = groups.tail(1).copy()
    chosen["others"] = (groups["_order"].transform("size") - 1).loc[chosen.index]
    return chosen.drop(columns=["_clean", "_published", "_count", "_order"]).reset_index(
        drop=True)


def comparable(history: pd.DataFrame) -> pd.DataFrame:
    """The figures of `history` (one region, one figure per date, oldest first) that may
    be joined with the newest one into a trend: its comparable series (series.py: the same
    basis and series, a denominator that does not jump), without the columns that rule
    adds."""
    if history.empty:
        return history
    return history.loc[current_series(history).index]


@dataclass(frozen=True)
class Standing:
    """A region's current figure (`row`, a `figures_by_date` row), the comparable
    `history` it belongs to (oldest first, ending with `row`) and the region's other dated
    figures that may not be joined to it (`apart`)."""

    row: pd.Series
    history: pd.DataFrame
    apart: pd.DataFrame

    @property
    def flagged(self) -> bool:
        return bool(self.row["flagged"])

    @property
    def ratio_to_employed(self) -> float | None:
        value = self.row.get("denominator_to_employed")
        return None if value is None or pd.isna(value) else float(value)

    @property
    def workers_supported(self) -> bool:
        """Rule 6: a count of workers from this figure's denominator stands only when
        that denominator is not above the working population BPS counts."""
        ratio = self.ratio_to_employed
        return ratio is None or ratio <= 1.0

    @property
    def potential_derived(self) -> bool:
        """True when the denominator is implied (count / percentage), not stated."""
        return pd.isna(self.row.get("potential")) and pd.notna(self.row.get("covered"))


def standing_figure(coverage: pd.DataFrame, workforce: pd.DataFrame | None, region: str, *,
                    as_of=None, figures: pd.DataFrame | None = None) -> Standing | None:
    """The figure we stand behind for `region` up to `as_of` (rules 1-5), or None when it
    has no coverage percentage. `figures`: `figures_by_date` output already computed."""
    if figures is None:
        figures = figures_by_date(coverage, workforce, as_of=as_of)
    elif as_of is not None:
        figures = figures[figures["as_of"] <= pd.Timestamp(as_of)]
    mine = figures[figures["region_code"] == region].sort_values("as_of", kind="stable")
    if mine.empty:
        return None
    history = comparable(mine)
    apart = mine.drop(index=history.index)
    return Standing(mine.iloc[-1], history.reset_index(drop=True), apart.reset_index(drop=True))


def standing_figures(figures: pd.DataFrame, *, level: str | None = "province",
                     since=None) -> pd.DataFrame:
    """The current figure of every region in `figures` (`figures_by_date` output), for a
    ranking or a map: one row per region, the same figure `standing_figure` gives.
    `level` keeps one level; `since` leaves out regions whose figure is older."""
    rows = figures
    if level is not None and "level" in rows.columns:
        rows = rows[rows["level"].astype(str) == level]
    rows = rows.sort_values(["region_code", "as_of"], kind="stable").groupby(
        "region_code", sort=False).tail(1)
    if since is not None:
        rows = rows[rows["as_of"] >= pd.Timestamp(since)]
    return rows.reset_index(drop=True)
