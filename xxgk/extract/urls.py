"""One URL, one identity: the canonical form every listing, report, attachment and removal is
keyed by.

A listing writes ``/年报/2019年度报告.html``; the server's redirect, Scrapy and the archive see
``/%E5%B9%B4%E6%8A%A5/…``; a CMS appends ``;jsessionid=…`` or ``?sessionid=…`` to every link.
All of these name one page, so they must compare equal wherever URLs are compared::

    >>> canonical_url("HTTP://www.Example.gov.cn:80/年报/a b.html?sessionid=9f&id=2#top")
    'http://www.example.gov.cn/%E5%B9%B4%E6%8A%A5/a%20b.html?id=2'

What the canonical form does: w3lib's ``canonicalize_url`` (scheme and host lower-cased, IDNA
host, UTF-8 percent-encoding with upper-case escapes, query arguments sorted, no ``#fragment``),
then the default port (``:80``/``:443``) and session-id parameters are dropped. Pure: no
network. Malformed URLs (``http://[::1/x.html``) raise ``ValueError``; :func:`url_key` never
raises, for comparisons that must not fail.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that carry a visitor's session, never the page (Java, PHP, ASP, ColdFusion,
# and the spellings CMSs use). ``sid`` is left alone: on many sites it is a site or column id.
SESSION_PARAMS = frozenset({
    "jsessionid", "phpsessid", "sessionid", "session_id", "sessid", "aspsessionid",
    "cfid", "cftoken", "zenid", "oscsid",
})
_ASP_SESSION = re.compile(r"^aspsessionid[a-z]{0,8}$")
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid)=[^/?#;]*", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}



# Second-level labels of .cn under which a third label names one government (yw.gov.cn).
_GOV_SUFFIXES = ("gov.cn", "gov.hk", "gov.mo")


def gov_domain(host: str) -> str | None:
    """The government's own (registrable) domain of ``host`` (a port is ignored): the label
    before ``gov.cn`` plus ``gov.cn`` — ``yw.gov.cn`` for ``zwgk.yw.gov.cn``, and ``zj.gov.cn``
    for ``hz.zj.gov.cn`` as for ``www.zj.gov.cn``; None for hosts outside ``*.gov.cn`` (a
    sibling domain is only trusted under a government's)."""
    labels = host.lower().split(":")[0].rstrip(".").split(".")
    for suffix in _GOV_SUFFIXES:
        n = suffix.count(".") + 1
        if len(labels) > n and ".".join(labels[-n:]) == suffix:
            return ".".join(labels[-n - 1:])
    return None

def is_session_param(name: str) -> bool:
    name = name.strip().lower()
    return name in SESSION_PARAMS or bool(_ASP_SESSION.match(name))


def canonical_url(url: str) -> str:
    """The one form of ``url`` used as its identity (see the module docstring)."""
    parts = urlsplit(url.strip())
    parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not is_session_param(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    canon = urlsplit(canonicalize_url(urlunsplit(parts._replace(path=path, query=query)),
                                      keep_fragments=False))
    if canon.port is not None and canon.port == DEFAULT_PORTS.get(canon.scheme):
        canon = canon._replace(netloc=canon.netloc.rsplit(":", 1)[0])
    return urlunsplit(canon)


def url_key(url: str) -> str:
    """``canonical_url(url)``, or ``url`` itself when it is too malformed to canonicalise."""
    try:
        return canonical_url(url)
    except ValueError:
        return url


def file_name(url: str) -> str:
    """The name a document reader is given for a file at ``url``: the last path segment and
    the query, percent-decoded (``附件.pdf?id=3``), since download endpoints often name the
    file only in the query."""
    parts = urlsplit(url)
    return unquote(parts.path.rsplit("/", 1)[-1] + "?" + parts.query)


def is_http_url(url: str) -> bool:
    """True for an ``http``/``https`` URL with a host that parses."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018
    except ValueError:
        return False
    return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname)


# Links the page holds that are too malformed to follow, collected while one page is read
# (``collecting_rejected``) so the crawler can record each one; never fatal.
_REJECTED: ContextVar[list | None] = ContextVar("xxgk_rejected_links", default=None)


def join(base: str, href: str) -> str | None:
    """``urljoin(base, href)``, or None (and the href noted as rejected) when either is too
    malformed to be a URL (``http://[::1/x.html``, a port that is not a number)."""
    try:
        absolute = urljoin(base, href)
        urlsplit(absolute).port  # noqa: B018
    except ValueError as exc:
        rejected = _REJECTED.get()
        if rejected is not None and len(rejected) < 1000 and \
                all(seen["href"] != href[:500] for seen in rejected):
            rejected.append({"href": href[:500], "reason": f"malformed URL: {exc}"})
        return None
    return absolute


@contextmanager
def collecting_rejected():
    """Collect, in the list this yields, the hrefs :func:`join` rejected inside the block."""
    found: list = []
    token = _REJECTED.set(found)
    try:
        yield found
    finally:
        _REJECTED.reset(token)
