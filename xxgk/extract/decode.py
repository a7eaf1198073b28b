"""Bytes -> text: HTTP charset, BOM, <meta> charset, UTF-8, GB18030 (in that order).

gb2312/gbk are decoded as gb18030 (their superset): pages declared gb2312 often contain
GBK-only characters in people's names.
"""
from __future__ import annotations

import codecs
import re
from typing import Mapping

from .errors import ExtractionError

_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "cp936": "gb18030", "euc-cn": "gb18030", "utf8": "utf-8", "big5": "big5hkscs",
            "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "utf-8", "latin-1": "utf-8", "latin_1": "utf-8",
            "cp1252": "utf-8", "windows-1252": "utf-8"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = ((b"%PDF", "a PDF file"), (b"PK\x03\x04", "a zip archive (docx/xlsx/ofd?)"),
          (b"\xd0\xcf\x11\xe0", "an OLE document (doc/xls?)"), (b"\x89PNG", "a PNG image"),
          (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"Rar!", "a RAR archive"),
          (b"7z\xbc\xaf", "a 7z archive"), (b"\x1f\x8b", "gzip-compressed data"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,30})""", re.I)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # control characters but \t\n\v\f\r
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,30})", re.I)


def normalise_charset(name: str | None) -> str | None:
    """Canonical codec name for a declared charset (gb2312/gbk -> gb18030), or None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _ALIASES.get(canonical, canonical)


def header_charset(headers: Mapping[str, str] | None) -> str | None:
    """The charset of a Content-Type header (any key case), normalised."""
    if not headers:
        return None
    for key, value in headers.items():
        key = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key.lower() == "content-type":
            if isinstance(value, (list, tuple)):
                value = value[0] if value else ""
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            match = _HEADER_CHARSET.search(str(value))
            return normalise_charset(match.group(1)) if match else None
    return None


def _check_binary(body: bytes) -> None:
    if not body or not body.strip():
        raise ExtractionError("empty input: no bytes to extract from")
    head = body[:8].lstrip()
    for magic, what in _MAGIC:
        if body.startswith(magic) or head.startswith(magic):
            raise ExtractionError(f"binary input: this is {what}, not an HTML page")
    if b"\x00" in body[:4096]:
        raise ExtractionError("binary input: NUL bytes found, not an HTML/text page")


def _try(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _check_text(text: str) -> None:
    sample = text[:4096]
    bad = len(_CONTROL.findall(sample))
    bad += sample.count("\ufffd")
    if sample and bad / len(sample) > 0.1:
        raise ExtractionError("binary input: mostly control characters, not an HTML/text page")
    if not text.strip():
        raise ExtractionError("empty input: only whitespace")


def decode_body(body: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode page bytes; return (text, encoding). Raises ExtractionError for non-pages."""
    if isinstance(body, str):
        _check_text(body)
        return body, "utf-8"
    if body is None:
        raise ExtractionError("empty input: no bytes to extract from")
    body = bytes(body)
    for bom, enc in _BOMS:
        if body.startswith(bom):
            text = _try(body, enc)
            if text is not None:
                _check_text(text)
                return text.lstrip("\ufeff"), enc.replace("-sig", "")
    _check_binary(body)
    candidates = [header_charset(headers)]
    match = _META_CHARSET.search(body[:4096])
    candidates.append(normalise_charset(match.group(1).decode("ascii")) if match else None)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        if enc:
            text = _try(body, enc)
            if text is not None:
                _check_text(text)
                return text, enc
    enc = next(e for e in candidates if e)
    text = body.decode(enc, errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ExtractionError(f"undecodable input: not valid {enc}, UTF-8 or GB18030 text")
    _check_text(text)
    return text, enc
