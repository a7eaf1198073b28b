"""The ``xxgk`` command: extract a page, crawl sites, serve the archive, run the demo."""
import contextlib
import json
import shutil
import signal
import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from xxgk.cli.processes import (FixtureWebError, Stopped, crawl_outcome, job_dir, last_run_id,
                               port_in_use, run_child, run_summary, running_fixture_web,
                               scrapy_crawl_command, start_page_error, stoppable)

DEFAULT_DB = "data/archive.db"
DEMO_FIXTURE_PORT = 8731
db_option = click.option("--db", default=DEFAULT_DB, show_default=True,
                         type=click.Path(), help="SQLite archive file.")


class PortNumber(click.IntRange):
    name = "port number"  # "'abc' is not a valid port number"


PORT = PortNumber(1, 65535)
FIXTURE_PORT = PortNumber(0, 65535)  # 0: any free port


class BadArgument(click.ClickException):
    """A bad option value: one line on stderr (no usage text), exit status 2 like click's own."""
    exit_code = 2


class OneLineErrors(click.Group):
    """Click's usage errors (a bad option value, an unknown option) as one line, like ours."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "xxgk"
            raise BadArgument(f"{exc.format_message()} (see `{command} --help`)") from None


@click.group(cls=OneLineErrors)
@click.version_option(package_name="xxgk-archive")
def cli():
    """xxgk-archive: crawl, extract, store and serve 政府信息公开工作年度报告."""


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--url", help="The page's real URL (resolves links; gives the URL date).")
@click.option("--listing", is_flag=True, help="FILE is a listing (column) page.")
def extract(file, url, listing):
    """Extract one saved page and print its record as JSON.

    Example: xxgk extract page.html --url http://www.example.gov.cn/art/2018/3/28/art_1_2.html
    """
    from xxgk.extract import ExtractionError, extract_listing, extract_report

    path = Path(file)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{file}: cannot read: {exc.strerror or exc}") from None
    page_url = url or path.resolve().as_uri()
    try:
        result = (extract_listing if listing else extract_report)(body, page_url)
    except ExtractionError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    if listing:
        result = {"links": result["links"], "next_page": result["next_page"],
                  "platform": result.get("platform"), "rejected": result.get("rejected", [])}
    else:
        result = result.to_dict()
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


LOG_LEVELS = click.Choice(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], case_sensitive=False)


@cli.command()
@click.option("--site", "sites", multiple=True, help="Registry slug (repeatable). Default: all.")
@click.option("--url", help="Crawl the report column at URL (a site in no registry).")
@click.option("--fixtures", is_flag=True, help="Start the bundled fixture web and crawl its sites.")
@click.option("--fixture-web", "fixture_url", help="Base URL of a fixture web already running.")
@click.option("--fixture-port", default=DEMO_FIXTURE_PORT, show_default=True, type=FIXTURE_PORT,
              help="Port for --fixtures (a fixed port keeps URLs, and so report ids, stable).")
@click.option("--full", is_flag=True, help="Walk every listing page, even past known reports.")
@click.option("--log-level", default="INFO", show_default=True, type=LOG_LEVELS)
@click.option("--proxy", metavar="URL",
              help="HTTP(S) proxy (http://host:port) for every site of the run without a proxy: "
                   "of its own in the registry. Credentials only from the environment: "
                   "XXGK_PROXY_USER, XXGK_PROXY_PASSWORD.")
@db_option
def crawl(sites, url, fixtures, fixture_url, fixture_port, full, log_level, proxy, db):
    """Crawl registry sites (or one column by URL) into the archive.

    Without options this crawls every real site in the registry, politely. --fixtures crawls the
    bundled replica web instead.

    Example: xxgk crawl --site yiwu-swj --db data/archive.db
    Example: xxgk crawl --fixtures
    Example: xxgk crawl --url http://www.example.gov.cn/col/col123/index.html
    Example: XXGK_PROXY_USER=me XXGK_PROXY_PASSWORD=… xxgk crawl --proxy http://10.0.0.5:3128

    Sites that answer only from inside China are crawled through a proxy there: a site's own
    `proxy:` (registry profile) wins, --proxy covers every other site of the run. The proxy's
    address (never its credentials) is recorded with each page fetched through it.

    A crawl stopped with Ctrl-C (or SIGTERM) resumes where it stopped when the same command is
    run again; one that was killed outright walks its columns again (stored pages are kept and
    re-checked with conditional requests). Only one crawl at a time may write to an archive.
    Exit status: 0 when the run finished, 1 when it failed or could not start (with --url:
    also when the start page could not be fetched), 2 for a bad argument, 128+N when it was
    stopped by signal N.
    """
    if _check_crawl_args(sites, url, fixtures, fixture_url, proxy) and not fixture_url:
        fixtures = True  # a fixture site named by slug: serve the bundled web for it
    sys.exit(_locked_crawl(db, sites, url, fixture_url, log_level, full,
                           fixture_port if fixtures and not fixture_url else None, proxy=proxy))


def _check_crawl_args(sites, url, fixtures, fixture_url, proxy=None) -> bool:
    """One-line errors for arguments that would crawl the wrong thing; True when a named site
    is one of the bundled fixture sites."""
    if proxy is not None:
        from xxgk.registry import RegistryError, parse_proxy

        try:
            parse_proxy(proxy, "--proxy")  # the profile's rules: host and port, no credentials
        except RegistryError as exc:
            raise BadArgument(str(exc)) from None
    from xxgk.crawler.proxy import ProxyConfigError, proxy_authorization

    try:
        proxy_authorization()  # XXGK_PROXY_USER / XXGK_PROXY_PASSWORD, as the crawl will read them
    except ProxyConfigError as exc:
        raise BadArgument(str(exc)) from None
    if url is not None:
        _check_http_url(url, "--url")
        if sites or fixtures:
            raise BadArgument(f"give either --url or {'--site' if sites else '--fixtures'}, "
                              "not both")
    if fixture_url is not None:
        _check_http_url(fixture_url, "--fixture-web")
    for slug in sites:
        if not slug.strip() or "," in slug:
            raise BadArgument(f"--site {slug!r}: not a site slug; `xxgk sites` lists them "
                              "(repeat --site for several)")
    return bool(sites) and _needs_fixture_web(sites)


def _check_http_url(value: str, option: str) -> None:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise BadArgument(f"{option} {value!r}: not a URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(
            ch.isspace() for ch in value):
        raise BadArgument(f"{option} {value!r}: not an http(s) URL with a host; give the "
                          "page's address, e.g. http://www.example.gov.cn/col/col1/index.html")


def _locked_crawl(db, sites, url, fixture_url, log_level, full, fixture_port=None,
                  proxy=None) -> int:
    """Take the archive's lock, check the archive, start the fixture web if asked, crawl; the
    lock is held until the crawl's child has ended. Returns the exit status."""
    from xxgk.archive.lock import CrawlLock
    from xxgk.archive.opening import ArchiveError, check_path, open_archive

    try:
        with stoppable():
            if not str(db).strip() or Path(db).is_dir():
                check_path(db, write=True)  # the one-line error, before anything is created
            with CrawlLock(db) as lock:
                open_archive(db, write=True).close()
                if fixture_port is None:
                    return _crawl(db, lock, sites, url, fixture_url, log_level, full, proxy)
                with _fixture_web(fixture_port) as base:
                    return _crawl(db, lock, sites, url, base, log_level, full, proxy)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    except Stopped as stop:
        click.echo(f"Error: xxgk crawl was stopped by {signal.Signals(stop.signum).name}",
                   err=True)
        return 128 + stop.signum


