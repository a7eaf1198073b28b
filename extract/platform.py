"""Which website platform (CMS) served a page: decides paging and counters, never a field rule."""
from __future__ import annotations

import re

_RULES = (
    ("gkmlpt", re.compile(r"/gkmlpt/|/content/post_\d+\.html"), re.compile(r"gkmlpt|_CONFIG\s*=")),
    ("hanweb", re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_|/col/col\d+/|dataproxy\.jsp|/module/web/jpage/"),
     re.compile(r"大汉版通|/module/jslib/|ZJEG_RSS|/module/visitcount/|<datastore>|jpage|hanweb", re.I)),
    ("vsb", re.compile(r"/info/\d+/\d+\.htm|lm_list\.jsp|wbtreeid="),
     re.compile(r"_showDynClicks|vsb_content|/system/resource/|VSB", re.I)),
    ("trs_wcm", re.compile(r"/t\d{8}_\d+(?:_\d+)?\.s?html?"),
     re.compile(r"TRS_Editor|trs_editor_view|TRS_UEDITOR|createPageHTML|TRS\s*WCM|trs_paper", re.I)),
    ("dedecms", re.compile(r"/plus/(?:view|list)\.php|list_\d+_\d+\.html"),
     re.compile(r"/plus/count\.php|dedecms|DedeCMS|/templets/", re.I)),
    ("powereasy", re.compile(r"ShowArticle\.aspx?|ShowClass\.aspx?|/Item/\d+\.aspx", re.I),
     re.compile(r"GetHits\.aspx|PowerEasy|动易", re.I)),
    ("fuxin", re.compile(r"fuxin|fx\.gov\.cn|fxsw", re.I), re.compile(r"阜新")),
)


def detect_platform(url: str, raw_html: str) -> str | None:
    """fuxin, trs_wcm, hanweb, dedecms, vsb, gkmlpt, powereasy, or None (generic)."""
    head = raw_html[:200000]
    for name, url_re, html_re in _RULES:
        if name == "fuxin":
            continue
        if html_re.search(head):
            return name
    for name, url_re, _html_re in _RULES:
        if url_re.search(url or ""):
            return name
    fx_url, fx_html = _RULES[-1][1], _RULES[-1][2]
    if fx_url.search(url or "") or (fx_html.search(head[:5000]) and "浏览量" in head):
        return "fuxin"
    return None
