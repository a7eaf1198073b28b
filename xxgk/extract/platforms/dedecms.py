"""DedeCMS (织梦): ``/plus/view.php?aid=N`` or static ``/a/<col>/<date>/<id>.html`` articles,
``list_<typeid>_<page>.html`` listings paged by numbered links; often GBK. The view count is
written by ``/plus/count.php?aid=N`` (``document.write``), which counts a visit."""
import re

from .base import Counter, Platform

COUNTERS = (
    Counter(re.compile(r"""["'(]\s*([^"'()\s]*?/plus/count\.php\?[^"'()\s]*)"""), ("count.php",)),
)

PLATFORM = Platform(
    name="dedecms", priority=50, markers=("/plus/count.php", "dedecms", "/templets/"),
    url=re.compile(r"/plus/(?:view|list)\.php|list_\d+_\d+\.html"), counters=COUNTERS,
    notes="GBK pages (decoded as gb18030); count.php writes the view count")
