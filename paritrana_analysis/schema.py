"""The data contract: one TableSpec per table kind, read by the loaders, the dataset,
`paritrana check` and the data dictionary (data/README.md's column tables are tested
against it).

A spec holds everything about a kind in one place: its canonical columns (name, type,
meaning, a header to suggest when it is missing, the value when absent), which columns
are required, what makes two rows duplicates, which columns tell the kind apart when a
file is detected, how the time of a row is given, the measure a one-column-per-period
table holds, and the sort order of the dataset. Adding a kind, or a column to one, is an
edit here (and in `data/column_aliases.csv` for its headers), not a new `if kind == ...`.

Column types: `region` (resolved to region_code, region and level), `count` (whole
people or cases, Int64), `amount` (Rupiah, Float64), `percent` (0-100, Float64), `date`
(a day, datetime64[ns]), `period` (claims: 'YYYY', 'YYYY-MM' or 'YYYY-MM/YYYY-MM'),
`year` (Int64), `rank` (Int64), `text`, `flag` (boolean), `choice` (text from a fixed
vocabulary, `choices`) and `identifier` (NIK, KPJ, claim numbers: text, exactly as stored).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What the percentage's denominator counts: figures on different bases never form one
# series (see data/README.md). `none`: the row gives a count only.
BASES = ("potential", "employed", "labour_force", "wage_earners", "target_share", "unknown",
         "none")
# How exact a published figure is: "sekitar 42%" is rounded, "lebih dari 50%" a lower bound.
QUALIFIERS = ("exact", "rounded", "lower_bound", "upper_bound")
LEVELS = ("national", "province", "regency")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str
    header: str = ""  # a header to suggest when the column is missing ("Peserta Aktif")
    default: object = None  # value when the sheet has no such column (None: missing)
    choices: tuple = ()
    optional: bool = False  # in the table only when the sheet has it


@dataclass(frozen=True)
class TableSpec:
    kind: str
    doc: str
    columns: tuple[Column, ...]
    required: tuple[tuple[str, ...], ...]  # each: at least one of these columns
    keys: tuple[str, ...]  # a duplicate: the same values in these (+ other text columns)
    sort: tuple[str, ...]
    detect: tuple[str, ...]  # measures that mark the kind when detecting a file
    detect_with: tuple[str, ...] = ("regency", "region", "province")  # and one of these
    detect_periods: bool = False  # a period header counts as the measure (BPS tables)
    time: str | None = None  # "as_of" (a day), "period" (claims) or "year"
    wide_measure: str | None = None  # what a one-column-per-period table holds
    needs_region: bool = True
    # header words that never mean this kind's measure (a lone "jumlah_*" column is read
    # as the measure only when its name has none of them: see load/columns.py)
    not_measure: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def of_type(self, *types: str) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.type in types)

    @property
    def measure(self) -> str:
        """The kind's main measure (the first of `detect`)."""
        return self.detect[0]


def _c(name, type_, doc, header="", default=None, choices=(), optional=False) -> Column:
    return Column(name, type_, doc, header, default, choices, optional)


_REGION = (
    _c("region_code", "region", "`ID`, the ISO 3166-2 code of a province (`ID-SS`) or the "
       "Kemendagri code of a kabupaten/kota (`16.05`)", "Wilayah"),
    _c("region", "text", "display name (`Sumatera Selatan`, `Kab. Musi Rawas`)"),
    _c("level", "choice", "national, province or regency", choices=LEVELS),
)
_SOURCE = (
    _c("source", "text", "who published the figure (the row's Sumber cell, else the "
       "sheet's 'Sumber:' note, else the file name)", "Sumber"),
    _c("published", "date", "the day the source published it", "Tanggal Terbit",
       optional=True),
    _c("source_url", "text", "where it was published", "URL", optional=True),
    _c("note", "text", "the source's wording, caveats", "Catatan", optional=True),
)

COVERAGE = TableSpec(
    kind="coverage",
    doc="Coverage recaps: active participants against the workers they could cover.",
    columns=(
        *_REGION,
        _c("segment", "text", "`all` for the total, else `pu`, `bpu`, `jakon`, "
           "`village_officials`, `non_asn`, `rt_rw`, `palm_smallholders`, ...", "Segmen",
           "all"),
        _c("as_of", "date", "the day the figure refers to", "Tanggal Data"),
        _c("covered", "count", "active participants", "Peserta Aktif"),
        _c("potential", "count", "the denominator: the workers the percentage is of",
           "Tenaga Kerja Potensial"),
        _c("coverage_pct", "percent", "coverage in percent (0-100)", "% Coverage"),
        _c("basis", "choice", "what the denominator counts: " + ", ".join(BASES),
           "Dasar Perhitungan", choices=BASES),
        _c("qualifier", "choice", "how exact the published figure is: "
           + ", ".join(QUALIFIERS), "Ketelitian", "exact", QUALIFIERS),
        _c("derived", "flag", "True when computed from other figures, not published as such",
           "Turunan", False),
        _c("series", "text", "the statistical series a figure belongs to where one source "
           "family's definition differs from another's with the same basis "
           "(`satudata_kemnaker`, `ucj_nik`, `registered`)", "Seri", optional=True),
        *_SOURCE,
    ),
    required=(("region", "regency", "province"), ("covered", "coverage_pct")),
    keys=("region_code", "as_of", "segment", "source"),
    sort=("region_code", "segment", "as_of", "source"),
    detect=("coverage_pct", "covered"),
    time="as_of",
    wide_measure="coverage_pct",
)

