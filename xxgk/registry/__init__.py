"""The site registry: one YAML profile per site, loaded into frozen ``Site`` records.

Sites are data, platforms are code: a municipal or county bureau website is a file under
``registry/sites/real/`` (the live web, never verified from here) or ``registry/sites/fixture/``
(replicas served by the local fixture web). This module only reads and checks those files; it never
imports Scrapy and never touches the network.

Example::

    from xxgk.registry import load_sites, get_site
    sites = load_sites()                                  # every site, sorted by slug
    site = get_site("yiwu-swj")
    site.columns                                          # report-column (年报栏目) listing URLs
    get_site("fuxin-swj").resolve("http://127.0.0.1:8123").root_url

The environment variable ``XXGK_SITES_DIR``, when set, names another registry folder that
``load_sites``/``get_site`` read by default instead of ``registry/sites`` (the many-sites bench
writes 1,000 generated profiles to a temporary folder this way).
"""
from __future__ import annotations

import dataclasses
import difflib
import os
import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from xxgk.extract.platforms import NAMES as platform_names

# A Traversable, not a Path: inside a zipped egg (Scrapyd) the profiles are read from the zip.
SITES_DIR = files("xxgk.registry") / "sites"
# Website platforms the extractor has a module for (xxgk/extract/platforms/); None = detected.
PLATFORMS = platform_names
FIELDS = ("slug", "agency", "region", "region_code", "homepage", "columns", "platform",
          "fixture", "verified", "notes")
OPTIONAL_FIELDS = ("also_hosts", "proxy")
FIXTURE_SCHEME = "fixture://"
# First two digits of a GB/T 2260 administrative division code: the province-level division.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REGION_CODE = re.compile(r"^[0-9]{6}$")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?$")


class RegistryError(ValueError):
    """A site profile is missing, malformed or inconsistent. The message names the file."""


