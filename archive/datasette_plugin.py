"""Datasette plugin: Chinese full-text search on the archive (registered as ``xxgk``).

Datasette's search (``?_search=`` and ``?_search_<column>=``, the table page's search box) runs
``... where reports_fts match escape_fts(:search)``. The index holds jieba-segmented text
(archive/search.py), so the query must be segmented the same way before it is quoted: we replace
the ``escape_fts`` SQL function with one that segments first. Datasette still shows the user's
own words in the search box and in "search matches …". ``trylast`` makes this hook run after
Datasette's own ``prepare_connection`` (which registers the original ``escape_fts``).

``?_searchmode=raw`` bypasses ``escape_fts``: a raw query must already be segmented (use the
``jieba_segment()`` SQL function in custom SQL).
"""
from datasette import hookimpl

from archive.search import fts_match, segment_for_index


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, fts_match, deterministic=True)
    conn.create_function("jieba_segment", 1, segment_for_index, deterministic=True)
