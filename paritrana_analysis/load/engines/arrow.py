"""Arrow columns from the engines to pandas Series: repeated text as categoricals, mostly
distinct text as Arrow strings, dates at day level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_to_series(col: pa.ChunkedArray) -> pd.Series:
    t = col.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return text_series(col)
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return pd.Series(col.to_pandas()).astype("datetime64[ns]")
    if pa.types.is_duration(t):
        return pd.Series(col.to_pandas())
    if pa.types.is_null(t):
        return pd.Series([None] * len(col), dtype=object)
    return pd.Series(col.to_pandas())


def text_series(col) -> pd.Series:
    """Text column, trimmed, "" as missing: categorical when values repeat (half or fewer
    distinct; trimming then happens once per distinct value), else Arrow strings."""
    if not isinstance(col, (pa.ChunkedArray, pa.Array)):
        col = pa.array(col, type=pa.string(), from_pandas=True)
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    if pa.types.is_large_string(col.type):
        col = col.cast(pa.string())
    if len(col) > 50:
        enc = col.dictionary_encode()
        if len(enc.dictionary) * 2 <= len(col):
            return _categorical(enc)
    col = _blank_to_null(pc.utf8_trim_whitespace(col)) if len(col) else col
    if len(col) > 50:  # mostly distinct text (claim numbers): 32-bit-offset Arrow strings
        return pd.Series(pd.arrays.ArrowExtensionArray(col))
    return pd.Series(col.to_pandas(), dtype="str")


def _blank_to_null(col: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)


def _categorical(enc: pa.DictionaryArray) -> pd.Series:
    """Dictionary-encoded text to a Categorical, cleaning only the distinct values."""
    values = _blank_to_null(pc.utf8_trim_whitespace(enc.dictionary))
    inverse, uniques = pd.factorize(values.to_pandas(), use_na_sentinel=True)
    lut = np.append(inverse.astype(np.int32), np.int32(-1))
    indices = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False)
    codes = lut[indices]  # index -1 (a missing cell) picks the trailing -1
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques,
                                                                          dtype="str")))
