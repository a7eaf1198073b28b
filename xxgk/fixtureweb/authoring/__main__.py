"""``python -m xxgk.fixtureweb.authoring [slug-module …]``: regenerate the fixture sites."""
import importlib
import sys

MODULES = ["fuxin", "hedong", "yiwu", "nanxian", "qingshui", "longgang", "anding"]


def main(argv: list[str]) -> int:
    for name in argv or MODULES:
        try:
            module = importlib.import_module(f"xxgk.fixtureweb.authoring.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"xxgk.fixtureweb.authoring.{name}":
                print(f"skip {name}: not written yet")
                continue
            raise
        module.build()
        print(f"built {module.SLUG}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