def _check_port(host: str, port: int, option: str) -> None:
    """A one-line error, before anything starts, when another server listens on ``port``."""
    if port_in_use(host, port):
        raise click.ClickException(f"port {port} is in use: choose another with {option}")


@contextlib.contextmanager
def _fixture_web(port: int, generated: int = 0, option: str = "--fixture-port"):
    """The bundled fixture web, or a one-line error (a port in use, say)."""
    _check_port("127.0.0.1", port, option)
    web = running_fixture_web(port=port, generated=generated)
    try:
        base = web.__enter__()
    except FixtureWebError as exc:
        raise click.ClickException(f"{exc}; choose another port with {option}") from None
    try:
        yield base
    finally:
        web.__exit__(None, None, None)


def _needs_fixture_web(slugs) -> bool:
    """True when a named site is one of the bundled fixture sites; unknown slugs are an error."""
    from xxgk import registry

    try:
        return any(registry.get_site(slug).fixture for slug in slugs)
    except KeyError as exc:
        raise click.ClickException(str(exc).strip("'\"")) from None


def _crawl(db, lock, sites, url, fixture_url, log_level, full=False, proxy=None) -> int:
    """One crawl run by a Scrapy child, under ``lock``; prints this run's summary (never an
    earlier run's) and returns the exit status. The child reports its run in a status file.
    ``proxy`` (checked: no credentials) goes to the child as XXGK_PROXY (crawler/proxy.py)."""
    import tempfile

    from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

    loopback = urlsplit(url or "").hostname in ("127.0.0.1", "localhost", "::1")
    settings = dict(FIXTURE_WEB_SETTINGS) if (fixture_url or loopback) else {}
    try:
        settings["JOBDIR"] = _prepare_job_dir(job_dir(db, sites=sites, url=url, full=full))
        run_dir = Path(tempfile.mkdtemp(prefix="xxgk-run-"))  # outside the archive's folder
    except OSError as exc:
        raise click.ClickException(f"cannot prepare the crawl: {exc}") from None
    status_file = run_dir / "status.json"
    settings.update(XXGK_LOCK_HELD=1, XXGK_RUN_STATUS_FILE=status_file)
    if proxy is not None:
        from xxgk.registry import parse_proxy

        settings["XXGK_PROXY"] = parse_proxy(proxy, "--proxy")  # scheme://host:port
    before = last_run_id(db)
    cmd = scrapy_crawl_command(db, sites=list(sites), url=url, fixture_url=fixture_url,
                               settings=settings, log_level=log_level, full=full)
    try:
        child = run_child(cmd, pass_fds=[lock.fileno()], on_start=lock.note_holder)
        outcome = crawl_outcome(status_file, db, child, before)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    if outcome is None:
        return _fail(f"the crawl process {child.how()} before it recorded a run in {db}; see "
                     "its log above", child)
    if outcome["run_id"] is not None:
        _print_run_summary(db, outcome["run_id"])
    if outcome["status"] == "failed":
        return _fail(outcome["reason"] or "the crawl failed", child)
    unreachable = url and outcome["run_id"] is not None and start_page_error(
        db, outcome["run_id"], url)
    if unreachable and outcome["status"] == "finished":
        click.echo(f"Error: {url}: the start page could not be fetched: {unreachable}; check "
                   "the address (the error is recorded in crawl_errors)", err=True)
        return 1
    if outcome["status"] == "interrupted":
        return _fail(f"the crawl was stopped ({outcome['reason'] or 'it ' + child.how()}); run "
                     "the same command again to resume", child)
    if child.returncode != 0:
        return _fail(f"the crawl process {child.how()} after finishing its run", child)
    shutil.rmtree(settings["JOBDIR"], ignore_errors=True)
    return 0


