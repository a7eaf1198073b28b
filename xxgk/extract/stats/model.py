"""The parsed statistics: one ``StatCell`` per table cell or prose quantity, one ``Check`` per
consistency rule tested."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class StatCell:
    section: str              # active | applications | review | fees | training (codes.SECTIONS)
    row_code: str             # codes.ROWS
    col_code: str             # codes.COLS
    value: float | int | None  # None: empty, "&nbsp;", "/" (never guessed as 0)
    unit: str | None
    raw: str                  # the cell text (or the matched words) as printed
    row_label: str = ""       # printed row label
    col_label: str = ""       # printed column label
    format: str = "2019"      # "2019" | "2021" | "prose"
    method: str = "table"     # how it was read: "table" (HTML) | "text" (text lines of a PDF)
                              # | "pdf_layout" | "ocr" | "docx" | "xlsx" | "xls" | "prose"
    sentence: str | None = None  # prose: the sentence the number came from
    confidence: float | None = None  # OCR: the recogniser's confidence in the printed cell

    def as_dict(self) -> dict:
        return dict(self.__dict__)  # flat fields: no need for asdict's deep copy


STATUSES = {True: "ok", False: "failed", None: "unknown"}


@dataclass(frozen=True)
class Check:
    code: str                 # e.g. "identity:total", "sum:natural_person", "review_total:reconsideration"
    ok: bool | None           # True passed, False failed (a printed inconsistency), None unknown
    expected: float | None    # the side the rule says it must equal (e.g. new + carried_over); None when unknown
    actual: float | None      # the printed number compared with it; None when unknown
    detail: dict = field(default_factory=dict)  # every number involved, by code; "missing": cells not read
    status: str = ""          # "ok" | "failed" | "unknown" (a cell it needs was not read); from ok when ""

    def __post_init__(self):
        if not self.status:
            object.__setattr__(self, "status", STATUSES[self.ok])
        elif STATUSES.get(self.ok) != self.status:
            raise ValueError(f"check {self.code}: ok={self.ok!r} contradicts status={self.status!r}")

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Field:
    """One grid position of a table row (or one field of a text line)."""
    raw: str
    label: str                # codes.norm_label(raw)
    first: bool = True        # False for a position covered by a rowspan/colspan of another cell
    key: int = 0              # the physical cell it belongs to
    confidence: float | None = None  # OCR: how sure the recogniser was of this cell's text
