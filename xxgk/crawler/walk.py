"""Bookkeeping of a crawl's walk through report columns: which report URLs each site listed, and
whether every column was walked to its last page (only then can a missing report count as gone)."""
from collections import defaultdict


class ColumnWalk:
    """Per site: the URLs its listings showed, and each column's state."""

    def __init__(self):
        self.listed: dict[str, set[str]] = defaultdict(set)
        self.columns: dict[str, dict[str, str]] = defaultdict(dict)  # site -> column -> state

    def start(self, site_id: str, column: str) -> None:
        self.columns[site_id][column] = "walking"

    def saw(self, site_id: str, urls) -> None:
        self.listed[site_id].update(urls)

    def end(self, site_id: str, column: str, state: str) -> None:
        """state: "complete" (walked to the last page), "stopped" (nothing new), "failed"."""
        if self.columns[site_id].get(column) != "failed":
            self.columns[site_id][column] = state

    def fully_walked(self, site_id: str) -> bool:
        states = self.columns.get(site_id, {}).values()
        return bool(states) and all(state == "complete" for state in states)