def _fail(message: str, child) -> int:
    click.echo(f"Error: {message}", err=True)
    return child.failure_code()


def _prepare_job_dir(path: Path) -> str:
    """Resume a frontier that Scrapy saved on a clean stop; discard one a kill left half written."""
    marker = path / "xxgk-clean-stop"
    if marker.exists():
        marker.unlink()
        click.echo(f"resuming the interrupted crawl saved in {path}")
    elif path.exists():
        shutil.rmtree(path)
        click.echo("the previous crawl was killed before it could save its frontier: walking the "
                   "columns again (stored pages are kept and re-checked)")
    return str(path)


def _print_run_summary(db, run_id: int) -> None:
    """The summary of crawl run ``run_id``."""
    from xxgk.archive.opening import ArchiveError

    try:
        run, errors = run_summary(db, run_id)
    except (ArchiveError, sqlite3.Error) as exc:
        click.echo(f"Error: cannot read the summary of crawl run {run_id}: {exc}", err=True)
        return
    if run is None:
        click.echo(f"Error: crawl run {run_id} is not in {db}", err=True)
        return
    click.echo(f"crawl run {run_id} ({run['status']}): {run.get('reports') or 0} pages stored, "
               f"{run.get('requests') or 0} requests, {run.get('errors') or 0} errors in {db}")
    for row in errors:
        click.echo(f"  {row['kind']}: {row['n']}")
    if not run.get("reports") and run["status"] == "finished":
        click.echo("warning: this run stored no pages", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=PORT)
