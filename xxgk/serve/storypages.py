"""Datasette plugin: the stories' pages (canned queries in ``metadata.yml``) say what they mean.

* **Parameters are checked before a story runs.** Their kinds are declared in the metadata
  (``plugins: xxgk: params:``, by parameter name): ``year`` (2008 to next year), ``integer``
  (``max``: its bound), ``date`` (YYYY-MM-DD), ``text`` (``max`` characters, 100 unless told) and
  ``choice`` (``values``). An empty value means "any", as before. A bad one is answered with a 400
  that says what was expected ("year must be a year such as 2023, not 'abc'"): an HTML page through
  Datasette's own error template, JSON for ``.json``, plain text for ``.csv``/``.atom``.
* **Feed columns stay out of the HTML table.** The ``atom_*`` columns every story returns for its
  Atom feed are hidden on the story's HTML page (a stylesheet for the ``col-atom_*`` cells that
  Datasette's query.html puts on every th/td); ``.json``, ``.csv`` and ``.atom`` keep them.
* **Agencies are matched the same way everywhere:** ``xxgk_agency_match(agency, query)``
  (xxgk.serve.stories.agency_match: empty query, or part of the name ignoring spaces and full/half
  width). Each story form's ``agency`` box offers the archive's agencies (a ``<datalist>``).
* ``xxgk_agency_key(name[, region])``: the name as compared (with a region: the agency it stands
  for, archive/agencies.py); ``xxgk_span(days)``: "15 min", "3.5 h", "2 days".
"""
from __future__ import annotations

import json
import re
from datetime import date

from datasette import hookimpl
from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape

from xxgk.serve import stories

