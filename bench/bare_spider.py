"""The crawl benchmark's peers: a bare Scrapy spider fetching the same pages our crawl fetched
(``scrapy runspider bench/bare_spider.py -a urls=FILE [-a extract=1]``).

FILE has one ``kind<TAB>url`` line per page (``listing`` or ``report``), read from the WARC our
crawl wrote, so both fetch exactly the same pages. The spider stores nothing. With
``extract=1`` each page also goes through ``extract_listing`` / ``extract_report`` (the pure
extraction our crawl runs), so the difference to our crawl is what the archive adds: storage,
versions, the search index, the crawl's bookkeeping.
"""
import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: str, extract: str = "", **kwargs):
        super().__init__(**kwargs)
        with open(urls, encoding="utf-8") as lines:
            self.pages = [line.rstrip("\n").split("\t", 1) for line in lines if "\t" in line]
        self.extract = extract in ("1", "true", "yes")

    async def start(self):
        for kind, url in self.pages:
            yield scrapy.Request(url, callback=self.parse, cb_kwargs={"kind": kind},
                                 dont_filter=True)

    def parse(self, response, kind: str):
        if self.extract:
            from xxgk.extract import extract_listing, extract_report

            read = extract_listing if kind == "listing" else extract_report
            read(response.body, response.url, response.headers.to_unicode_dict())