def serve(db, host, port):
    """Serve the archive read-only in Datasette.

    Example: xxgk serve --db data/archive.db --port 8001
    """
    from xxgk.serve.server import serve as run_datasette

    _check_port(host, port, "--port")
    run_datasette(db, host=host, port=port)  # checks the archive: one-line error, exit 1


@cli.command("fixture-web")
@click.option("--port", default=DEMO_FIXTURE_PORT, show_default=True, type=FIXTURE_PORT)
@click.option("--generated", default=0, type=click.IntRange(0),
              help="Also serve a generated site of N reports.")
def fixture_web(port, generated):
    """Serve the bundled replica web of municipal sites on 127.0.0.1.

    Example: xxgk fixture-web --port 8731
    """
    with _fixture_web(port, generated=generated, option="--port") as base:
        click.echo(f"fixture web at {base}/ (Ctrl-C to stop)")
        _wait_forever()


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=PORT, help="Datasette port.")
@click.option("--fixture-port", default=DEMO_FIXTURE_PORT, show_default=True, type=FIXTURE_PORT)
@click.option("--no-serve", is_flag=True, help="Build the archive, do not serve it.")
def demo(db, port, fixture_port, no_serve):
    """Build an archive with history from the bundled fixture web, and serve it in Datasette.

    Crawls the fixture web, replays its edits, removals and growing view counts, crawls it again,
    prints what the archive holds (and why its crawl errors are there: all planted), then serves
    it. Ctrl-C or SIGTERM stops everything it started.

    Example: xxgk demo --db data/demo.db --port 8001
    """
    from xxgk.archive.opening import ArchiveError, open_archive

    from xxgk.cli.demo import real_site_runs

    try:
        database = open_archive(db, write=True)  # a bad --db: one line, before anything starts
        real = real_site_runs(database)
        database.close()
    except (ArchiveError, sqlite3.Error) as exc:
        raise click.ClickException(str(exc)) from None
    if real:
        raise click.ClickException(f"{db} holds {real} crawl runs of real sites; the demo would "
                                   "mix the fixture web's pages into it: choose another --db, "
                                   "e.g. data/demo.db")
    if not no_serve:
        _check_port("127.0.0.1", port, "--port")
    try:
        with stoppable(), _fixture_web(fixture_port) as base:
            click.echo(f"fixture web at {base}/")
            note = _demo_history(db, base)
            if not no_serve:
                _serve_demo(db, port, note)
    except Stopped as stop:
        click.echo(f"Error: xxgk demo was stopped by {signal.Signals(stop.signum).name}",
                   err=True)
        sys.exit(128 + stop.signum)


