"""Which website platform (CMS) served a page: decides paging and counters, never a field rule."""
from __future__ import annotations

import re

# (platform, URL pattern, lower-cased markers in the HTML); HTML markers are checked first.
_RULES = (
    ("gkmlpt", re.compile(r"/gkmlpt/|/content/post_\d+\.html"), ("gkmlpt",)),
    ("hanweb", re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_|/col/col\d+/|dataproxy\.jsp|/module/web/jpage/"),
     ("大汉版通", "/module/jslib/", "zjeg_rss", "/module/visitcount/", "<datastore>", "jpage", "hanweb")),
    ("vsb", re.compile(r"/info/\d+/\d+\.htm|lm_list\.jsp|wbtreeid="),
     ("_showdynclicks", "vsb_content", "/system/resource/", "visual sitebuilder")),
    ("trs_wcm", re.compile(r"/t\d{8}_\d+(?:_\d+)?\.s?html?"),
     ("trs_editor", "trs_ueditor", "createpagehtml", "trs wcm", "_trspageinfo")),
    ("dedecms", re.compile(r"/plus/(?:view|list)\.php|list_\d+_\d+\.html"),
     ("/plus/count.php", "dedecms", "/templets/")),
    ("powereasy", re.compile(r"ShowArticle\.aspx?|ShowClass\.aspx?|/Item/\d+\.aspx", re.I),
     ("gethits.asp", "powereasy", "动易")),
)
_FUXIN_URL = re.compile(r"fuxin|fx\.gov\.cn|/html/SWJ/", re.I)


def detect_platform(url: str, raw_html: str) -> str | None:
    """fuxin, trs_wcm, hanweb, dedecms, vsb, gkmlpt, powereasy, or None (generic)."""
    head = raw_html[:150000].lower()
    for name, _url_re, markers in _RULES:
        if any(marker in head for marker in markers):
            return name
    for name, url_re, _markers in _RULES:
        if url_re.search(url or ""):
            return name
    if _FUXIN_URL.search(url or "") or ("阜新" in head[:5000] and "浏览量" in head):
        return "fuxin"
    return None
