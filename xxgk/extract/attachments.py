"""Files attached to the article: links, pdf.js viewers, <embed>/<object>, window.open, document.write.

Only inside the article area (metadata block, body container, the attachment block after it),
never sidebars/footers (site-wide 政府信息公开申请表.doc) and never images. The pictures of an
image-only report (图片版: the title says so, or a report whose body has next to no text) are its
pages, not attachments: ``body_images`` lists them (the record's ``page_images``) so that the
crawler downloads them and OCR reads them; logos, icons, buttons and small pictures never count.
"""
from __future__ import annotations

import html as _html
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from .dom import Page
from .layout import Layout
from .regions import in_spans
from .text import squeeze
from .urls import join

EXTENSIONS = ("pdf", "doc", "docx", "wps", "xls", "xlsx", "zip", "rar", "ofd", "7z", "et", "ppt",
              "pptx", "txt", "csv", "tif", "ceb", "caj")
_EXT_RE = re.compile(r"\.(?:" + "|".join(EXTENSIONS) + r")$", re.I)
_STOP = re.compile(r"^[\s【\[]*(?:上一篇|下一篇|上一条|下一条|相关链接|相关文章|相关新闻|相关阅读|相关信息|"
                   r"相关稿件|扫一扫|版权所有|主办单位|网站地图)")
_OPEN = re.compile(r"""(?:window\.open|location\.href\s*=|location\s*=|openFile|download\w*)\s*\(?\s*['"]([^'"]+)['"]""")
_SCRIPT_FILE = re.compile(
    r"""(?:href|src)\s*=\s*\\?["']([^"'<>\\]+?)\\?["']|["']([^"'<>\s\\]+?\.(?:"""
    + "|".join(EXTENSIONS) + r"""))["']""", re.I)
_EXT_TEXT = re.compile(r"\.(?:" + "|".join(EXTENSIONS) + r")\s*[】\])）]?\s*$", re.I)
_DOWNLOAD = re.compile(r"download|downfile|attach|getfile|fileid|/file", re.I)
_SITE_WIDE = re.compile(r"信息公开申请表|申请表格式|申请书(?:范本|样本|格式)")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "tif", "tiff")  # the formats the OCR reader takes
_IMAGE_RE = re.compile(r"\.(?:" + "|".join(IMAGE_EXTENSIONS) + r")$", re.I)
_PICTURE_VERSION = re.compile(r"图片版|图片形式|扫描版|扫描件")
_FURNITURE_IMG = re.compile(r"logo|icon|banner|button|arrow|share|qrcode|erweima|wechat|weixin|"
                            r"weibo|print|close|spacer|blank|bullet|jiucuo|conac|gongan|beian|dzjg|"
                            r"(?:^|[_.-])(?:ewm|bg|ico|btn|nav|top)(?:[_.\d-]|$)", re.I)
SHORT_BODY = 200   # characters of body text under which a report's body pictures are its pages
MIN_IMAGE_SIDE = 300  # pixels: a picture declared smaller (width/height) is furniture


def is_file_url(url: str) -> bool:
    """True for a URL to a document file: by its path or a query value (downfile.jsp?filename=x.pdf)."""
    parts = urlsplit(url)
    if _EXT_RE.search(unquote(parts.path)):
        return True
    return any(_EXT_RE.search(value.strip()) for _key, value in parse_qsl(parts.query))


def viewer_target(url: str) -> str | None:
    """The decoded ``file=`` target of a pdf.js viewer URL, resolved against the viewer."""
    parts = urlsplit(url)
    if "viewer" not in parts.path.lower() and "pdfjs" not in parts.path.lower():
        return None
    for key, value in parse_qsl(parts.query + "&" + parts.fragment):
        if key.lower() == "file" and value:
            return join(url, unquote(value))
    return None


def _area_spans(page: Page, layout: Layout) -> list[tuple[int, int]]:
    spans = [layout.body_span]
    if layout.head_span:
        spans.append((layout.head_span[0], layout.body_span[0] + 1))
    after = page.lines_between(layout.body_span[1], 1 << 62)
    end = layout.body_span[1]
    for line in after[:15]:
        if in_spans(line.pos, layout.chrome) or _STOP.match(line.text):
            end = line.pos
            break
        end = line.pos + 1
    spans.append((layout.body_span[1], end))
    return spans


def _link_text(el) -> str:
    return squeeze(el.text_content()) or el.get("title") or ""