def _demo_history(db, base) -> str:
    """Crawl, change the fixture web, crawl again (walking every column); print and store the
    summary. Returns the crawl-errors explanation."""
    from xxgk.cli import demo as demo_flow
    from xxgk.archive.lock import CrawlLock
    from xxgk.archive.opening import ArchiveError, open_archive

    runs = []
    for step, full in ((1, False), (2, True)):
        click.echo(f"crawl {step} of 2" + (f": after the fixture web's '{demo_flow.MUTATION}' "
                                            "changes (edits, removals, more views)" if full
                                            else ""))
        before = last_run_id(db)
        code = _locked_crawl(db, (), None, base, "WARNING", full)
        if code:
            sys.exit(code)
        runs.append(last_run_id(db))
        if runs[-1] == before:
            raise click.ClickException(f"crawl {step} recorded no run in {db}")
        if step == 1:
            _mutate_fixture_web(base, demo_flow.MUTATION)
    try:
        with CrawlLock(db):
            database = open_archive(db, write=True)
            try:
                lines = demo_flow.summary_lines(database, runs)
                demo_flow.note_runs(database, runs, lines[-1])
            finally:
                database.close()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    for line in lines:
        click.echo(line)
    return lines[-1]


def _mutate_fixture_web(base: str, scenario: str) -> None:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{base}/__fixture/mutate", method="POST",
                                     data=json.dumps({"scenario": scenario}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except (OSError, urllib.error.URLError) as exc:
        raise click.ClickException(f"the fixture web at {base} refused the '{scenario}' "
                                   f"changes ({exc})") from None


def _serve_demo(db, port: int, note: str) -> None:
    """Datasette on the demo archive, with the crawl-errors explanation in its metadata."""
    import tempfile

    from xxgk.cli.demo import demo_metadata
    from xxgk.serve.server import METADATA, serve as run_datasette

    data = demo_metadata(note, METADATA, Path(db).stem)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False,
                                     encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    try:
        run_datasette(db, host="127.0.0.1", port=port, metadata=handle.name)
    finally:
        Path(handle.name).unlink(missing_ok=True)


@cli.command("import-warc")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, readable=True))
@click.option("--site", default=None,
              help="Registry slug of the site the capture is of (default: the sites a crawl of"
                   " ours names in its WARC, else the registry sites whose pages it holds, else"
                   " one site per host).")
@click.option("--log-level", default="WARNING", show_default=True, type=LOG_LEVELS)
@db_option
def import_warc(files, site, log_level, db):
    """Import WARC (.warc, .warc.gz) and WACZ captures made elsewhere — Browsertrix,
    ArchiveBox, wget --warc-file, Webrecorder, or a crawl of ours — as if they were crawled:
    the same extraction, versions, attachments, statistics and search index. Nothing is
    fetched from the network.

    Each file is one capture, imported oldest first; a folder stands for the .warc, .warc.gz
    and .wacz files in it (e.g. the warc/ folder beside another archive). Importing a file
    twice changes nothing.
    Every record and what became of it is listed in the capture_records table (the ones that
    could not be used with the reason); what the capture's pages link to but it does not hold
    is in crawl_errors (kind not_captured).

    Example: xxgk import-warc capture.wacz --site yiwu-swj --db data/archive.db

    Exit status: 0 when every file was imported, 1 when an import failed, 2 for a bad argument,
    128+N when stopped by signal N.
    """
    from xxgk import registry
    from xxgk.archive.lock import CrawlLock
    from xxgk.archive.opening import ArchiveError, check_path, open_archive
    from xxgk.cli.imports import import_captures

    from xxgk.crawler.replay import CaptureError, capture_files, check_capture_file

    try:
        files = capture_files(files)
    except CaptureError as exc:
        raise BadArgument(str(exc)) from None
    for path in files:
        try:
            check_capture_file(path)
        except (CaptureError, OSError) as exc:
            raise BadArgument(str(exc)) from None
    if site is not None:
        try:
            registry.get_site(site)
        except KeyError as exc:
            raise BadArgument(f"--site {site!r}: {str(exc).strip(chr(39) + chr(34))}") from None
    try:
        with stoppable():
            if not str(db).strip() or Path(db).is_dir():
                check_path(db, write=True)
            with CrawlLock(db) as lock:
                open_archive(db, write=True).close()
                sys.exit(import_captures(db, files, site, log_level, lock))
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    except Stopped as stop:
        click.echo(f"Error: xxgk import-warc was stopped by {signal.Signals(stop.signum).name}",
                   err=True)
        sys.exit(128 + stop.signum)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "wacz"]),
              default="csv", show_default=True,
              help="wacz: the crawl runs' WARC files as one web archive for ReplayWeb.page.")
