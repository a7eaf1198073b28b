"""Text and tables of image-only reports (scanned PDFs, reports posted as images, 图片版) by OCR.

    ocr_image(data, max_chars=...) -> OcrResult | None   # PNG, JPEG, TIFF (every frame)
    ocr_pdf(data, max_chars=...) -> OcrResult | None     # each page rendered with pypdfium2

None means no OCR engine is installed. The engine is RapidOCR (``rapidocr-onnxruntime`` 1.4: the
PP-OCRv4 Chinese detection and recognition models ship inside the wheel, so it works offline),
loaded once per process. docs/ocr.md has the comparison with tesseract chi_sim that chose it.

Tables are rebuilt from the text boxes: boxes whose vertical centres agree form a row, a wrapped
label line with no numbers joins the row of numbers beside it, and each row comes out as
``[label, v1, v2, …]`` (the numbers in x order; a gap in a column the rows around it fill is an
empty cell). Each page is one table whose rows include its headings, as the statistics parser
wants them (``stats.parse_stats_tables``). Every cell keeps the recogniser's score (0..1; for a
cell merged from several boxes, the lowest).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from statistics import median

MAX_PAGES = 40          # pages of a scanned PDF read by OCR (the rest are left out)
MAX_PIXELS = 40_000_000  # an image larger than this is refused (decompression bombs)
MIN_PAGE_SCORE = 0.6     # a page whose boxes score lower (median) is taken to hold no text
LONG_SIDE = 2000        # pixels: pages are rendered (and images scaled down) to this long side
_SPLIT = re.compile(r"^[\d.,%+\-/]+(?:\s+[\d.,%+\-/]+)+$")  # "45 6 0": numbers of several cells
_ENGINE = None          # the RapidOCR instance, loaded on first use
_LOOK_ALIKE = str.maketrans({"o": "0", "O": "0", "〇": "0", "I": "1", "l": "1", "|": "1",
                             "丨": "1", "√": "1", "S": "5", "B": "8"})


@dataclass
class OcrResult:
    text: str
    tables: list | None = None       # rows of cell texts, rebuilt from the text boxes
    confidences: list | None = None  # the same shape: each cell's recognition confidence


@dataclass
class Box:
    """One recognised text line: its bounding box in pixels, text and score."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


ENGINE_OPTIONS = {  # measured on tests/data/ocr (docs/ocr.md)
    "use_cls": False,      # the angle classifier turns single-digit crops by 180° (6 <-> 9)
    "text_score": 0.3,     # low-scoring text is kept, with its score, rather than dropped
    "det_box_thresh": 0.3,  # 0.5 misses a lone thin "1" in a narrow cell
    "intra_op_num_threads": 1, "inter_op_num_threads": 1,  # CPU time = wall time (the budget)
}
on_start = None  # called once before the engine loads (extract.bounded raises its budgets)


def engine():
    """The OCR engine of this process (loaded once), or None when rapidocr is not installed."""
    global _ENGINE, on_start
    if on_start is not None:
        start, on_start = on_start, None
        start()
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            return None
        _ENGINE = RapidOCR(**ENGINE_OPTIONS)
    return _ENGINE


def ocr_image(data: bytes, max_chars: int = 1_000_000) -> OcrResult | None:
    """Text and tables of an image (every frame of a multi-page TIFF)."""
    from PIL import Image, ImageSequence

    if engine() is None:
        return None
    image = Image.open(io.BytesIO(data))
    if image.width * image.height > MAX_PIXELS:
        raise ValueError(f"image of {image.width}x{image.height} pixels is over the "
                         f"{MAX_PIXELS:,}-pixel OCR limit")
    return _read_pages((frame.copy() for frame in ImageSequence.Iterator(image)), max_chars)


def ocr_pdf(data: bytes, max_chars: int = 1_000_000) -> OcrResult | None:
    """Text and tables of a PDF with no text layer: each page rendered (long side LONG_SIDE
    pixels) and read; at most MAX_PAGES pages."""
    import pypdfium2

    if engine() is None:
        return None
    pdf = pypdfium2.PdfDocument(data)
    try:
        def pages():
            for index in range(min(len(pdf), MAX_PAGES)):
                page = pdf[index]
                width, height = page.get_size()
                yield page.render(scale=LONG_SIDE / max(width, height, 1)).to_pil()
        return _read_pages(pages(), max_chars)
    finally:
        pdf.close()


def _read_pages(images, max_chars: int) -> OcrResult:
    texts, tables, confidences, size = [], [], [], 0
    for image in images:
        boxes = recognise(image)
        if boxes and median(b.score for b in boxes) < MIN_PAGE_SCORE:
            continue  # noise, a photo, a pattern: what was "read" there is garbage
        rows = page_rows(boxes)
        if rows:
            tables.append([[text for text, _ in row] for row in rows])
            confidences.append([[score for _, score in row] for row in rows])
            texts.append("\n".join("\t".join(text for text, _ in row) for row in rows))
            size += len(texts[-1])
        if size > max_chars:
            break
    return OcrResult("\n\n".join(texts), tables or None, confidences or None)


def recognise(image) -> list[Box]:
    """The text boxes of one page image."""
    import numpy

    image = image.convert("RGB")
    scale = min(1.0, LONG_SIDE / max(image.size))
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    found, _ = engine()(numpy.asarray(image)[:, :, ::-1])  # the engine wants BGR, as OpenCV
    boxes = []
    for points, text, score in found or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if text.strip():
            boxes.extend(_split(Box(min(xs), min(ys), max(xs), max(ys), text.strip(),
                                    float(score))))
    return boxes


