"""Datasette plugin: SQL functions for the stories (canned queries) in datasette/*.yml."""
from datasette import hookimpl


@hookimpl
def prepare_connection(conn):
    """Nothing yet: the stories' functions are added here."""
