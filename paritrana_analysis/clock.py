"""Today's date, in one place.

Everything "current" (the reference date a report shows, which target is next, whether a
target's year has passed, the date a chart says it was made) asks `today()`. Tests fix
the clock by monkeypatching this one function; `make test` sets ``PARITRANA_TODAY`` so
the notebooks' checked headline numbers do not change with the calendar.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd

__all__ = ["today", "reference_date"]


def today() -> dt.date:
    """The current date, or ``PARITRANA_TODAY`` (YYYY-MM-DD) when set."""
    fixed = os.environ.get("PARITRANA_TODAY", "").strip()
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def reference_date(as_of=None) -> pd.Timestamp:
    """The date a report or headline speaks for: `as_of` (AS_OF, ``--as-of``, a
    notebook's ``as_of`` parameter) when given, else today."""
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        return pd.Timestamp(today())
    return pd.Timestamp(as_of).normalize()
