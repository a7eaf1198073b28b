"""Scrapy settings for xxgk-archive.

The defaults are the polite ones, for real government sites: robots.txt obeyed, AutoThrottle on,
two requests at a time per site, an honest User-Agent that says who we are. The bundled fixture
web is crawled fast by passing the overrides in ``FIXTURE_WEB_SETTINGS`` (``xxgk crawl --fixtures``
does this).
"""

BOT_NAME = "xxgk"
SPIDER_MODULES = ["xxgk.crawler.spiders"]
NEWSPIDER_MODULE = "xxgk.crawler.spiders"

USER_AGENT = (
    "xxgk-archive/0.1 (research archive of government information-disclosure annual reports; "
    "polite crawler: obeys robots.txt, one request at a time per site)"
)
ROBOTSTXT_OBEY = True

# Politeness: per-site concurrency and AutoThrottle.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50%
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY  # never faster than the delay, from the first request
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Failures: retried, then recorded in crawl_errors by the spider's errback.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # pages; attachments get their own cap
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

COOKIES_ENABLED = True  # some government WAFs hand out a cookie before the page
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {"xxgk.crawler.pipelines.ArchivePipeline": 300}
DOWNLOADER_MIDDLEWARES = {
    # before everything, robots.txt included: off-site hosts and private addresses are never asked
    "xxgk.crawler.scope.ScopeMiddleware": 50,
    # robots.txt by RFC 9309: 5xx or unreachable = disallow all, 4xx = allow all
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "xxgk.crawler.robots.StandardRobotsTxtMiddleware": 100,
    # next to the network, before redirects, decompression and meta refresh (crawler/warc.py)
    "xxgk.crawler.warc.WarcRecorder": 650,
    # just before Scrapy's HttpProxyMiddleware (750), which does the proxying: picks each
    # request's proxy (the site's `proxy:`, else XXGK_PROXY) and its credentials (environment),
    # and takes the credentials off again before the WARC recorder (650) writes the request
    "xxgk.crawler.proxy.SiteProxyMiddleware": 740,
}
# closest to the spider: a callback that raises becomes a crawl error, its earlier output kept
SPIDER_MIDDLEWARES = {"xxgk.crawler.errors.RecordCallbackErrors": 950}

# Project settings.
XXGK_DB = "data/archive.db"
XXGK_FIXTURE_URL = None  # base URL of the fixture web, for registry entries written as fixture://
XXGK_ATTACHMENT_MAXSIZE = 50 * 1024 * 1024  # attachments (PDF, DOCX, XLSX …) larger than this fail
XXGK_FILES_DIR = None  # attachment files, content-addressed; default: files/ beside XXGK_DB
XXGK_WARC = True  # write each run's HTTP exchanges as WARC
XXGK_WARC_DIR = None  # default: warc/ beside XXGK_DB
XXGK_MAX_LIST_PAGES = 500  # listing pages per column, at most (reaching it is a crawl error)
XXGK_ALLOW_PRIVATE_ADDRESSES = False  # True only for a site mirrored on a private network
# `xxgk crawl --proxy`: the HTTP(S) proxy (scheme://host:port, no credentials) for every site
# without a `proxy:` of its own; None = directly. Credentials: XXGK_PROXY_USER and
# XXGK_PROXY_PASSWORD in the environment only (crawler/proxy.py), never here.
XXGK_PROXY = None
XXGK_LOCK_HELD = False  # set by `xxgk crawl`, which holds the archive's lock for the child
XXGK_RUN_STATUS_FILE = None  # where the pipeline writes this run's outcome (JSON) for the CLI

# What `xxgk crawl --fixtures` overrides: the fixture web is ours and on loopback.
FIXTURE_WEB_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_TIMEOUT": 10,
}
