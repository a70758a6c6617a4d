"""What a budget buys in BPU (informal worker) enrolment, and what a coverage gap costs.

Rates come from the package reference file ``data/rates.yaml`` (each value with the
regulation and outlet the facts name). An informal (BPU) worker pays per month:
JKK = 1% of declared income, at least Rp10.000 and at most Rp207.000; JKM = Rp6.800;
optionally JHT = 2% of declared income. At the lowest declared income (Rp1 juta) that is
Rp16.800 a month, or Rp36.800 with JHT.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml

from paritrana_analysis import paths
from paritrana_analysis.coverage import Gap

__all__ = [
    "rates",
    "bpu_monthly_contribution",
    "workers_covered_by_budget",
    "budget_needed",
    "cost_of_closing_gap",
]


@lru_cache(maxsize=1)
def _load_rates() -> dict:
    text = paths.reference("rates.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def rates() -> dict:
    """The contribution rates and benefit constants (a fresh copy of rates.yaml)."""
    import copy

    return copy.deepcopy(_load_rates())


def _whole_number(value, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from err
    if not math.isfinite(number) or not number.is_integer():
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return int(number)


def _months(months) -> int:
    m = _whole_number(months, "months")
    if m <= 0:
        raise ValueError(f"months must be at least 1, not {m}")
    return m


def bpu_monthly_contribution(declared_income_idr=None, *, with_jht: bool = False) -> float:
    """Monthly contribution (rupiah) of one BPU worker.

    Formula: ``JKK + JKM (+ JHT)`` with ``JKK = clip(1% x income, Rp10.000, Rp207.000)``,
    ``JKM = Rp6.800``, ``JHT = 2% x income``. `declared_income_idr` None means the lowest
    declared income (Rp1.000.000, derived from the JKK floor; see rates.yaml); a lower
    declared income is raised to it. -> 16.800 (minimum), 36.800 with JHT.
    """
    bpu = _load_rates()["bpu"]
    floor = float(bpu["min_declared_income_idr"])
    if declared_income_idr is None:
        income = floor
    else:
        try:
            income = float(declared_income_idr)
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"declared_income_idr must be rupiah, not {declared_income_idr!r}"
            ) from err
        if not math.isfinite(income) or income < 0:
            raise ValueError(f"declared_income_idr must be 0 or more, not {income}")
        income = max(income, floor)
    jkk = income * bpu["jkk_pct_of_declared_income"] / 100
    jkk = min(max(jkk, float(bpu["jkk_min_idr"])), float(bpu["jkk_max_idr"]))
    total = jkk + float(bpu["jkm_idr"])
    if with_jht:
        total += income * bpu["jht_pct_of_declared_income"] / 100
    return round(total, 2)


def workers_covered_by_budget(
    budget_idr, months=12, *, declared_income_idr=None, with_jht: bool = False
) -> int:
    """How many BPU workers a budget keeps enrolled for `months` months.

    Formula: ``floor(budget / (monthly contribution x months))`` (whole workers, the
    remainder is unspent). Rp20 juta for 12 months at the minimum Rp16.800:
    20.000.000 / 201.600 = 99,2 -> 99 workers (45 with JHT).
    """
    try:
        budget = float(budget_idr)
    except (TypeError, ValueError) as err:
        raise ValueError(f"budget_idr must be rupiah, not {budget_idr!r}") from err
    if not math.isfinite(budget) or budget < 0:
        raise ValueError(f"budget_idr must be 0 or more, not {budget_idr!r}")
    cost = bpu_monthly_contribution(declared_income_idr, with_jht=with_jht) * _months(months)
    return int(math.floor(budget / cost + 1e-9))


def budget_needed(workers, months=12, *, declared_income_idr=None, with_jht: bool = False):
    """Rupiah needed to keep `workers` BPU workers enrolled for `months` months.

    Formula: ``workers x monthly contribution x months``. 99 workers for 12 months at the
    minimum: 99 x 16.800 x 12 = Rp19.958.400. Round-trips:
    ``workers_covered_by_budget(budget_needed(n)) == n``.
    """
    n = _whole_number(workers, "workers")
    if n < 0:
        raise ValueError(f"workers must be 0 or more, not {n}")
    monthly = bpu_monthly_contribution(declared_income_idr, with_jht=with_jht)
    return float(n * monthly * _months(months))


def cost_of_closing_gap(gap, months=12, *, declared_income_idr=None, with_jht: bool = False):
    """Cost of enrolling the workers of a coverage gap as BPU participants for a year.

    Formula: ``gap workers x monthly BPU contribution x months`` (default 12: the yearly
    cost). Assumes every missing worker is enrolled as BPU at the given declared income
    (minimum by default) and paid for by a budget (APBD, APBDes, DBH); wage earners (PU)
    are paid by employers, so this is an upper bound of the public cost.

    `gap`: a whole number of workers, a `Gap` from `gap_to_target`, or a table from
    `gap_to_target` (adds monthly_contribution_idr and cost_idr columns).
    Sumatera Selatan to 51%: 1.751.602 workers x 201.600 = Rp353,1 miliar a year.
    """
    if isinstance(gap, pd.DataFrame):
        if "gap_workers" not in gap.columns:
            raise ValueError("the table needs a gap_workers column: pass it through gap_to_target")
        workers = gap["gap_workers"]
        if workers.isna().any():
            raise ValueError(
                f"rows {list(gap.index[workers.isna()])} have no gap_workers (potential unknown)"
            )
        monthly = bpu_monthly_contribution(declared_income_idr, with_jht=with_jht)
        out = gap.copy()
        out["monthly_contribution_idr"] = pd.array(np.full(len(out), monthly), dtype="Float64")
        out["cost_idr"] = pd.array(
            workers.astype("float64") * monthly * _months(months), dtype="Float64"
        )
        return out
    if isinstance(gap, Gap):
        if gap.workers is None:
            raise ValueError("the gap has no worker count (potential unknown)")
        gap = gap.workers
    return budget_needed(gap, months, declared_income_idr=declared_income_idr, with_jht=with_jht)