@click.option("--out", "out_dir", required=True, type=click.Path(),
              help="Folder to write the dataset to. For wacz: a file path ending .wacz, or a "
                   "folder to write archive.wacz in.")
@click.option("--run", "run_id", type=int, default=None,
              help="wacz only: package this crawl run's WARC file only (default: every run's).")
@db_option
def export(fmt, out_dir, run_id, db):
    """Write a research dataset: one file per table, datapackage.json and README.md. Or, with
    --format wacz, the pages as crawled: one WACZ file (WARCs, index, the report pages by
    title) to open in ReplayWeb.page; a run's WARC file missing from warc/ is skipped with a
    warning (see docs/wacz.md).

    Example: xxgk export --format parquet --out export/

    Example: xxgk export --format wacz --out export/reports.wacz
    """
    from xxgk.serve.export import export_archive
    from xxgk.archive.opening import ArchiveError

    if fmt == "wacz":
        from xxgk.serve.wacz import export_wacz

        try:
            result = export_wacz(db, out_dir, run_id=run_id)  # checks the archive with open_archive
        except (ArchiveError, ValueError) as error:
            raise click.ClickException(str(error)) from None
        except OSError as error:
            raise click.ClickException(f"{out_dir}: cannot write the WACZ file ({error})") from None
        for warning in result["warnings"]:
            click.echo(f"Warning: {warning}", err=True)
        click.echo(f"{result['pages']} report pages, {len(result['warcs'])} WARC file(s) of crawl "
                   f"run(s) {', '.join(map(str, result['runs']))} -> {result['path']}")
        return
    if run_id is not None:
        raise BadArgument("--run applies to --format wacz only")
    ctx = click.get_current_context()  # the other formats write a folder, as before
    out_param = next(p for p in ctx.command.params if p.name == "out_dir")
    out_dir = click.Path(file_okay=False).convert(out_dir, out_param, ctx)
    try:
        summary = export_archive(db, out_dir, fmt)  # checks the archive with open_archive
    except (ArchiveError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"{out_dir}: cannot write the dataset ({error})") from None
    click.echo(f"{len(summary['tables'])} tables, {sum(summary['tables'].values()):,} rows -> "
               f"{out_dir} (crawled {summary['first_crawl']} to {summary['last_crawl']})")


@cli.command()
@db_option
@click.option("--site", default=None, help="Only this site's reports (registry slug).")
@click.option("--all", "everything", is_flag=True,
              help="Re-read every report and file, also those the running extractor read.")
@click.option("--files", "files_dir", default=None, type=click.Path(file_okay=False),
              help="Where the archive's attachment files are (default: files/ beside --db,"
                   " as the crawl stores them).")
