"""Generator of tests/holdout4 pages (written blind to the extractor). Run: python3 make_pages.py"""
import sys, os, json
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common
import pa
for mod in ("pb", "pc", "pd", "pe", "listings"):
    if os.path.exists(os.path.join(common.OUT, mod + ".py")):
        __import__(mod)
common.write_all()
# validation
import re
for name, url, html, exp, cs in common.PAGES:
    raw = open(os.path.join(common.OUT, name + ".html"), "rb").read()
    text = raw.decode(cs)
    m = re.search(r'charset=([\w-]+)', text)
    assert m and m.group(1).lower() == cs, (name, m and m.group(1))
    rec = json.load(open(os.path.join(common.OUT, name + ".json"), encoding="utf-8"))
    if "links" not in rec:
        for s in rec["body_contains"]:
            assert s in text, (name, s)
        for s in rec["body_excludes"]:
            assert s in text, (name, "exclude not on page", s)
        if rec["title"]:
            pass
print(len(common.PAGES), "pages ok")
