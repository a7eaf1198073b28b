"""The seed's home-grown site (阜新市商务局, fuxin). Static ``/html/SWJ/<column>/<id>.html``
pages; the view count is printed in the page (``浏览量:334``), so ``views`` is read directly and
there is no counter to record. Listings are plain HTML lists paged by 下一页 links."""
import re

from .base import Platform

_URL = re.compile(r"fuxin|fx\.gov\.cn|/html/SWJ/", re.I)


def _signature(url: str, head: str) -> bool:
    return bool(_URL.search(url or "")) or ("阜新" in head[:5000] and "浏览量" in head)


PLATFORM = Platform(name="fuxin", priority=90, signature=_signature,
                    notes="metadata line 日期/浏览量/来源/责任编辑 under the heading; literal view count")
