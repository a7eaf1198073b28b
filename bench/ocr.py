"""OCR benchmark: the generated image-only report pages of tests/data/ocr (the 2021 standard
tables drawn with Noto CJK, one page a blurred JPEG scan) read by RapidOCR and, when installed,
by tesseract chi_sim; the same table rebuild and statistics parser after each. A cell is right
when its parsed value equals tests/data/ocr/expected.json."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import time
from pathlib import Path

from PIL import Image

from xxgk.extract import ocr
from xxgk.extract.stats import parse_stats_tables

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "ocr"
IMAGES = ["page1_active.png", "page2_applications.jpg", "page3_review.png"]


def cells_of(result: ocr.OcrResult) -> dict[str, object]:
    """``"section,row,col" -> value`` of the statistics parsed from an OCR result."""
    cells = parse_stats_tables(result.tables or [], 2021, "ocr", result.confidences, result.text)
    return {f"{c.section},{c.row_code},{c.col_code}": c.value for c in cells}


def score(found: dict, expected: dict) -> int:
    return sum(1 for key, value in expected.items() if key in found and found[key] == value)


def tesseract_boxes(image: Image.Image, psm: int = 11) -> list[ocr.Box]:
    """Text lines from tesseract 5 (chi_sim, page segmentation 11: sparse text, which finds the
    cells of a ruled table), as OCR boxes; a line's score is its words' lowest confidence."""
    buf = io.BytesIO()
    image.convert("L").save(buf, "PNG")
    tsv = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", str(psm), "tsv"],
                         input=buf.getvalue(), capture_output=True, check=True).stdout.decode()
    lines: dict[tuple, list] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) == 12 and f[11].strip() and float(f[10]) >= 0:
            lines.setdefault((f[2], f[3], f[4]), []).append(f)
    boxes = []
    for words in lines.values():
        x0 = min(int(w[6]) for w in words)
        y0 = min(int(w[7]) for w in words)
        x1 = max(int(w[6]) + int(w[8]) for w in words)
        y1 = max(int(w[7]) + int(w[9]) for w in words)
        text = "".join(w[11] for w in words) if all(not w[11].isascii() for w in words) \
            else " ".join(w[11] for w in words)
        boxes.extend(ocr._split(ocr.Box(x0, y0, x1, y1, text,
                                        min(float(w[10]) for w in words) / 100)))
    return boxes


def run(engine: str) -> tuple[int, int, float]:
    """(cells right, cells expected, seconds per page) of one engine over the image pages."""
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    right = total = 0
    seconds = 0.0
    for name in IMAGES:
        image = Image.open(DATA / name)
        start = time.perf_counter()
        boxes = ocr.recognise(image) if engine == "rapidocr" else tesseract_boxes(image)
        seconds += time.perf_counter() - start
        rows = ocr.page_rows(boxes)
        result = ocr.OcrResult("\n".join("\t".join(t for t, _ in r) for r in rows),
                               [[[t for t, _ in r] for r in rows]],
                               [[[s for _, s in r] for r in rows]])
        right += score(cells_of(result), expected[name])
        total += len(expected[name])
    return right, total, seconds / len(IMAGES)


def ocr_table() -> list[str]:
    engines = ["rapidocr"] + (["tesseract"] if shutil.which("tesseract") else [])
    ocr.engine()  # loaded before the clock starts (once per process in the reader)
    lines = [f"OCR of {len(IMAGES)} generated report pages (`tests/data/ocr`, 1240×1754 px, "
             "the 2021 standard tables; one page a blurred JPEG), the same row/column rebuild "
             "and statistics parser after each engine; seconds per page on this machine's two "
             "cores, model loading excluded.", "",
             "| engine | cells right / expected | accuracy | seconds per page |",
             "|---|---|---|---|"]
    for name in engines:
        right, total, per_page = run(name)
        label = "rapidocr-onnxruntime (PP-OCRv4)" if name == "rapidocr" else "tesseract 5 chi_sim"
        lines.append(f"| {label} | {right} / {total} | {right / total:.1%} | {per_page:.1f} |")
    right, total, seconds, pages = scanned_pdf()
    lines.append(f"| the scanned PDF ({pages} pages) through `bounded.read_attachment` (child "
                 f"process, model loading included) | {right} / {total} | {right / total:.1%} | "
                 f"{seconds / pages:.1f} |")
    if "tesseract" not in engines:
        lines += ["", "tesseract is not installed here (Debian `tesseract-ocr-chi-sim`): not compared."]
    return lines


def scanned_pdf() -> tuple[int, int, float, int]:
    """(cells right, cells expected, seconds, pages) of the scanned PDF read as the crawler reads
    an attachment: in a bounded child process, OCR budgets and model loading included."""
    from xxgk.extract.bounded import read_attachment
    from xxgk.extract.stats import parse_stats_reading

    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))["scanned.pdf"]
    start = time.perf_counter()
    doc = read_attachment((DATA / "scanned.pdf").read_bytes(), "scanned.pdf")
    seconds = time.perf_counter() - start
    cells = parse_stats_reading(doc.text, 2021, doc.method, doc.tables, doc.confidences)
    found = {f"{c.section},{c.row_code},{c.col_code}": c.value for c in cells}
    return score(found, expected), len(expected), seconds, doc.pages or 1


if __name__ == "__main__":
    print("\n".join(ocr_table()))