class UnknownSiteError(KeyError):
    """``get_site`` was asked for a slug that no profile declares."""

    def __str__(self) -> str:  # KeyError would print the message with quotes around it
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Site:
    """One site profile: who reports (agency, region) and where its report columns are."""

    slug: str
    agency: str
    region: str
    region_code: str
    homepage: str
    columns: tuple[str, ...]
    platform: str | None
    fixture: bool
    verified: bool
    notes: str
    # other hosts whose report pages and attachments the site's columns list (the parent
    # government's site, a department's host outside the site's own *.gov.cn domain): fetched
    # one hop, never walked (crawler/scope.py)
    also_hosts: tuple[str, ...] = ()
    # the HTTP(S) proxy this site is fetched through (``http://host:port``, never credentials:
    # those come from the crawl's environment, crawler/proxy.py); None = the run's ``--proxy``
    proxy: str | None = None

    def resolve(self, fixture_base: str | None) -> "Site":
        """Rewrite ``fixture://<slug>/<path>`` URLs to ``<fixture_base>/<slug>/<path>``.

        Real sites (and fixture sites already resolved) come back unchanged. A fixture site that
        still has ``fixture://`` URLs needs the fixture web's base URL (``http://127.0.0.1:PORT``).
        """
        urls = (self.homepage, *self.columns)
        if not any(u.startswith(FIXTURE_SCHEME) for u in urls):
            return self
        if not fixture_base:
            raise RegistryError(
                f"site {self.slug!r} is a fixture site: its URLs use fixture:// and need the base URL "
                "of the fixture web (start `python -m fixtureweb --port 0`; it prints the base URL)"
            )
        parts = urlsplit(fixture_base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RegistryError(f"fixture base must be an http(s) URL, got {fixture_base!r}")
        base = fixture_base.rstrip("/")
        return dataclasses.replace(
            self,
            homepage=resolve_fixture_url(self.homepage, base),
            columns=tuple(resolve_fixture_url(u, base) for u in self.columns),
        )

    @property
    def root_url(self) -> str:
        """The URL prefix the crawler may stay within.

        Real sites: ``scheme://host/`` of the homepage. Fixture sites: everything up to and
        including ``/<slug>/`` (``fixture://<slug>/`` before ``resolve``, ``<base>/<slug>/`` after).
        """
        if self.fixture or self.homepage.startswith(FIXTURE_SCHEME):
            marker = f"/{self.slug}/"
            head, sep, _ = (self.homepage if self.homepage.endswith("/") else self.homepage + "/").partition(marker)
            if sep:
                return head + marker
        parts = urlsplit(self.homepage)
        return f"{parts.scheme}://{parts.netloc}/"

    @property
    def host(self) -> str:
        """Host (with port, if any) of ``root_url``: ``www.yw.gov.cn``, ``127.0.0.1:8123``."""
        return urlsplit(self.root_url).netloc

    def as_row(self) -> dict:
        """A plain dict for storage (``archive.store.save_site``); columns as a list."""
        row = dataclasses.asdict(self)
        row["columns"] = list(self.columns)
        del row["also_hosts"]  # scope only (crawler/scope.py): not a column of ``sites``
        del row["proxy"]  # how it is fetched, not what it is (crawler/proxy.py)
        return row


def resolve_fixture_url(url: str, base: str) -> str:
    """``fixture://slug/path`` -> ``<base>/slug/path``; other URLs unchanged."""
    if not url.startswith(FIXTURE_SCHEME):
        return url
    return f"{base.rstrip('/')}/{url[len(FIXTURE_SCHEME):]}"


def load_sites(directory: Path | str | None = None) -> list[Site]:
    """Load and check every ``*.yml`` profile under ``directory`` (default ``$XXGK_SITES_DIR``
    if set, else ``registry/sites``).

    Sub-folders are searched too, so the default loads both ``real/`` and ``fixture/``. Raises
    ``RegistryError`` naming the file for the first problem found; slugs must be unique.
    """
    if directory is None and os.environ.get("XXGK_SITES_DIR"):
        directory = os.environ["XXGK_SITES_DIR"]
    root = Path(directory) if directory is not None else SITES_DIR
    if not root.is_dir():
        raise RegistryError(f"{root}: site registry folder not found")
    profiles = sorted(_walk(root), key=str)
    stray = [p for p in profiles if p.name.endswith(".yaml")]
    if stray:
        raise RegistryError(f"{stray[0]}: site profiles must end in .yml (rename the file)")
    sites: dict[str, Site] = {}
    paths: dict[str, Traversable] = {}
    for path in (p for p in profiles if p.name.endswith(".yml")):
        site = load_site(path)
        if site.slug in sites:
            raise RegistryError(f"{path}: slug {site.slug!r} is already used by {paths[site.slug]}")
        sites[site.slug] = site
        paths[site.slug] = path
    return [sites[slug] for slug in sorted(sites)]


def _walk(folder: Traversable):
    """Every file under ``folder`` (``Traversable`` has no ``rglob`` before Python 3.12)."""
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _walk(entry)
        else:
            yield entry


def get_site(slug: str, directory: Path | str | None = None) -> Site:
    """The site whose slug is ``slug``; ``UnknownSiteError`` (a ``KeyError``) names close slugs."""
    sites = {s.slug: s for s in load_sites(directory)}
    if slug in sites:
        return sites[slug]
    close = difflib.get_close_matches(slug, sites, n=5, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}?" if close else f"known slugs: {', '.join(sites)}"
    raise UnknownSiteError(f"no site with slug {slug!r} in the registry; {hint}")


def load_site(path: Path | str | Traversable) -> Site:
    """Read and check one profile file; ``RegistryError`` names the file and the problem."""
    path = Path(path) if isinstance(path, str) else path
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read YAML: {exc}") from None
    try:
        return parse_site(data, expected_slug=path.name.rsplit(".", 1)[0], folder=_folder_name(path))
    except RegistryError as exc:
        raise RegistryError(f"{path}: {exc}") from None


def _folder_name(path) -> str | None:
    parent = getattr(path, "parent", None)  # pathlib.Path and zipfile.Path; other Traversables: None
    return parent.name if parent is not None else None


def parse_site(data: object, expected_slug: str | None = None, folder: str | None = None) -> Site:
    """Check a profile mapping and build a ``Site``. Errors do not name a file (callers add it)."""
    if not isinstance(data, dict):
        raise RegistryError(f"expected a mapping of keys {', '.join(FIELDS)}; got {type(data).__name__}")
    missing = [k for k in FIELDS if k not in data]
    if missing:
        raise RegistryError(f"missing required key(s): {', '.join(missing)}")
    unknown = sorted(str(k) for k in data if k not in FIELDS + OPTIONAL_FIELDS)
    if unknown:
        raise RegistryError(f"unknown key(s): {', '.join(unknown)} "
                            f"(allowed: {', '.join(FIELDS + OPTIONAL_FIELDS)})")

    slug = _text(data, "slug")
    if not _SLUG.match(slug):
        raise RegistryError(f"slug {slug!r} must be kebab-case: lowercase letters, digits and hyphens")
    if expected_slug is not None and slug != expected_slug:
        raise RegistryError(f"slug {slug!r} must equal the file name without .yml ({expected_slug!r})")
    _check_region_code(data["region_code"])
    fixture, verified = _flag(data, "fixture"), _flag(data, "verified")
    if folder in ("real", "fixture") and fixture != (folder == "fixture"):
        raise RegistryError(f"fixture: {str(fixture).lower()} does not match the folder {folder}/")
    platform = data["platform"]
    if platform is not None and platform not in PLATFORMS:
        raise RegistryError(
            f"platform {platform!r} is not known; use one of {', '.join(sorted(PLATFORMS))} or null")
    notes = data["notes"]
    if not isinstance(notes, str) or (not fixture and not notes.strip()):
        raise RegistryError("notes must be text; real sites must say where their URLs come from")

    homepage = _url(data["homepage"], "homepage", slug, fixture)
    columns = data["columns"]
    if not isinstance(columns, list) or not columns:
        raise RegistryError("columns must be a non-empty list of report-column URLs")
    columns = tuple(_url(u, "columns", slug, fixture) for u in columns)
    if len(set(columns)) != len(columns):
        raise RegistryError("columns lists the same URL twice")
    site = Site(slug=slug, agency=_text(data, "agency"), region=_text(data, "region"),
                region_code=data["region_code"], homepage=homepage, columns=columns,
                platform=platform, fixture=fixture, verified=verified, notes=notes.strip(),
                also_hosts=parse_also_hosts(data.get("also_hosts")),
                proxy=parse_proxy(data.get("proxy")))
    outside = [u for u in columns if not u.startswith(site.root_url)]
    if outside:
        raise RegistryError(f"column {outside[0]} lies outside the site root {site.root_url} "
                            "(the crawler would not follow it); fix the homepage or the column")
    return site


def parse_also_hosts(value: object) -> tuple[str, ...]:
    """``also_hosts``: host names (``www.jinhua.gov.cn``, ``127.0.0.2:8731``), lower-cased,
    without scheme or path; absent or null is none."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RegistryError(f"also_hosts must be a list of host names, got {value!r}")
    hosts = []
    for host in value:
        if not isinstance(host, str) or not _HOST.match(host.strip().lower()):
            raise RegistryError(f"also_hosts: {host!r} is not a host name (write www.example.gov.cn, "
                                "no scheme, no path)")
        hosts.append(host.strip().lower())
    return tuple(dict.fromkeys(hosts))


def parse_proxy(value: object, key: str = "proxy") -> str | None:
    """A proxy address (``proxy:``, ``--proxy``, ``XXGK_PROXY``) as ``scheme://host:port``;
    absent or null is none.

    Only ``http://`` or ``https://`` with a host and a port, and no path. Credentials are refused,
    not stripped: a profile is committed to git and the address is recorded with every fetch, so
    a password written here would be published; it belongs in the crawl's environment
    (``XXGK_PROXY_USER`` / ``XXGK_PROXY_PASSWORD``, crawler/proxy.py).
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or any(ch.isspace() for ch in value.strip()):
        raise RegistryError(f"{key}: expected a proxy URL such as http://10.0.0.5:3128, got {value!r}")
    if "@" in value.split("://", 1)[-1].split("/", 1)[0]:  # before any message quotes the value
        raise RegistryError(f"{key}: the proxy URL carries credentials (user:password@); never write "
                            "them in a profile or on the command line: set XXGK_PROXY_USER and "
                            "XXGK_PROXY_PASSWORD in the environment of the crawl instead")
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as exc:
        raise RegistryError(f"{key}: {value!r} is not a URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or port is None:
        raise RegistryError(f"{key}: {value!r} must be an http:// or https:// URL with a host and a "
                            "port, e.g. http://10.0.0.5:3128")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise RegistryError(f"{key}: {value!r} must be scheme://host:port only (no path or query)")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme.lower()}://{host}:{port}"


def _text(data: dict, key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{key} must be non-empty text, got {value!r}")
    return value.strip()


def _flag(data: dict, key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise RegistryError(f"{key} must be true or false, got {value!r}")
    return value


def _check_region_code(code: object) -> None:
    if isinstance(code, int):
        raise RegistryError(f"region_code {code} must be a quoted string, e.g. region_code: \"{code}\"")
    if not isinstance(code, str) or not _REGION_CODE.match(code):
        raise RegistryError(f"region_code {code!r} must be a 6-digit GB/T 2260 code such as \"330782\"")
    if code[:2] not in PROVINCE_CODES:
        raise RegistryError(f"region_code {code!r} does not start with a GB/T 2260 province code")


def _url(url: object, key: str, slug: str, fixture: bool) -> str:
    if not isinstance(url, str) or not url.strip():
        raise RegistryError(f"{key}: expected a URL, got {url!r}")
    url = url.strip()
    if url.startswith(FIXTURE_SCHEME):
        if not fixture:
            raise RegistryError(f"{key}: {url} uses fixture:// but the site has fixture: false")
        if not url.startswith(f"{FIXTURE_SCHEME}{slug}/"):
            raise RegistryError(f"{key}: {url} must start with {FIXTURE_SCHEME}{slug}/")
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RegistryError(f"{key}: {url!r} is not an http(s):// or fixture:// URL")
    if fixture:
        raise RegistryError(f"{key}: fixture sites use fixture://{slug}/… URLs, got {url}")
    return url
