"""Every paging style of docs/platforms.md gives the next page: one replica listing page per
style in ``tests/data/paging/`` (``<style>.html``, ``.xml`` for a Hanweb dataproxy answer,
``.json`` for a gkmlpt API answer), read by ``extract_listing`` with the page's URL, as the
crawler does; ``next_page`` must be the expected URL (None on a last page).

Each style is read twice: with the platform detected from the page (``platform: null`` and
``xxgk crawl --url``) and with the platform a site profile would name. URLs compare up to the
order of query parameters; for Hanweb's dataproxy (whose parameters are written several ways)
the answer must have the expected path and carry every expected parameter."""
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from xxgk.extract import extract_listing

DATA = Path(__file__).parent / "data" / "paging"
W = "http://www.example.gov.cn"
JP = f"{W}/module/web/jpage/dataproxy.jsp"

# style: (page URL, platform a profile would name, expected next page)
STYLES = {
    "trs-createpage": (f"{W}/zwgk/ndbg/index_2.html", "trs_wcm", f"{W}/zwgk/ndbg/index_3.html"),
    "trs-countpage-vars": (f"{W}/zwgk/ndbg/index.shtml", "trs_wcm", f"{W}/zwgk/ndbg/index_1.shtml"),
    "trs-createpage-variables": (f"{W}/zwgk/ndbg/index_1.html", "trs_wcm", f"{W}/zwgk/ndbg/index_2.html"),
    "trs-createpage-div": (f"{W}/zwgk/ndbg/index.html", "trs_wcm", f"{W}/zwgk/ndbg/index_1.html"),
    "trs-createpage-last": (f"{W}/zwgk/ndbg/index_2.htm", "trs_wcm", None),
    "hanweb-datastore-nextgroup": (
        f"{W}/col/col1229/index.html", "hanweb",
        f"{JP}?page=2&webid=3&path=/&columnid=1229&unitid=5001&webname=x&permissiontype=0"),
    "hanweb-jpage-config": (f"{W}/col/col1229/index.html", "hanweb",
                            f"{JP}?page=2&webid=3&columnid=1229&unitid=5001"),
    "hanweb-dataproxy": (f"{JP}?startrecord=4&endrecord=6&perpage=3&appid=1&webid=3&path=/"
                         "&columnid=1229&unitid=5001&permissiontype=0", "hanweb",
                         f"{JP}?startrecord=7&endrecord=9&columnid=1229&webid=3"),
    "vsb-static-downwards": (f"{W}/xxgk/ndbg.htm", "vsb", f"{W}/xxgk/ndbg/4.htm"),
    "vsb-dynamic-pagenum": (f"{W}/lm_list.jsp?totalpage=5&PAGENUM=2&urltype=tree.TreeTempUrl&wbtreeid=1011",
                            "vsb", f"{W}/lm_list.jsp?totalpage=5&PAGENUM=3&urltype=tree.TreeTempUrl&wbtreeid=1011"),
    "dedecms-list-next": (f"{W}/a/zwgk/ndbg/list_12_2.html", "dedecms", f"{W}/a/zwgk/ndbg/list_12_3.html"),
    "dedecms-numbered-only": (f"{W}/a/zwgk/ndbg/list_12_1.html", "dedecms", f"{W}/a/zwgk/ndbg/list_12_2.html"),
    "powereasy-showclass-next": (f"{W}/Article/ShowClass.asp?ClassID=5&page=2", "powereasy",
                                 f"{W}/Article/ShowClass.asp?ClassID=5&page=3"),
    "powereasy-numbered-page": (f"{W}/Article/ShowClass.asp?ClassID=5", "powereasy",
                                f"{W}/Article/ShowClass.asp?ClassID=5&page=2"),
    "fuxin-index-next": ("http://www.fuxin.gov.cn/zwgk/gknb/index.html", "fuxin",
                         "http://www.fuxin.gov.cn/zwgk/gknb/index_2.html"),
    "gkmlpt-index": (f"{W}/sfj/gkmlpt/index#2915", "gkmlpt", f"{W}/sfj/gkmlpt/api/all/2915?page=1&sid=755031"),
    "gkmlpt-api": (f"{W}/sfj/gkmlpt/api/all/2915?page=2&sid=755031", "gkmlpt",
                   f"{W}/sfj/gkmlpt/api/all/2915?page=3&sid=755031"),
    "next-text-gt": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "next-text-guillemet": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "next-text-brackets": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "next-image-alt": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "next-title-only": (f"{W}/xxgk/list.jsp?channelId=45&pageNum=2", None,
                        f"{W}/xxgk/list.jsp?channelId=45&pageNum=3"),
    "rel-next-link": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "gopage-template-literal": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "gopage-concat": (f"{W}/xxgk/ndbg/index_2.html", None, f"{W}/xxgk/ndbg/index_3.html"),
    "gopage-zero-based": (f"{W}/xxgk/ndbg/index_1.html", None, f"{W}/xxgk/ndbg/index_2.html"),
    "gopage-query": (f"{W}/xxgk/list.jsp?channelId=45&pageNo=2", None,
                     f"{W}/xxgk/list.jsp?channelId=45&pageNo=3"),
    "page-param-numbered": (f"{W}/xxgk/list.php?catid=8", None, f"{W}/xxgk/list.php?catid=8&page=2"),
    "page-param-next-query-only": (f"{W}/xxgk/list.php?catid=8&page=2", None,
                                   f"{W}/xxgk/list.php?catid=8&page=3"),
    "pageno-numbered": (f"{W}/xxgk/list.jsp?channelId=45&pageNo=2", None,
                        f"{W}/xxgk/list.jsp?channelId=45&pageNo=3"),
    "pageindex-aspx": (f"{W}/xxgk/List.aspx?cid=3&PageIndex=2", None, f"{W}/xxgk/List.aspx?cid=3&PageIndex=3"),
    "name-underscore-numbered": (f"{W}/xxgk/ndbg/index.html", None, f"{W}/xxgk/ndbg/index_2.html"),
    "name-hyphen-numbered": (f"{W}/xxgk/c12/column-index-2.shtml", None, f"{W}/xxgk/c12/column-index-3.shtml"),
    "epoint-numeric-file": (f"{W}/xxgk/003001/moreinfo.html", None, f"{W}/xxgk/003001/2.html"),
    "next-last-page": (f"{W}/xxgk/ndbg/list_4.html", None, None),
    "onclick-location": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "button-gopage": (f"{W}/xxgk/ndbg/list_2.html", None, f"{W}/xxgk/ndbg/list_3.html"),
    "directory-numbered": (f"{W}/xxgk/ndbg/", None, f"{W}/xxgk/ndbg/list_2.html"),
    "class-next-empty": (f"{W}/xxgk/ndbg/list.html?start=15", None, f"{W}/xxgk/ndbg/list.html?start=30"),
    "laypage-config": (f"{W}/xxgk/ndbg/index_2.html", None, f"{W}/xxgk/ndbg/index_3.html"),
}
PARAMS_SUBSET = {"hanweb-jpage-config", "hanweb-dataproxy"}