def reextract(db, site, everything, files_dir):
    """Re-run extraction over what is already stored (no network): the attachment files with
    today's document reader, then the report pages and their statistics.

    Records and statistics are updated in place: no version, no event. Prints per field how
    many rows changed, and any stored file whose bytes are missing. Safe to interrupt: what was
    already read is skipped on the next run.

    Example: xxgk reextract --db data/archive.db
    """
    from xxgk.archive.lock import CrawlLock
    from xxgk.archive.opening import ArchiveError, open_archive
    from xxgk.archive.store import ensure_db_shape
    from xxgk.crawler.reread import reextract as run_reextract, summary_lines

    def progress(done, total, what="reports"):
        if done == total or done % 50 == 0:
            click.echo(f"\r{done}/{total} {what}", nl=done == total, err=True)

    from xxgk.archive.opening import ArchiveNotFound, check_path

    try:
        check_path(db, write=False)
    except ArchiveNotFound:
        raise click.ClickException(f"{db}: no archive there (crawl first: xxgk crawl --db {db})"
                                   ) from None
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        with CrawlLock(db):  # no crawl writes to the archive meanwhile
            database = open_archive(db, write=True)
            try:
                ensure_db_shape(database)
                result = run_reextract(
                    database, site=site, everything=everything,
                    files_dir=Path(files_dir) if files_dir else Path(db).parent / "files",
                    progress=progress,
                    file_progress=lambda done, total: progress(done, total, "attachment files"))
            finally:
                database.close()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    for line in summary_lines(result):
        click.echo(line)


@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--into", "--db", "into", default=DEFAULT_DB, show_default=True,
              type=click.Path(), help="The archive to merge into (created if missing).")
def merge(shards, into):
    """Fold shard archives (one per Scrapyd node) into one archive: a union by deterministic
    ids, so merging a shard twice adds nothing. Attachment files and WARC files beside each
    shard are copied; the derived tables and the search index follow. See docs/scaling.md.

    Example: xxgk merge shards/a.db shards/b.db --into data/archive.db
    """
    import time

    from xxgk.archive.lock import CrawlLock
    from xxgk.archive.merge import MergeError, merge_shards
    from xxgk.archive.opening import ArchiveError, open_archive

    def report(s):
        click.echo(f"{s['shard']}: {s['runs']} new runs, {s['reports']} reports added or "
                   f"updated, {s['blobs']} attachment files copied"
                   + (f", {s['missing_blobs']} missing in the shard" if s["missing_blobs"] else ""))

    started = time.monotonic()
    try:
        for shard in shards:  # one line for a bad shard, before anything is written
            open_archive(shard, write=False).close()
            if Path(shard).resolve() == Path(into).resolve():
                raise click.ClickException(f"{shard}: is the archive merged into; pass another")
        with CrawlLock(into):
            database = open_archive(into, write=True)
            try:
                merge_shards(database, shards, progress=report)
            finally:
                database.close()
    except (ArchiveError, MergeError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"merged {len(shards)} shards into {into} in {time.monotonic() - started:.1f} s")


@cli.command()
@click.option("--node", "nodes", multiple=True, required=True, metavar="NAME=URL",
              help="A Scrapyd node (repeatable); NAME decides which sites it gets.")
@click.option("--site", "sites", multiple=True, help="Registry slug (repeatable). Default: all.")
@click.option("--fixture-web", "fixture_url", help="Crawl the fixture web at this base URL.")
@click.option("--shard-db", default="/var/lib/xxgk/shard-{node}.db", show_default=True,
              help="Each node's shard archive, on that node ({node}: the node's name).")
@click.option("--setting", "settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting for every job (repeatable).")
@click.option("--project", default="xxgk", show_default=True, help="Scrapyd project name.")
@click.option("--plan", is_flag=True, help="Only print which node crawls which site.")
@click.option("--status", "status_only", is_flag=True, help="Only print each node's status.")
@click.option("--wait", default=0, type=click.IntRange(0), metavar="SECONDS",
              help="Wait up to SECONDS for the scheduled jobs to finish.")