def _candidates(page: Page):
    """(element, url, text) for every element that points at a file; text None for a link's
    (``_link_text``, read only for a link inside the article area: most links are the site's)."""
    for el in page.root.iter("a", "iframe", "embed", "object", "frame", "area", "span", "div", "button",
                             "img", "input", "li", "td", "p"):
        tag = el.tag
        if tag in ("a", "area"):
            href = el.get("href") or ""
            if href and not href.lower().startswith(("javascript:", "mailto:", "#")):
                yield el, href, None
        elif tag in ("iframe", "embed", "frame", "object"):
            src = el.get("src") or el.get("data") or ""
            if src:
                yield el, src, el.get("title") or ""
        onclick = el.get("onclick") or ""
        if tag == "a":
            onclick += " " + (el.get("href") or "")
        for match in _OPEN.finditer(onclick) if onclick else ():
            yield el, match.group(1), None


def extract_attachments(page: Page, layout: Layout) -> list[dict]:
    """[{"url", "text"}] for files attached to the article, absolute, in page order, no duplicates."""
    area = _area_spans(page, layout)
    found: dict[str, str] = {}

    def add(url: str, text: str | None, pos: int | None, el=None):
        if pos is not None and (not in_spans(pos, area) or in_spans(pos, layout.chrome)):
            return
        if text is None:  # a link's: read now that it is in the article area
            text = _link_text(el)
        url = _html.unescape(url.strip())
        absolute = page.absolute(url)
        if absolute is None:
            return
        target = viewer_target(absolute)
        if target:
            absolute = target
        if not (is_file_url(absolute) or (_EXT_TEXT.search(text or "") and _DOWNLOAD.search(absolute))):
            return
        if _SITE_WIDE.search(text or ""):
            return
        text = squeeze(text) or unquote(urlsplit(absolute).path.rsplit("/", 1)[-1])
        if absolute not in found or not found[absolute]:
            found[absolute] = text

    for el, url, text in _candidates(page):
        holder = el
        while holder is not None and holder not in page.span:
            holder = holder.getparent()
        if holder is not None:
            add(url, text, page.span[holder][0], el)
    for _src, script, parent in page.scripts:
        pos = page.span.get(parent, (None,))[0] if parent is not None else None
        if pos is None or not script:
            continue
        for match in _SCRIPT_FILE.finditer(script):
            url = match.group(1) or match.group(2)
            label = re.search(r">\s*([^<>]{1,120}?)\s*</a>", script[match.end():match.end() + 400])
            add(url, label.group(1) if label else "", pos)
    return [{"url": url, "text": text} for url, text in found.items()]


def body_images(page: Page, layout: Layout, title: str | None, body_text: str | None,
                is_report: bool, attachments=()) -> list[dict]:
    """[{"url", "text"}] of the pictures in the body of an image-only report (图片版): a report
    whose title says 图片版/扫描版, or which has no attachment (a report with documents is read
    from them) and whose body text has under SHORT_BODY characters. JPEG, PNG
    and TIFF only, not furniture (logo, icon, QR code … by name; declared under MIN_IMAGE_SIDE
    pixels), in page order; [] for any other page."""
    if layout.body_el is None or not is_report or not (
            _PICTURE_VERSION.search(title or "")
            or (not attachments and len(squeeze(body_text or "")) < SHORT_BODY)):
        return []
    found: dict[str, str] = {}
    for img in layout.body_el.iter("img"):
        src = next((img.get(k) for k in ("src", "data-src", "data-original") if img.get(k)), "")
        holder = img
        while holder is not None and holder not in page.span:
            holder = holder.getparent()
        pos = page.span[holder][0] if holder is not None else None
        if (not src or src.strip().lower().startswith("data:") or pos is None
                or not (layout.body_span[0] <= pos < layout.cut) or in_spans(pos, layout.chrome)):
            continue
        url = page.absolute(_html.unescape(src.strip()))
        if url and url not in found and _content_image(url, img):
            found[url] = (squeeze(img.get("alt") or img.get("title") or "")
                          or unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
    return [{"url": url, "text": text} for url, text in found.items()]


def _content_image(url: str, img) -> bool:
    name = unquote(urlsplit(url).path)
    if not _IMAGE_RE.search(name) or _FURNITURE_IMG.search(name.rsplit("/", 1)[-1]):
        return False
    for side in (img.get("width"), img.get("height")):
        digits = re.match(r"\s*(\d+)\s*(?:px)?\s*$", side or "")
        if digits and int(digits.group(1)) < MIN_IMAGE_SIDE:
            return False
    return True
