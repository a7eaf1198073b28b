"""A hostile loopback web for black-box crawl tests (``tests/test_hostile.py``).

Written from the crawl specification only (never from crawler/ or extract/). One process serves
several listeners that share one request log:

  main      http://127.0.0.1:P/      every scenario, chosen by path prefix (below)
  foreign   http://127.0.0.2:P2/     an off-site host: answers every path with a real-looking
                                     report, so anything fetched from it would be stored
  port80    http://127.0.0.5/        (bound on port 80 when possible) the ``:80`` identity case
  robots500 http://127.0.0.1:P3/     robots.txt answers 500
  robots404 http://127.0.0.1:P4/     robots.txt answers 404
  trap      127.0.0.1:P5             a raw TCP listener (for ``ftp://`` links): logs connections

Scenario listings (each crawled with ``xxgk crawl --url``):

  /scope/list.html            off-site redirects, meta refresh, off-site links and
                              attachments, redirects to private/link-local addresses,
                              ftp:/file:/javascript: links
  /identity/list.html         URLs with Chinese characters and spaces, an attachment
                              ``附件/2019年 报告.pdf``
  /identity/session/list.html 1,000 ``art.html?sessionid=…`` links and 300
                              ``jart.html;jsessionid=…`` links
  (port80) /identity/variants/list.html   #fragment, ``:80`` and percent-encoding case variants
  /lost/list.html             malformed link, malformed attachment link, redirect loop, 304 to
                              an unconditional request, 300 unclosed <font>, a ~9 MB text node
  /pager/list_1.html          530 listing pages (the cap is 500)
  /bounded/list.html          an XLSX whose dimension is A1:XFD1048576, a DOCX with 150 MB of XML
  /bounded/links/list.html    6,000 bare links
  (robots500|robots404) /robots/list.html

Control endpoints on every listener (never logged):
  GET /__log[?since=N]   JSON list of every request: role, host, method, path (raw), upath
                         (decoded), status, conditional (If-None-Match/If-Modified-Since sent)
  GET /__info            JSON: base URL of every listener

Run: ``python -m tests.hostile.server`` prints the main base URL on its first line, then
``ROLE URL`` lines, then ``READY``.
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import random
import socket
import threading
import time
import zipfile
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

PAGER_PAGES = 530
SESSION_LINKS = 1000
JSESSION_LINKS = 300
BARE_LINKS = 6000
DOCX_XML_BYTES = 150 * 1024 * 1024
BIG_PAGE_BYTES = 9 * 1024 * 1024  # the page limit is 10 MB: the text node stays under it
DEEP_FONTS = 300
FIXED_LM = 1577836800  # 2020-01-01T00:00:00Z

PDF_WORD = "Zhengwugongkai2019marker"
XLSX_WORD = "统计表标记词"
DEEP_MARKER = "本报告最后一句深层嵌套标记词"
BIG_MARKER = "超长文本节点之后的结尾标记词"

CITIES = ["阜阳", "义乌", "宿州", "衢州", "丽水", "湖州", "嘉兴", "绍兴", "台州", "金华",
          "温州", "舟山", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "黄山"]
BUREAUS = ["商务局", "财政局", "教育局", "民政局", "司法局", "交通运输局", "农业农村局",
           "自然资源和规划局", "生态环境局", "住房和城乡建设局", "水利局", "卫生健康委员会"]


# ------------------------------------------------------------------ page builders
def esc(s: str) -> str:
    return html.escape(s, quote=True)


def agency_for(key: str) -> str:
    h = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16)
    return f"{CITIES[h % len(CITIES)]}市{BUREAUS[(h // 97) % len(BUREAUS)]}"


def report_paragraphs(key: str, agency: str, year: int = 2019) -> list[str]:
    """Several paragraphs of standard report text, with numbers that differ per ``key``."""
    h = int(hashlib.sha1(("n" + key).encode("utf-8")).hexdigest(), 16)
    n = [(h >> (8 * i)) % 200 + 3 for i in range(8)]
    return [
        f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特向社会公布{year}年度"
        f"{agency}政府信息公开工作年度报告。本报告由总体情况、主动公开政府信息情况、收到和处理"
        f"政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
        f"其他需要报告的事项六个部分组成。本报告中所列数据的统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。报告编号{key}。",
        f"一、总体情况。{year}年，{agency}认真贯彻落实党中央、国务院关于全面推进政务公开工作的"
        f"决策部署，坚持以公开为常态、不公开为例外，全年主动公开政府信息{n[0]}条，其中规范性"
        f"文件{n[1]}件，政策解读{n[2]}篇，召开新闻发布会{n[3] % 12 + 1}场。",
        f"二、主动公开政府信息情况。通过门户网站政府信息公开专栏公开机构职能、规划计划、"
        f"财政预决算、行政许可和行政处罚等信息，其中行政许可{n[4]}件，行政处罚{n[5]}件。",
        f"三、收到和处理政府信息公开申请情况。全年共收到政府信息公开申请{n[6]}件，其中自然人"
        f"申请{n[6] - 2}件，法人或其他组织申请2件；予以公开{n[7] % 50}件，部分公开3件，"
        f"不予公开1件，无法提供{n[0] % 9}件，不予处理0件。",
        f"四、政府信息公开行政复议、行政诉讼情况。全年因政府信息公开被申请行政复议"
        f"{n[1] % 4}件，提起行政诉讼{n[2] % 3}件，结果均为维持。",
        "五、存在的主要问题及改进情况。政府信息公开的及时性、规范性仍需加强，公开内容的"
        "解读和回应还不够深入。下一步将进一步健全工作机制，加强业务培训，提升公开质量。",
        "六、其他需要报告的事项。本年度未收取信息处理费。",
    ]


HEADER = ('<div class="header"><div class="logo">{site}</div><ul class="nav"><li><a href="/">首页</a>'
          '</li><li><a href="/xxgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li>'
          '</ul></div>')
FOOTER = ('<div class="footer"><p>主办单位：{site}办公室　地址：人民路1号　邮编：236000</p>'
          '<p>网站标识码：3412000001　皖ICP备05001234号</p></div>')


def listing_page(items, next_href: str | None = None, extra: str = "",
                 site: str = "阜阳市人民政府", page_no: int = 1, pages: int = 1) -> bytes:
    """``items``: [(href, text, date)] — href written into the page as is (only HTML-escaped)."""
    lis = "\n".join(
        f'<li><a href="{esc(h)}" target="_blank" title="{esc(t)}">{esc(t)}</a><span>{d}</span></li>'
        for h, t, d in items)
    pager = f'<div class="page">共{pages}页 当前第{page_no}页 '
    if next_href:
        pager += f'<a href="{esc(next_href)}">下一页</a> '
    pager += "</div>"
    doc = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_{site}</title>'
           f'</head><body>{HEADER.format(site=site)}<div class="main"><div class="crumb">当前位置：'
           f'<a href="/">首页</a> &gt; 政府信息公开 &gt; 政府信息公开年报</div>'
           f'<div class="lm-title">政府信息公开年报</div><ul class="list">\n{lis}\n</ul>{pager}'
           f'{extra}</div>{FOOTER.format(site=site)}</body></html>')
    return doc.encode("utf-8")


def article_page(title: str, date: str, source: str, paragraphs, attachments=(),
                 head_extra: str = "", raw_body_tail: str = "", site: str = "阜阳市人民政府") -> bytes:
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    att = ""
    if attachments:
        att = "<p>附件：" + "　".join(f'<a href="{esc(h)}">{esc(t)}</a>' for h, t in attachments) + "</p>"
    doc = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>{head_extra}'
           f'</head><body>{HEADER.format(site=site)}<div class="main"><div class="article">'
           f'<h1>{esc(title)}</h1><div class="info">发布日期：{date} 来源：{esc(source)}</div>'
           f'<div class="article-content">\n{paras}\n{att}{raw_body_tail}</div></div></div>'
           f'{FOOTER.format(site=site)}</body></html>')
    return doc.encode("utf-8")


def report(key: str, attachments=(), year: int = 2019, date: str = "2020-01-15",
           agency: str | None = None) -> tuple[str, bytes]:
    agency = agency or agency_for(key)
    title = f"{year}年度{agency}政府信息公开工作年度报告"
    return title, article_page(title, date, agency, report_paragraphs(key, agency, year), attachments)


def report_title(key: str, year: int = 2019) -> str:
    return f"{year}年度{agency_for(key)}政府信息公开工作年度报告"


# ------------------------------------------------------------------ binary attachments
def make_pdf(lines) -> bytes:
    """A small valid one-page PDF (Helvetica, ASCII text) written by hand."""
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for ln in lines) + " ET"
    stream = text.encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R"
        b" >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


CT_XLSX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""
RELS_XLSX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WB_XLSX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="统计表" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WBRELS_XLSX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""
SHEET_XLSX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{word}</t></is></c><c r="B1" t="inlineStr"><is><t>收到申请数</t></is></c><c r="C1"><v>42</v></c></row></sheetData></worksheet>"""