def cluster(nodes, sites, fixture_url, shard_db, settings, project, plan, status_only, wait):
    """Split the sites across Scrapyd nodes (rendezvous hashing: adding a node moves few
    sites), schedule each node's share into its shard archive, and print each node's status.
    Merge the shards afterwards with `xxgk merge`. See docs/scaling.md.

    Example: xxgk cluster --node a=http://10.0.0.2:6800 --node b=http://10.0.0.3:6800
    """
    from xxgk import registry
    from xxgk.cli import cluster as nodes_api
    from xxgk.crawler.settings import FIXTURE_WEB_SETTINGS

    try:
        parsed = [nodes_api.parse_node(n) for n in nodes]
    except ValueError as exc:
        raise BadArgument(f"--node {exc}") from None
    if len({n.name for n in parsed}) != len(parsed):
        raise BadArgument("--node: two nodes have the same name; name them NAME=URL")
    extra = dict(FIXTURE_WEB_SETTINGS) if fixture_url else {}
    for setting in settings:
        name, sep, value = setting.partition("=")
        if not sep or not name:
            raise BadArgument(f"--setting {setting!r}: not NAME=VALUE")
        extra[name] = value
    if status_only:
        status = [nodes_api.node_status(n, project) for n in parsed]
        for line in nodes_api.status_lines(status):
            click.echo(line)
        down = [s["node"] for s in status if "error" in s]
        if down:
            raise click.ClickException(f"{len(down)} of {len(status)} nodes did not answer: "
                                       f"{', '.join(down)}")
        return
    slugs = list(sites) or [s.slug for s in registry.load_sites() if s.fixture == bool(fixture_url)]
    _needs_fixture_web(slugs)  # an unknown slug: one line
    shares = nodes_api.assign_sites(slugs, [n.name for n in parsed])
    if plan:
        for name, share in shares.items():
            click.echo(f"{name:12} {len(share):3} sites: {', '.join(share) or '-'}")
        return
    try:
        rows = nodes_api.schedule(parsed, slugs, shard_db=shard_db, project=project,
                                  fixture_url=fixture_url, settings=extra)
        for row in rows:
            click.echo(f"{row['node']:12} job {row['job'] or '-'}: {len(row['sites'])} sites "
                       f"-> {row['shard_db']}")
        jobs = {row["node"]: row["job"] for row in rows}
        status = (nodes_api.wait_for(parsed, jobs, timeout=wait, project=project) if wait
                  else [nodes_api.node_status(n, project) for n in parsed])
    except nodes_api.ClusterError as exc:
        raise click.ClickException(str(exc)) from None
    for line in nodes_api.status_lines(status):
        click.echo(line)


@cli.command()
@db_option
def status(db):
    """Print each site's crawl health: last run, items, validity, errors, flags.

    Example: xxgk status --db data/archive.db
    """
    from xxgk.archive.health import status_rows
    from xxgk.archive.opening import ArchiveError, open_archive

    try:
        database = open_archive(db, write=False)
        rows = status_rows(database)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    except sqlite3.Error as exc:
        raise click.ClickException(f"{db}: cannot read the crawl health ({exc}); run `xxgk "
                                   "crawl` once to bring the archive up to date") from None
    click.echo(f"{'site':24} {'run':>4} {'items':>5} {'reports':>7} {'date ok':>7} "
               f"{'title ok':>8} {'errors':>6}  flags")
    for row in rows:
        click.echo(f"{row['site_id']:24} {row['crawl_run_id']:>4} {row['items']:>5} "
                   f"{row['reports']:>7} {_rate(row['valid_date_rate']):>7} "
                   f"{_rate(row['valid_title_rate']):>8} {row['errors']:>6}  "
                   f"{', '.join(row['flags']) or 'ok'}")


def _rate(value):
    return "-" if value is None else f"{value:.0%}"


@cli.command()
def sites():
    """List the site registry.

    Example: xxgk sites
    """
    from xxgk import registry

    for site in registry.load_sites():
        flag = "fixture" if site.fixture else ("verified" if site.verified else "not verified")
        click.echo(f"{site.slug:24} {site.region_code or '':7} {site.platform or '-':10} "
                   f"{flag:13} {site.agency}")


def _wait_forever():
    import time

    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def main():
    cli(prog_name="xxgk")  # "see `xxgk crawl --help`", also when run as python -m xxgk


if __name__ == "__main__":
    main()