def _split(box: Box) -> list[Box]:
    """A box holding the numbers of several cells ("45 6 0"), one box per number, its x range
    shared out by characters."""
    if not _SPLIT.match(box.text):
        return [box]
    words, out, at = box.text.split(), [], 0
    per_char = (box.x1 - box.x0) / max(len(box.text), 1)
    for word in words:
        start = box.text.index(word, at)
        at = start + len(word)
        out.append(Box(box.x0 + start * per_char, box.y0, box.x0 + at * per_char, box.y1, word,
                       box.score))
    return out


# Tables from boxes ------------------------------------------------------------------------------

def page_rows(boxes: list[Box]) -> list[list[tuple[str, float | None]]]:
    """The page's rows in reading order, each ``[(label, score), (v1, score), …]``."""
    if not boxes:
        return []
    line = median(b.y1 - b.y0 for b in boxes)
    rows = _cluster_rows(boxes, line)
    _digits(rows)
    rows = _merge_wrapped(rows, line)
    return _cells(rows, line)


def _cluster_rows(boxes: list[Box], line: float) -> list[list[Box]]:
    """Boxes grouped by vertical centre: a box joins the row whose centre is within 0.45 lines."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.yc):
        if rows and abs(box.yc - median(b.yc for b in rows[-1])) <= 0.45 * line:
            rows[-1].append(box)
        else:
            rows.append([box])
    return [sorted(row, key=lambda b: b.x0) for row in rows]


def is_number(text: str) -> bool:
    from xxgk.extract.stats.values import is_value

    return is_value(text)


def _values(row: list[Box]) -> list[Box]:
    return [b for b in row if is_number(b.text)]


def _digits(rows: list[list[Box]]) -> None:
    """In a row of numbers, a short box right of the first number that reads as a number once
    look-alike letters are taken for digits (o -> 0, I -> 1) is that number; its score stays."""
    for row in rows:
        values = _values(row)
        if not values:
            continue
        first = min(b.x0 for b in values)
        for box in row:
            fixed = box.text.translate(_LOOK_ALIKE)
            if box.x0 >= first and len(box.text) <= 4 and fixed != box.text and is_number(fixed):
                box.text = fixed


def _merge_wrapped(rows: list[list[Box]], line: float) -> list[list[Box]]:
    """Rows without numbers that lie left of a neighbouring number row's first number and
    touch it (a wrapped row label, a merged label cell) become part of that row."""
    merged = [list(row) for row in rows]
    for i, row in enumerate(rows):
        if _values(row):
            continue
        best, gap = None, 0.6 * line
        for j in (i - 1, i + 1, i - 2, i + 2):
            if 0 <= j < len(rows) and _values(rows[j]) and _gap(row, rows[j]) < gap \
                    and all(_in_label(b, rows[j], line) for b in row):
                best, gap = j, _gap(row, rows[j])
        if best is not None:
            merged[best].extend(row)
            merged[i] = []
    return [sorted(row, key=lambda b: b.x0) for row in merged if row]


def _gap(a: list[Box], b: list[Box]) -> float:
    top, bottom = (a, b) if min(x.y0 for x in a) < min(x.y0 for x in b) else (b, a)
    return min(x.y0 for x in bottom) - max(x.y1 for x in top)


def _in_label(box: Box, row: list[Box], line: float) -> bool:
    """Whether a box sits in the label part of a number row: left of its first number, and
    left of its label or lined up with a label box (left-aligned or centred wrapped text)."""
    first = min(b.x0 for b in _values(row))
    labels = [b for b in row if b.x1 <= first and not is_number(b.text)]
    if box.x1 > first:
        return False
    return not labels or box.x1 <= min(b.x0 for b in labels) or any(
        abs(box.x0 - b.x0) < line or abs(box.xc - b.xc) < line for b in labels)


def _cells(rows: list[list[Box]], line: float) -> list[list[tuple[str, float | None]]]:
    """Each row as its label cell (the text boxes left of the first number, in column then
    line order) and its other boxes one cell each; a number row short of its block's columns
    gets empty cells where its numbers are missing."""
    out = []
    for row, columns in zip(rows, _columns(rows, line)):
        values = _values(row)
        if not values:  # a heading or a header row: one cell per box
            out.append([(b.text, b.score) for b in row])
            continue
        first = min(b.x0 for b in values)
        label = sorted((b for b in row if b.x1 <= first and b not in values),
                       key=lambda b: (round(b.x0 / (2 * line)), b.yc))
        rest = [b for b in row if b not in label]
        cells = [("".join(b.text for b in label), min(b.score for b in label))] if label else []
        if columns and values and len(values) < len(columns) and len(rest) == len(values):
            slots = {min(range(len(columns)), key=lambda k: abs(columns[k] - b.xc)): b
                     for b in values}
            if len(slots) == len(values):
                rest = [slots.get(k) for k in range(len(columns))]
        if not cells:
            cells = [("", None)]
        cells += [(b.text, b.score) if b is not None else ("", None) for b in rest]
        out.append(cells)
    return out


def _columns(rows: list[list[Box]], line: float) -> list[list[float] | None]:
    """Per row, the x centres of its block's number columns (a block: consecutive rows with
    numbers), when most of the block's rows have that many numbers; else None."""
    out: list[list[float] | None] = [None] * len(rows)
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and _values(rows[j]):
            j += 1
        if j > i:
            centres = sorted(b.xc for row in rows[i:j] for b in _values(row))
            columns = [[centres[0]]]
            for x in centres[1:]:
                if x - columns[-1][-1] < 1.5 * line:
                    columns[-1].append(x)
                else:
                    columns.append([x])
            counts = [len(_values(row)) for row in rows[i:j]]
            if counts.count(len(columns)) * 2 > len(counts):
                out[i:j] = [[median(c) for c in columns]] * (j - i)
        i = j + 1
    return out
