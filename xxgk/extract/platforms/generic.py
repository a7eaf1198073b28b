"""Generic: a site whose platform is not recognised. Every rule of the dispatch applies
(下一页 links, goPage(n) scripts, numbered pager links, any known counter call)."""
from .base import Platform

PLATFORM = Platform(name=None)
