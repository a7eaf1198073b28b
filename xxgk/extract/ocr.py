"""Text and tables of image-only reports (scanned PDFs, reports posted as images) by OCR.

    ocr_image(data, max_chars=...) -> OcrResult | None   # None: no OCR engine installed
    ocr_pdf(data, max_chars=...) -> OcrResult | None

Being written for issue 10 part 2; until then no OCR engine is used.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class OcrResult:
    text: str
    tables: list | None = None       # rows of cell texts, rebuilt from the text boxes
    confidences: list | None = None  # the same shape: each cell's recognition confidence


def ocr_image(data: bytes, max_chars: int = 1_000_000) -> OcrResult | None:
    return None


def ocr_pdf(data: bytes, max_chars: int = 1_000_000) -> OcrResult | None:
    return None