CSS_PATH = "/-/xxgk-stories.css"
STORY_CSS = """/* xxgk: the atom_* columns feed the Atom feeds; they are not for reading */
table.rows-and-columns th[class^="col-atom_"], table.rows-and-columns td[class^="col-atom_"],
table.rows-and-columns th[class*=" col-atom_"], table.rows-and-columns td[class*=" col-atom_"] {
  display: none;
}
"""
TEXT_MAX = 100  # characters of a name or a word, unless the kind says otherwise
INTEGER_MAX = 100_000
AGENCY_LIST_MAX = 2_000  # names offered in an agency box's list
_PATH = re.compile(r"^/([^/]+)/([^/]+?)(?:\.(\w+))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AGENCIES_SQL = """
select name from (
  select coalesce(nullif(trim(r.agency), ''), s.agency) as name
  from reports as r left join sites as s on s.slug = r.site_id where r.is_report = 1
  union select agency from sites
) where name is not null and trim(name) != '' order by name limit :limit
"""


class BadParameter(ValueError):
    """A story parameter that cannot be used; its message is shown to the reader."""


# --- checking parameters ----------------------------------------------------------------------

def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


def check_parameter(name: str, value, kind, today: str | None = None) -> str:
    """``value`` (stripped) if it suits ``kind`` — a kind name or a dict with ``kind`` and its
    options — else :class:`BadParameter` with a message naming the parameter. "" is always fine."""
    spec = kind if isinstance(kind, dict) else {"kind": kind}
    text = value.strip() if isinstance(value, str) else ""
    if text == "":
        return ""
    kind = spec.get("kind", "text")
    if kind == "year":
        last = int((today or stories.today())[:4]) + 1
        if not re.fullmatch(r"\d{4}", text) or not stories.FIRST_REPORT_YEAR <= int(text) <= last:
            raise BadParameter(f"{name} must be a year such as 2023, not {_shown(text)} "
                               f"(from {stories.FIRST_REPORT_YEAR} to {last})")
    elif kind == "integer":
        top = int(spec.get("max", INTEGER_MAX))
        if not re.fullmatch(r"\d{1,9}", text) or int(text) > top:
            raise BadParameter(f"{name} must be a whole number from 0 to {top}, not {_shown(text)}")
    elif kind == "date":
        try:
            ok = bool(_DATE.match(text)) and date.fromisoformat(text) is not None
        except ValueError:
            ok = False
        if not ok:
            raise BadParameter(f"{name} must be a date such as 2024-01-31, not {_shown(text)}")
    elif kind == "choice":
        values = [str(v) for v in spec.get("values", [])]
        if text not in values:
            raise BadParameter(f"{name} must be one of {', '.join(values)} (or empty), "
                               f"not {_shown(text)}")
    else:
        top = int(spec.get("max", TEXT_MAX))
        if len(text) > top:
            raise BadParameter(f"{name} must be at most {top} characters, not {len(text):,}")
    return text


def parameter_kinds(datasette) -> dict:
    """``plugins: xxgk: params:`` of the metadata: parameter name -> kind."""
    config = datasette.plugin_config("xxgk") or {}
    kinds = config.get("params") or {}
    return kinds if isinstance(kinds, dict) else {}


def story_of(datasette, path: str):
    """(database, story name, query metadata, format) when ``path`` is a story's page or one of
    its renderings, else None."""
    match = _PATH.match(path)
    if not match:
        return None
    database, name, extension = match.groups()
    if database not in datasette.databases:
        return None
    queries = (datasette.metadata(database=database) or {}).get("queries") or {}
    query = queries.get(name)
    if not isinstance(query, dict):
        return None
    return database, name, query, extension or "html"


def check_story_request(datasette, path: str, args) -> str | None:
    """The message for the first bad parameter of a request for a story, else None."""
    story = story_of(datasette, path)
    if story is None:
        return None
    kinds = parameter_kinds(datasette)
    for name in story[2].get("params") or []:
        if name in kinds:
            try:
                check_parameter(name, args.get(name), kinds[name])
            except BadParameter as error:
                return str(error)
    return None


async def bad_request(datasette, request: Request, message: str) -> Response:
    story = story_of(datasette, request.path)
    title = (story[2].get("title") if story else None) or "Bad request"
    extension = story[3] if story else "html"
    if extension == "json":
        return Response.json({"ok": False, "error": message, "status": 400, "title": title},
                             status=400)
    if extension != "html":
        return Response.text(f"400 Bad request: {message}\n", status=400)
    error = Markup(f'{escape(message)}. <a href="{escape(request.path)}">重新填写 Start again</a>')
    page = await datasette.render_template(
        "error.html", {"ok": False, "error": error, "status": 400,
                       "title": f"{title}: 参数有误 bad parameter"}, request=request)
    return Response.html(page, status=400)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def checked(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method", "GET") in ("GET", "HEAD"):
                # outside Datasette's CSRF layer: the error page has no form to protect
                request = Request({"csrftoken": lambda: "", **scope}, receive)
                message = check_story_request(datasette, request.path, request.args)
                if message is not None:
                    response = await bad_request(datasette, request, message)
                    await response.asgi_send(send)
                    return
            await app(scope, receive, send)

        return checked

    return wrap


# --- SQL functions ----------------------------------------------------------------------------

@hookimpl
def prepare_connection(conn):
    conn.create_function("xxgk_agency_match", 2, stories.agency_match, deterministic=True)
    conn.create_function("xxgk_agency_key", -1, stories.agency_key, deterministic=True)
    conn.create_function("xxgk_span", 1, stories.span_text, deterministic=True)


# --- the story pages --------------------------------------------------------------------------

def _story_page(datasette, request):
    if request is None:
        return None
    story = story_of(datasette, request.path)
    return story if story and story[3] == "html" else None


@hookimpl
def register_routes():
    return [(r"^/-/xxgk-stories\.css$", stylesheet)]


async def stylesheet():
    return Response(STORY_CSS, content_type="text/css; charset=utf-8",
                    headers={"Cache-Control": "max-age=3600"})


@hookimpl
def extra_css_urls(datasette, request):
    return [CSS_PATH] if _story_page(datasette, request) else []


@hookimpl
def extra_body_script(datasette, request):
    """On a story's page: the tab is titled with the story's title (Datasette puts its SQL
    there), and the agency box, if any, offers the archive's agencies."""
    story = _story_page(datasette, request)
    if story is None:
        return None
    title = f"document.title = {_js_json(story[2].get('title') or story[1])};"
    if "agency" not in (story[2].get("params") or []):
        return title

    async def script():
        names = await agency_names(datasette, story[0])
        return title + "\n" + AGENCY_LIST_JS.replace("NAMES", _js_json(names))

    return script


async def agency_names(datasette, database: str) -> list[str]:
    """Every agency named in the archive (reports and sites), sorted, at most AGENCY_LIST_MAX."""
    db = datasette.get_database(database)
    if not await db.table_exists("reports") or not await db.table_exists("sites"):
        return []
    result = await db.execute(_AGENCIES_SQL, {"limit": AGENCY_LIST_MAX})
    return [row[0] for row in result.rows]


def _js_json(value) -> str:
    """JSON safe inside a <script> element."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


AGENCY_LIST_JS = """(function () {
  var names = NAMES, list = document.createElement('datalist');
  list.id = 'xxgk-agencies';
  names.forEach(function (name) {
    var option = document.createElement('option');
    option.value = name;
    list.appendChild(option);
  });
  document.body.appendChild(list);
  document.querySelectorAll('input[name="agency"]').forEach(function (input) {
    input.setAttribute('list', 'xxgk-agencies');
    input.setAttribute('placeholder', '机关名称的一部分 part of a name');
  });
})();"""
