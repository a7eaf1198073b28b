"""The ``xxgk`` command: extract a page, crawl sites, serve the archive, run the demo."""
import contextlib
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.processes import (FixtureWebError, job_dir, run_crawl, running_fixture_web,
                               scrapy_crawl_command)

DEFAULT_DB = "data/archive.db"
DEMO_FIXTURE_PORT = 8731
db_option = click.option("--db", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False), help="SQLite archive file.")


@click.group()
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
    from extract import ExtractionError, extract_listing, extract_report

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
                  "platform": result.get("platform")}
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@cli.command()
@click.option("--site", "sites", multiple=True, help="Registry slug (repeatable). Default: all.")
@click.option("--url", help="Crawl the report column at URL (a site in no registry).")
@click.option("--fixtures", is_flag=True, help="Start the bundled fixture web and crawl its sites.")
@click.option("--fixture-web", "fixture_url", help="Base URL of a fixture web already running.")
@click.option("--fixture-port", default=DEMO_FIXTURE_PORT, show_default=True,
              help="Port for --fixtures (a fixed port keeps URLs, and so report ids, stable).")
@click.option("--full", is_flag=True, help="Walk every listing page, even past known reports.")
@click.option("--log-level", default="INFO", show_default=True)
@db_option
def crawl(sites, url, fixtures, fixture_url, fixture_port, full, log_level, db):
    """Crawl registry sites (or one column by URL) into the archive.

    Without options this crawls every real site in the registry, politely. --fixtures crawls the
    bundled replica web instead.

    Example: xxgk crawl --site yiwu-swj --db data/archive.db
    Example: xxgk crawl --fixtures
    Example: xxgk crawl --url http://www.example.gov.cn/col/col123/index.html

    A crawl stopped with Ctrl-C resumes where it stopped when the same command is run again;
    one that was killed outright walks its columns again (stored pages are kept and re-checked
    with conditional requests). Only one crawl at a time may write to an archive.
    """
    _refuse_if_busy(db)
    if sites and _needs_fixture_web(sites) and not fixture_url:
        fixtures = True  # a fixture site named by slug: serve the bundled web for it
    if fixtures and not fixture_url:
        with _fixture_web(fixture_port) as base:
            code = _crawl(db, sites, url, base, log_level, full)
    else:
        code = _crawl(db, sites, url, fixture_url, log_level, full)
    sys.exit(code)


@contextlib.contextmanager
def _fixture_web(port: int, generated: int = 0):
    """The bundled fixture web, or a one-line error (a port in use, say)."""
    web = running_fixture_web(port=port, generated=generated)
    try:
        base = web.__enter__()
    except FixtureWebError as exc:
        raise click.ClickException(f"{exc}; choose another port") from None
    try:
        yield base
    finally:
        web.__exit__(None, None, None)


def _needs_fixture_web(slugs) -> bool:
    """True when a named site is one of the bundled fixture sites; unknown slugs are an error."""
    import registry

    try:
        return any(registry.get_site(slug).fixture for slug in slugs)
    except KeyError as exc:
        raise click.ClickException(str(exc).strip("'\"")) from None


def _refuse_if_busy(db):
    from archive.lock import ArchiveBusy, CrawlLock

    try:
        CrawlLock(db).acquire().release()
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None


def _crawl(db, sites, url, fixture_url, log_level, full=False) -> int:
    from crawler.settings import FIXTURE_WEB_SETTINGS

    loopback = urlsplit(url or "").hostname in ("127.0.0.1", "localhost", "::1")
    settings = dict(FIXTURE_WEB_SETTINGS) if (fixture_url or loopback) else {}
    settings["JOBDIR"] = _prepare_job_dir(job_dir(db, sites=sites, url=url, full=full))
    cmd = scrapy_crawl_command(db, sites=list(sites), url=url, fixture_url=fixture_url,
                               settings=settings, log_level=log_level, full=full)
    code = run_crawl(cmd).returncode
    if _print_run_summary(db) == "finished":
        shutil.rmtree(settings["JOBDIR"], ignore_errors=True)
    return code


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


def _print_run_summary(db):
    import sqlite_utils

    if not Path(db).exists():
        click.echo(f"no archive was written at {db}", err=True)
        return
    database = sqlite_utils.Database(db)
    run = next(database.query("select * from crawl_runs order by id desc limit 1"), None)
    if run is None:
        return
    errors = list(database.query(
        "select kind, count(*) n from crawl_errors where crawl_run_id = ? group by kind",
        [run["id"]]))
    click.echo(f"crawl run {run['id']} ({run['status']}): {run.get('reports') or 0} pages stored, "
               f"{run.get('requests') or 0} requests, {run.get('errors') or 0} errors in {db}")
    for row in errors:
        click.echo(f"  {row['kind']}: {row['n']}")
    if not run.get("reports"):
        click.echo("warning: this run stored no pages", err=True)
    return run["status"]


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
def serve(db, host, port):
    """Serve the archive read-only in Datasette.

    Example: xxgk serve --db data/archive.db --port 8001
    """
    from archive.serve import serve as run_datasette

    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such archive; run `xxgk crawl` or `xxgk demo` first")
    run_datasette(db, host=host, port=port)


@cli.command("fixture-web")
@click.option("--port", default=DEMO_FIXTURE_PORT, show_default=True)
@click.option("--generated", default=0, help="Also serve a generated site of N reports.")
def fixture_web(port, generated):
    """Serve the bundled replica web of municipal sites on 127.0.0.1.

    Example: xxgk fixture-web --port 8731
    """
    with _fixture_web(port, generated=generated) as base:
        click.echo(f"fixture web at {base}/ (Ctrl-C to stop)")
        _wait_forever()


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, help="Datasette port.")
@click.option("--fixture-port", default=DEMO_FIXTURE_PORT, show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the archive, do not serve it.")
def demo(db, port, fixture_port, no_serve):
    """Crawl the bundled fixture web into the archive and serve it in Datasette.

    Example: xxgk demo --db data/archive.db
    """
    from archive.serve import serve as run_datasette

    with _fixture_web(fixture_port) as base:
        click.echo(f"fixture web at {base}/")
        _crawl(db, (), None, base, "WARNING")
        if not no_serve:
            run_datasette(db, host="127.0.0.1", port=port)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv",
              show_default=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write the dataset to.")
@db_option
def export(fmt, out_dir, db):
    """Write a research dataset: one file per table, datapackage.json and README.md.

    Example: xxgk export --format parquet --out export/
    """
    from archive.export import export_archive
    from archive.serve import ArchiveNotFound

    try:
        summary = export_archive(db, out_dir, fmt)
    except (ArchiveNotFound, ValueError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{len(summary['tables'])} tables, {sum(summary['tables'].values()):,} rows -> "
               f"{out_dir} (crawled {summary['first_crawl']} to {summary['last_crawl']})")


@cli.command()
@db_option
def status(db):
    """Print each site's crawl health: last run, items, validity, errors, flags.

    Example: xxgk status --db data/archive.db
    """
    import sqlite_utils

    from archive.health import status_rows

    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such archive; run `xxgk crawl` first")
    rows = status_rows(sqlite_utils.Database(db))
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
    import registry

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
    cli()


if __name__ == "__main__":
    main()