WORKFORCE = TableSpec(
    kind="workforce",
    doc="Working people (BPS Sakernas): the denominator of coverage.",
    columns=(
        *_REGION,
        _c("as_of", "date", "the day (Sakernas month) the figure refers to", "Periode"),
        _c("employed", "count", "working people (penduduk bekerja)", "Penduduk Bekerja"),
        _c("formal", "count", "formal workers, where given", "Pekerja Formal", optional=True),
        _c("informal", "count", "informal workers, where given", "Pekerja Informal",
           optional=True),
        *_SOURCE,
    ),
    required=(("region", "regency", "province"), ("employed",)),
    keys=("region_code", "as_of", "source"),
    sort=("region_code", "as_of", "source"),
    detect=("employed",),
    detect_periods=True,
    time="as_of",
    wide_measure="employed",
    not_measure=("pengangguran", "penganggur", "angkatan kerja", "bukan angkatan", "tpt",
                 "tpak", "upah", "persen", "pct", "rasio", "rata rata", "laju"),
)

CLAIMS = TableSpec(
    kind="claims",
    doc="Benefits paid: cases and amounts by region, program and period.",
    columns=(
        *_REGION,
        _c("period", "period", "'2023', '2025-07' or a span '2025-01/2025-07'", "Periode"),
        _c("program", "text", "JHT, JKK, JKM, JP, JKP, a benefit such as `beasiswa`, or "
           "`all`", "Program", "all"),
        _c("cases", "count", "number of claims (1 per row in a claim-level extract)",
           "Jumlah Kasus"),
        _c("amount_idr", "amount", "amount paid in Rupiah", "Nominal (Rp)"),
        *_SOURCE,
        _c("claim_date", "date", "claim-level extracts: the day of the claim (an ordered "
           "categorical of days)", "Tanggal Klaim", optional=True),
        _c("claim_id", "identifier", "claim-level extracts: claim or KPJ number, as text",
           "Nomor Klaim", optional=True),
    ),
    required=(("region", "regency", "province"), ("cases", "amount_idr")),
    keys=("region_code", "period", "program", "source"),
    sort=("region_code", "period", "program", "source"),
    detect=("cases", "amount_idr"),
    time="period",
)

TARGETS = TableSpec(
    kind="targets",
    doc="Coverage targets: RPJMN, RKP, RPJPN, Kemendagri, governors' statements.",
    columns=(
        *_REGION,
        _c("year", "year", "the year the target is for", "Tahun"),
        _c("target_pct", "percent", "the target in percent", "Target (%)"),
        _c("basis", "text", "the document or statement that sets it", "Dasar", ""),
        *_SOURCE,
    ),
    required=(("region", "regency", "province"), ("year",), ("target_pct",)),
    keys=("region_code", "year", "basis", "source"),
    sort=("region_code", "year", "basis", "source"),
    detect=("target_pct",),
    time="year",
)

AWARDS = TableSpec(
    kind="awards",
    doc="Paritrana Award winners.",
    columns=(
        _c("year", "year", "award year", "Tahun"),
        _c("scope", "text", "national or province", "Lingkup"),
        _c("province", "text", "ISO code of the province (provincial awards)", "Provinsi"),
        _c("category", "text", "award category", "Kategori"),
        _c("rank", "rank", "1, 2, 3 (empty for special awards)", "Peringkat"),
        _c("winner", "text", "the winning company, district or village", "Pemenang"),
        *_SOURCE,
    ),
    required=(("year",), ("category",), ("winner",)),
    keys=(),
    sort=("year", "scope", "province", "category", "rank", "winner"),
    detect=("winner",),
    detect_with=("rank", "category"),
    time="year",
    needs_region=False,
)

PARTICIPANTS = TableSpec(
    kind="participants",
    doc="Participants per region, segment and month, counted from a row-level extract "
        "(load/rowlevel: never from a workbook; no personal data).",
    columns=(
        *_REGION,
        _c("segment", "text", "as for coverage; `unknown` where the extract's cell is empty",
           "Segmen", "unknown"),
        _c("month", "date", "first day of the month", "Bulan"),
        _c("active", "count", "participants registered by the month and paid for it"),
        _c("new", "count", "participants registered in the month"),
        _c("lapsed", "count", "participants whose last paid month is the month before"),
        *_SOURCE,
    ),
    required=(("region", "regency", "province"),),
    keys=("region_code", "segment", "month", "source"),
    sort=("region_code", "segment", "month", "source"),
    detect=("active",),
    time="month",
)

SPECS: dict[str, TableSpec] = {s.kind: s for s in (COVERAGE, WORKFORCE, CLAIMS, TARGETS,
                                                   AWARDS)}
ROW_LEVEL_SPECS: dict[str, TableSpec] = {"participants": PARTICIPANTS}  # DuckDB readers
DETECT_ORDER = ("awards", "targets", "claims", "coverage", "workforce")  # specific first
KINDS = tuple(SPECS)
REGION_ROLES = ("regency", "region", "province")  # the columns that can name a region


def spec(kind: str) -> TableSpec:
    found = SPECS.get(kind) or ROW_LEVEL_SPECS.get(kind)
    if found is None:
        raise ValueError(f"unknown table kind {kind!r}: choose one of {', '.join(KINDS)}")
    return found