def body_of(style: str) -> bytes:
    found = [p for p in DATA.glob(style + ".*")]
    assert len(found) == 1, f"{style}: one page body expected in {DATA}, found {found}"
    return found[0].read_bytes()


def _key(url):
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower(), parts.path, sorted(parse_qsl(parts.query, keep_blank_values=True))


def same_next(style: str, got, expected) -> bool:
    if expected is None or got is None:
        return got == expected
    if style in PARAMS_SUBSET:
        g, e = _key(got), _key(expected)
        return g[:3] == e[:3] and set(e[3]) <= set(g[3])
    return _key(got) == _key(expected)


def test_every_style_has_a_page():
    assert sorted(p.name.split(".")[0] for p in DATA.iterdir()) == sorted(STYLES)


@pytest.mark.parametrize("named", [False, True], ids=["detected", "profile"])
@pytest.mark.parametrize("style", sorted(STYLES))
def test_next_page(style, named):
    url, platform, expected = STYLES[style]
    listing = extract_listing(body_of(style), url, platform=platform if named else None)
    assert same_next(style, listing["next_page"], expected), (
        f"{style}: next_page {listing['next_page']!r}, expected {expected!r} "
        f"(platform {listing['platform']!r})")
    if expected is not None and not style.startswith("gkmlpt-index"):
        assert listing["links"], f"{style}: no links read (the page's list is the column's)"
