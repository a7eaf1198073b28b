"""xxgk-archive: crawl, extract, store and serve Chinese government information-disclosure
annual reports (政府信息公开工作年度报告).

Layers, one direction: ``xxgk.cli`` (commands) -> ``xxgk.crawler`` (Scrapy) -> ``xxgk.extract``
(pure page reading) and ``xxgk.archive`` (SQLite storage and queries); ``xxgk.serve`` is the
Datasette side. ``xxgk.registry`` holds the sites as data, ``xxgk.fixtureweb`` the replica web.
"""
__version__ = "0.1.0"
