"""VSB (博达 Visual SiteBuilder): ``/info/<col>/<id>.htm`` articles, ``lm_list.jsp`` /
``<col>.htm`` listings whose pages are numbered (``<col>/2.htm``) but generated only in part,
so numbered links are not guessed. The view count is written by ``_showDynClicks(type, owner,
id)``, which requests ``dynclicks.jsp`` and counts a visit."""
import re

from .base import Counter, Platform

COUNTERS = (
    Counter(re.compile(r"""_showDynClicks\(\s*["'](\w+)["']\s*,\s*(\d+)\s*,\s*(\d+)\s*\)"""),
            ("_showDynClicks",),
            build=lambda m: f"/system/resource/code/news/click/dynclicks.jsp?clickid={m.group(3)}"
                            f"&owner={m.group(2)}&clicktype={m.group(1)}"),
)

PLATFORM = Platform(
    name="vsb", priority=30, markers=("_showdynclicks", "vsb_content", "/system/resource/", "visual sitebuilder"),
    url=re.compile(r"/info/\d+/\d+\.htm|lm_list\.jsp|wbtreeid="), counters=COUNTERS,
    numbered_pages=False, notes="body in div.v_news_content / #vsb_content")
