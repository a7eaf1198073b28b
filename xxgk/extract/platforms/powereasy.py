"""PowerEasy (动易): ASP/ASP.NET ``ShowArticle.asp?ArticleID=N`` / ``/Item/N.aspx`` articles and
``ShowClass.asp?ClassID=N&page=K`` listings paged by numbered links. The view count comes from
``GetHits.asp(x)``, which counts a visit."""
import re

from .base import Counter, Platform

COUNTERS = (
    Counter(re.compile(r"""["'(]\s*([^"'()\s]*?GetHits\.aspx?\?[^"'()\s]*)""", re.I), ("GetHits", "gethits")),
)

PLATFORM = Platform(
    name="powereasy", priority=60, markers=("gethits.asp", "powereasy", "动易"),
    url=re.compile(r"ShowArticle\.aspx?|ShowClass\.aspx?|/Item/\d+\.aspx", re.I), counters=COUNTERS,
    notes="GetHits writes the view count")
