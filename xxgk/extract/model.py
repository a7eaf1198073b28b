"""The report record, declared once: every field ``extract_report`` gives, what it means, and
what the archive does with it.

A field that is a ``reports`` column has that column's description in xxgk/serve/metadata.yml,
word for word (tests/test_record.py checks it). Each field's metadata also says:

* ``column``: it is the ``reports`` column of the same name (archive/store.py fills it).
* ``content``: its place among the content fields, the part of a record that makes a new version
  (archive/history.py ``content_hash``); a "changed" event names the changed fields in this order.
  ``compare`` is how it is normalised first: "text" (whitespace runs collapsed, empty is None),
  "bool", "links" (the set of attachment URLs) or None (as it is).
* ``in_version``: it is kept in ``report_versions.record`` (the statistics cells live in
  ``report_stats``; the rejected links become crawl errors).
* ``reread``: besides the content fields, its place among the fields ``xxgk reextract`` counts
  changes of.

A record reads like a mapping too (``record["title"]``, ``record.get("views")``, ``"body" in
record``), for code written when it was a dict; new code uses the attributes.
Pure: imports nothing else of the project, so the archive may import it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any


def described(description: str, default=None, *, factory=None, column: bool = False,
              content: int | None = None, compare: str | None = None, in_version: bool = True,
              reread: int | None = None):
    """A record field with its description and flags (see the module docstring)."""
    meta = {"description": description, "column": column, "content": content,
            "compare": compare, "in_version": in_version, "reread": reread}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Report(Mapping):
    """What an article page says (a report, or a page judged not to be one); docs/field-rules.md
    says what each field must contain."""

    url: str = described("Page URL as linked from the site (网址)", "", column=True)
    title: str | None = described("Heading of the article as displayed (标题)", column=True,
                                  content=1, compare="text")
    published: str | None = described(
        "Publication date printed on the page, YYYY-MM-DD (发布日期)", column=True, content=2,
        compare="text")
    source: str | None = described("Literal 来源/信息来源 value, else 发布机构 (来源)", column=True,
                                   content=3, compare="text")
    editor: str | None = described("Literal 责任编辑/编辑 value, else 作者/发布人 (责任编辑)",
                                   column=True, content=4, compare="text")
    views: int | None = described(
        "View count printed on the page (浏览次数); empty when written by script", column=True)
    report_year: int | None = described(
        "Year the annual report covers (报告年度); empty for pages that are not the report",
        column=True, content=6)
    agency: str | None = described("Reporting body, fullest printed name (发布机关/报告单位)",
                                   column=True, content=5, compare="text")
    attachments: list[dict] = described(
        'Files linked from the article, [{"url", "text"}] with absolute URLs (附件); the reports '
        "row keeps their number (attachment_count), the attachments table the links",
        factory=list, content=9, compare="links")
    page_images: list[dict] = described(
        'Pictures that are the pages of an image-only report (图片版, a body of scans), [{"url", '
        '"text"}] (报告图片); not attachments: downloaded and read by OCR like them, their text '
        "searched with the attachments' (the attachments table keeps them with role page_image)",
        factory=list)
    is_report: bool = described("1 if the page is an annual report itself (是否年度报告)", False,
                                column=True, content=7, compare="bool")
    body: str | None = described("Article text without page furniture (正文)", column=True,
                                 content=8, compare="text")
    raw: dict = described("JSON of the raw metadata text each field was read from (原始元数据)",
                          factory=dict, column=True)
    counter_url: str | None = described(
        "View-counter endpoint the page calls, never fetched (计数器地址)", column=True, reread=2)
    platform: str | None = described(
        "Website platform of the site, e.g. trs_wcm, hanweb (网站平台)", column=True, reread=1)
    encoding: str | None = described("Character encoding the page was decoded with (编码)",
                                     column=True, reread=3)
    stats: list[dict] | None = described(
        "Statistics cells read from the page's tables (统计数据), stored in report_stats; None "
        "from an extractor without statistics, or not read yet (``extract_report(stats=False)``)",
        in_version=False)
    extractor: str | None = described(
        "Version of the extractor that produced this row's fields, release plus a digest of its "
        "code; `xxgk reextract` brings older rows up to date from the stored page (抽取程序版本)",
        column=True)
    rejected_links: list[dict] = described(
        'Links on the page too malformed to follow, [{"href", "reason"}] (无效链接); the crawler '
        "records each as a bad_link crawl error", factory=list, in_version=False)

    def to_dict(self) -> dict:
        """The record as JSON-ready data: every field, in declaration order."""
        return {name: getattr(self, name) for name in field_names(type(self))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """A record from its dict (a stored ``report_versions.record``, a test's literal): keys
        that are no field are ignored, missing fields get their defaults."""
        names = field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in names})

    # read access in mapping style
    def __getitem__(self, key: str):
        if key not in field_names(type(self)):
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(field_names(type(self)))

    def __len__(self) -> int:
        return len(field_names(type(self)))


def as_report(record: Report | Mapping[str, Any]) -> Report:
    """``record`` itself if it is a Report, else the Report its dict describes."""
    return record if isinstance(record, Report) else Report.from_dict(record)


@cache
def field_names(cls: type = Report) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def field_meta(name: str, cls: type = Report) -> Mapping[str, Any]:
    """The description and flags of one field."""
    return _metas(cls)[name]


@cache
def _metas(cls: type) -> dict[str, Mapping[str, Any]]:
    return {f.name: f.metadata for f in fields(cls)}


def _ranked(cls: type, flag: str) -> tuple[str, ...]:
    return tuple(sorted((n for n, m in _metas(cls).items() if m.get(flag)),
                        key=lambda n: _metas(cls)[n][flag]))


@cache
def content_fields(cls: type = Report) -> tuple[str, ...]:
    """The fields that make a version, in the order a "changed" event names them."""
    return _ranked(cls, "content")


@cache
def reread_fields(cls: type = Report) -> tuple[str, ...]:
    """The other fields whose changes ``xxgk reextract`` counts, in its order."""
    return _ranked(cls, "reread")


@cache
def column_fields(cls: type = Report) -> tuple[str, ...]:
    """The fields that are ``reports`` columns of the same name, in declaration order."""
    return tuple(n for n, m in _metas(cls).items() if m.get("column"))


@cache
def version_fields(cls: type = Report) -> tuple[str, ...]:
    """The fields kept in ``report_versions.record``."""
    return tuple(n for n, m in _metas(cls).items() if m.get("in_version"))


def descriptions(cls: type = Report) -> dict[str, str]:
    """Field name -> description."""
    return {n: m["description"] for n, m in _metas(cls).items()}