def make_xlsx_bomb() -> bytes:
    """~1.5 KB XLSX whose only sheet claims 16384 × 1048576 cells."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT_XLSX)
        z.writestr("_rels/.rels", RELS_XLSX)
        z.writestr("xl/workbook.xml", WB_XLSX)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS_XLSX)
        z.writestr("xl/worksheets/sheet1.xml", SHEET_XLSX.format(word=XLSX_WORD))
    return buf.getvalue()


CT_DOCX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""
RELS_DOCX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""


def make_docx_bomb(xml_bytes: int = DOCX_XML_BYTES) -> bytes:
    """A DOCX whose word/document.xml is ``xml_bytes`` of paragraphs (deflates to a few 100 KB)."""
    buf = io.BytesIO()
    para = "<w:p><w:r><w:t>政府信息公开工作年度报告正文段落。</w:t></w:r></w:p>".encode("utf-8")
    chunk = para * (65536 // len(para))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT_DOCX)
        z.writestr("_rels/.rels", RELS_DOCX)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                    b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            written = 0
            while written < xml_bytes:
                f.write(chunk)
                written += len(chunk)
            f.write(b"</w:body></w:document>")
    return buf.getvalue()


class Lazy:
    def __init__(self, fn):
        self.fn, self.value, self.lock = fn, None, threading.Lock()

    def get(self):
        with self.lock:
            if self.value is None:
                self.value = self.fn()
            return self.value


PDF = Lazy(lambda: make_pdf([
    "2019 annual report on government information disclosure",
    f"Attachment text for search: {PDF_WORD}",
    "Section 1: overview. Section 2: proactive disclosure.",
]))
XLSX = Lazy(make_xlsx_bomb)
DOCX = Lazy(make_docx_bomb)


def big_page() -> bytes:
    title = "2019年度淮南市统计局政府信息公开工作年度报告"
    paras = report_paragraphs("lost-big", "淮南市统计局")
    unit = "表格数据区政府信息公开统计数据重复内容".encode("utf-8")
    head = article_page(title, "2020-01-20", "淮南市统计局", paras,
                        raw_body_tail="<p>@@BIG@@</p>" + f"<p>{BIG_MARKER}：本报告到此结束。</p>")
    before, after = head.split(b"@@BIG@@")
    n = (BIG_PAGE_BYTES - len(before) - len(after)) // len(unit)
    return before + unit * n + after


BIG = Lazy(big_page)


def deep_page() -> bytes:
    title = "2019年度铜陵市民政局政府信息公开工作年度报告"
    paras = report_paragraphs("lost-deep", "铜陵市民政局")
    tail = "<p>" + "".join(f'<font size="{i % 7 + 1}">第{i}层' for i in range(DEEP_FONTS)) + \
        f"六、其他需要报告的事项。{DEEP_MARKER}，本年度未收取信息处理费。"
    return article_page(title, "2020-01-18", "铜陵市民政局", paras, raw_body_tail=tail)


DEEP = Lazy(deep_page)


# ------------------------------------------------------------------ the server
class Hub:
    def __init__(self):
        self.log: list[dict] = []
        self.lock = threading.Lock()
        self.bases: dict[str, str] = {}

    def record(self, entry: dict) -> int:
        with self.lock:
            self.log.append(entry)
            return len(self.log) - 1

    def set_status(self, idx: int, status: int) -> None:
        with self.lock:
            self.log[idx]["status"] = status


def decode_path(raw: str) -> str:
    """Request path -> text: percent-decoded as UTF-8; raw UTF-8 bytes (seen by http.server as
    latin-1) decoded too."""
    try:
        raw = raw.encode("latin-1").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        pass
    return unquote(raw, encoding="utf-8", errors="replace")


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx/1.20.1"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    hub: Hub
    role = "main"

    def log_message(self, format, *args):  # noqa: A002
        pass

    def version_string(self):
        return self.server_version

    # --- plumbing
    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=None):
        if getattr(self, "_log_idx", None) is not None:
            self.hub.set_status(self._log_idx, status)
        self.send_response(status)
        if status not in (204, 304):
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and status not in (204, 304) and body:
            self.wfile.write(body)

    def entity(self, body: bytes, ctype="text/html; charset=utf-8", headers=None):
        """200 with ETag/Last-Modified, or 304 for a matching conditional request."""
        tag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        lm = formatdate(FIXED_LM, usegmt=True)
        hdrs = {"ETag": tag, "Last-Modified": lm} | dict(headers or {})
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if tag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                return self.send(304, headers={"ETag": tag, "Last-Modified": lm})
        elif ims:
            try:
                if parsedate_to_datetime(ims).timestamp() >= FIXED_LM:
                    return self.send(304, headers={"ETag": tag, "Last-Modified": lm})
            except (TypeError, ValueError):
                pass
        return self.send(200, body, ctype, hdrs)

    def redirect(self, location: str, status: int = 302):
        body = f'<html><body>Moved: <a href="{esc(location)}">here</a></body></html>'.encode()
        return self.send(status, body, headers={"Location": location})

    def not_found(self):
        return self.send(404, "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found"
                         "</h1><p>您访问的页面不存在或已被删除。</p></body></html>".encode("utf-8"))

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        self.do_GET()

    def do_GET(self):
        split = urlsplit(self.path)
        if split.path == "/__log":
            since = int(dict(parse_qsl(split.query)).get("since", 0))
            with self.hub.lock:
                data = self.hub.log[since:]
                body = json.dumps(data, ensure_ascii=False).encode("utf-8")
            return self.send(200, body, "application/json; charset=utf-8")
        if split.path == "/__info":
            return self.send(200, json.dumps(self.hub.bases).encode(), "application/json")
        upath = decode_path(split.path)
        self._log_idx = self.hub.record({
            "role": self.role, "host": self.headers.get("Host", ""), "method": self.command,
            "path": self.path, "upath": upath, "query": split.query, "status": None,
            "conditional": bool(self.headers.get("If-None-Match") or
                                self.headers.get("If-Modified-Since")),
            "t": time.time()})
        try:
            self.route(upath, split.query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- routing
    def route(self, path: str, query: str):
        if path == "/robots.txt":
            if self.role == "robots500":
                return self.send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>")
            if self.role == "robots404":
                return self.not_found()
            return self.send(200, b"User-agent: *\nDisallow: /admin/\n", "text/plain")
        if self.role == "foreign":
            return self.route_foreign(path)
        if self.role in ("robots500", "robots404"):
            return self.route_robots(path)
        if self.role == "port80":
            return self.route_port80(path)
        for prefix, fn in (("/scope/", self.route_scope), ("/identity/", self.route_identity),
                           ("/lost/", self.route_lost), ("/pager/", self.route_pager),
                           ("/bounded/", self.route_bounded)):
            if path.startswith(prefix):
                return fn(path, query)
        return self.not_found()

    def base(self, role: str) -> str:
        return self.hub.bases[role]

    def route_foreign(self, path: str):
        """Anything: a real-looking report (or PDF) — so a fetch from here would be stored."""
        if path.endswith(".pdf"):
            return self.entity(PDF.get(), "application/pdf")
        title, body = report("foreign" + path, agency="境外站点冒充局")
        return self.entity(body)

    def route_robots(self, path: str):
        if path == "/robots/list.html":
            items = [(f"/robots/r{i}.html", report_title(f"{self.role}-r{i}"), f"2020-01-1{i}")
                     for i in range(1, 4)]
            return self.entity(listing_page(items))
        if path.startswith("/robots/r") and path.endswith(".html"):
            return self.entity(report(f"{self.role}-{path[8:-5]}")[1])
        return self.not_found()

    # /scope/
    def route_scope(self, path: str, query: str):
        foreign = self.base("foreign")
        if path == "/scope/list.html":
            items = [
                ("/scope/good1.html", report_title("scope-good1"), "2020-01-10"),
                ("/scope/good2.html", report_title("scope-good2"), "2020-01-11"),
                ("/scope/jump.html", report_title("scope-jump"), "2020-01-12"),
                ("/scope/meta.html", report_title("scope-meta"), "2020-01-13"),
                (f"{foreign}/scope/offsite-report.html", report_title("scope-offsite"), "2020-01-14"),
                ("/scope/to-10.html", report_title("scope-to-10"), "2020-01-15"),
                ("/scope/to-metadata.html", report_title("scope-to-metadata"), "2020-01-16"),
                ("/scope/to-192.html", report_title("scope-to-192"), "2020-01-17"),
                (f"ftp://127.0.0.1:{self.hub.bases['trap_port']}/scope/ftp-report.html",
                 report_title("scope-ftp"), "2020-01-18"),
                ("file:///etc/passwd", report_title("scope-file"), "2020-01-19"),
                ("javascript:void(0)", report_title("scope-js"), "2020-01-20"),
            ]
            return self.entity(listing_page(items))
        if path == "/scope/good1.html":
            return self.entity(report("scope-good1")[1])
        if path == "/scope/good2.html":
            return self.entity(report("scope-good2", attachments=[
                ("/scope/附件/年报全文.pdf", "年报全文.pdf")])[1])
        if path == "/scope/附件/年报全文.pdf":
            return self.redirect(f"{foreign}/scope/stolen-attachment.pdf")
        if path == "/scope/jump.html":
            return self.redirect(f"{foreign}/scope/stolen-report.html")
        if path == "/scope/meta.html":
            target = f"{foreign}/scope/meta-target.html"
            body = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" '
                    f'content="0;url={target}"><title>{report_title("scope-meta")}</title></head>'
                    f'<body><p>页面正在跳转，请稍候……如未自动跳转，请<a href="{target}">点击这里</a>。'
                    f'</p></body></html>').encode("utf-8")
            return self.entity(body)
        if path == "/scope/to-10.html":
            return self.redirect("http://10.0.0.1/")
        if path == "/scope/to-metadata.html":
            return self.redirect("http://169.254.169.254/latest/meta-data/")
        if path == "/scope/to-192.html":
            return self.redirect("http://192.168.1.1/")
        return self.not_found()

    # /identity/
    def route_identity(self, path: str, query: str):
        if path == "/identity/list.html":
            items = [
                ("/identity/年报/2019年度报告.html", report_title("identity-cn"), "2020-01-15"),
                ("/identity/art 2.html", report_title("identity-space"), "2020-01-14"),
                ("/identity/plain.html", report_title("identity-plain"), "2020-01-13"),
            ]
            return self.entity(listing_page(items))
        if path == "/identity/年报/2019年度报告.html":
            return self.entity(report("identity-cn", attachments=[
                ("/identity/附件/2019年 报告.pdf", "2019年 报告.pdf")])[1])
        if path == "/identity/art 2.html":
            return self.entity(report("identity-space")[1])
        if path == "/identity/plain.html":
            return self.entity(report("identity-plain")[1])
        if path == "/identity/附件/2019年 报告.pdf":
            return self.entity(PDF.get(), "application/pdf")
        if path == "/identity/session/list.html":
            rng = random.Random()
            items = []
            for i in range(SESSION_LINKS):
                sid = "%032X" % rng.getrandbits(128)
                items.append((f"/identity/session/art.html?sessionid={sid}",
                              report_title("identity-session"), "2020-01-15"))
            for i in range(JSESSION_LINKS):
                sid = "%032X" % rng.getrandbits(128)
                items.append((f"/identity/session/jart.html;jsessionid={sid}",
                              report_title("identity-jsession"), "2020-01-16"))
            rng.shuffle(items)
            return self.send(200, listing_page(items))  # no validators: ids change per request
        if path == "/identity/session/art.html":
            return self.entity(report("identity-session")[1])
        if path.startswith("/identity/session/jart.html"):  # ;jsessionid=… is in the path
            return self.entity(report("identity-jsession")[1])
        return self.not_found()

    def route_port80(self, path: str):
        host = self.base("port80")  # http://127.0.0.5 (no port when bound on 80)
        if path == "/identity/variants/list.html":
            hostport = urlsplit(host).hostname + ":80"
            items = [
                ("/identity/variants/a.html", report_title("variants-a"), "2020-01-10"),
                ("/identity/variants/a.html#part2", report_title("variants-a"), "2020-01-10"),
                ("a.html#top", report_title("variants-a"), "2020-01-10"),
                (f"http://{hostport}/identity/variants/b.html", report_title("variants-b"),
                 "2020-01-11"),
                ("/identity/variants/b.html", report_title("variants-b"), "2020-01-11"),
                ("/identity/variants/%E5%B9%B4%E6%8A%A5.html", report_title("variants-pct"),
                 "2020-01-12"),
                ("/identity/variants/%e5%b9%b4%e6%8a%a5.html", report_title("variants-pct"),
                 "2020-01-12"),
            ]
            return self.entity(listing_page(items))
        if path == "/identity/variants/a.html":
            return self.entity(report("variants-a")[1])
        if path == "/identity/variants/b.html":
            return self.entity(report("variants-b")[1])
        if path == "/identity/variants/年报.html":
            return self.entity(report("variants-pct")[1])
        return self.not_found()

    # /lost/
    def route_lost(self, path: str, query: str):
        if path == "/lost/list.html":
            items = [
                ("/lost/good1.html", report_title("lost-good1"), "2020-01-10"),
                ("http://[::1/x.html", "2019年度南县财政局政府信息公开工作年度报告", "2020-01-11"),
                ("/lost/good2.html", report_title("lost-good2"), "2020-01-12"),
                ("/lost/bad-attach.html", report_title("lost-bad-attach"), "2020-01-13"),
                ("/lost/loop-a.html", report_title("lost-loop"), "2020-01-14"),
                ("/lost/not-modified.html", report_title("lost-304"), "2020-01-15"),
                ("/lost/deep.html", "2019年度铜陵市民政局政府信息公开工作年度报告", "2020-01-18"),
                ("/lost/big.html", "2019年度淮南市统计局政府信息公开工作年度报告", "2020-01-20"),
                ("/lost/good3.html", report_title("lost-good3"), "2020-01-21"),
            ]
            return self.entity(listing_page(items))
        if path in ("/lost/good1.html", "/lost/good2.html", "/lost/good3.html"):
            return self.entity(report("lost-" + path[6:-5])[1])
        if path == "/lost/bad-attach.html":
            return self.entity(report("lost-bad-attach", attachments=[
                ("http://[fe80::1/附件/统计表.pdf", "统计表.pdf")])[1])
        if path == "/lost/loop-a.html":
            return self.redirect("/lost/loop-b.html")
        if path == "/lost/loop-b.html":
            return self.redirect("/lost/loop-a.html")
        if path == "/lost/not-modified.html":
            return self.send(304, headers={"ETag": '"lost304"'})
        if path == "/lost/deep.html":
            return self.entity(DEEP.get())
        if path == "/lost/big.html":
            return self.entity(BIG.get())
        return self.not_found()

    # /pager/
    def route_pager(self, path: str, query: str):
        if path.startswith("/pager/list_") and path.endswith(".html"):
            try:
                n = int(path[len("/pager/list_"):-5])
            except ValueError:
                return self.not_found()
            if not 1 <= n <= PAGER_PAGES:
                return self.not_found()
            items = [(f"/pager/a{n}.html", report_title(f"pager-{n}"), "2020-01-15")]
            nxt = f"list_{n + 1}.html" if n < PAGER_PAGES else None
            return self.entity(listing_page(items, nxt, page_no=n, pages=PAGER_PAGES))
        if path.startswith("/pager/a") and path.endswith(".html"):
            key = path[len("/pager/a"):-5]
            if not key.isdigit():
                return self.not_found()
            agency = agency_for(f"pager-{key}")
            title = f"2019年度{agency}政府信息公开工作年度报告"
            return self.entity(article_page(title, "2020-01-15", agency, [
                f"一、总体情况。2019年，{agency}全年主动公开政府信息{key}条。",
                f"二、收到和处理政府信息公开申请情况。全年共收到申请{int(key) % 17}件。"]))
        return self.not_found()

    # /bounded/
    def route_bounded(self, path: str, query: str):
        if path == "/bounded/list.html":
            items = [
                ("/bounded/good1.html", report_title("bounded-good1"), "2020-01-10"),
                ("/bounded/xlsx-report.html", report_title("bounded-xlsx"), "2020-01-11"),
                ("/bounded/docx-report.html", report_title("bounded-docx"), "2020-01-12"),
                ("/bounded/good2.html", report_title("bounded-good2"), "2020-01-13"),
            ]
            return self.entity(listing_page(items))
        if path in ("/bounded/good1.html", "/bounded/good2.html"):
            return self.entity(report("bounded-" + path[9:-5])[1])
        if path == "/bounded/xlsx-report.html":
            return self.entity(report("bounded-xlsx", attachments=[
                ("/bounded/附件/统计表.xlsx", "统计表.xlsx")])[1])
        if path == "/bounded/docx-report.html":
            return self.entity(report("bounded-docx", attachments=[
                ("/bounded/附件/报告全文.docx", "报告全文.docx")])[1])
        if path == "/bounded/附件/统计表.xlsx":
            return self.entity(XLSX.get(),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if path == "/bounded/附件/报告全文.docx":
            return self.entity(DOCX.get(),
                               "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if path == "/bounded/links/list.html":
            items = [(f"/bounded/links/r{i}.html", report_title(f"links-r{i}"), f"2020-01-1{i}")
                     for i in range(1, 4)]
            bare = "\n".join(f'<a href="/bounded/links/n{i}.html">{i}</a>' for i in range(BARE_LINKS))
            return self.entity(listing_page(items, extra=f'<div class="tags">{bare}</div>'))
        if path.startswith("/bounded/links/r") and path.endswith(".html"):
            return self.entity(report("links-" + path[len("/bounded/links/"):-5])[1])
        if path.startswith("/bounded/links/n") and path.endswith(".html"):
            n = path[len("/bounded/links/n"):-5]
            return self.entity(f'<html><head><meta charset="utf-8"><title>第{esc(n)}条</title></head>'
                               f'<body><p>第{esc(n)}条</p></body></html>'.encode("utf-8"))
        return self.not_found()


# ------------------------------------------------------------------ listeners
def trap_listener(hub: Hub, host="127.0.0.1") -> socket.socket:
    """A raw TCP socket that logs every connection (an ``ftp://`` fetch would land here)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(16)

    def loop():
        while True:
            try:
                conn, addr = sock.accept()
            except OSError:
                return
            hub.record({"role": "trap", "host": f"{addr[0]}:{addr[1]}", "method": "CONNECT",
                        "path": "", "upath": "", "query": "", "status": None,
                        "conditional": False, "t": time.time()})
            try:
                conn.sendall(b"220 trap\r\n")
                conn.close()
            except OSError:
                pass

    threading.Thread(target=loop, daemon=True).start()
    return sock


def make_listener(hub: Hub, role: str, host: str, port: int) -> ThreadingHTTPServer:
    handler = type(f"Hostile_{role}", (Handler,), {"hub": hub, "role": role})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def start_all() -> tuple[Hub, list]:
    hub = Hub()
    servers = []

    def add(role, host, port=0):
        srv = make_listener(hub, role, host, port)
        h, p = srv.server_address[:2]
        hub.bases[role] = f"http://{h}" + ("" if p == 80 else f":{p}")
        servers.append(srv)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        return srv

    add("main", "127.0.0.1")
    add("foreign", "127.0.0.2")
    add("robots500", "127.0.0.1")
    add("robots404", "127.0.0.1")
    for last in range(5, 40):  # the ':80' case needs a site on port 80
        try:
            add("port80", f"127.0.0.{last}", 80)
            break
        except OSError:
            continue
    else:
        add("port80", "127.0.0.5")  # no port 80: the test will say so
    trap = trap_listener(hub)
    hub.bases["trap_port"] = trap.getsockname()[1]
    return hub, servers


def main() -> None:
    hub, _servers = start_all()
    print(hub.bases["main"], flush=True)
    for role, url in hub.bases.items():
        print(role, url, flush=True)
    # build the costly bodies before the tests start
    for lazy in (PDF, XLSX, DOCX, BIG, DEEP):
        lazy.get()
    print("READY", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
