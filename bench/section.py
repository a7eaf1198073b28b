"""One section of `make bench` in a process of its own: ``python -m bench.section
module:function ARGS_JSON WITH_FIGURES``; the last line of stdout is ``{"lines", "figures"}``."""
import importlib
import json
import sys


def main() -> None:
    target, args, with_figures = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3] == "1"
    module, name = target.split(":")
    table = getattr(importlib.import_module(module), name)
    figures: dict = {}
    lines = table(*args, figures=figures) if with_figures else table(*args)
    print(json.dumps({"lines": lines, "figures": figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
