"""``python -m fixtureweb [--port 0] [--host 127.0.0.1] [--generated N] [--many N] [--verbose]``.

Prints the base URL (``http://127.0.0.1:PORT``) as the first line of stdout, then serves until
killed.
"""
from __future__ import annotations

import argparse
import sys

from xxgk.fixtureweb.server import base_url, make_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fixtureweb", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--generated", type=int, default=0, metavar="N",
                        help="also serve a generated TRS site with N reports at /gen/ (default 0)")
    parser.add_argument("--many", type=int, default=0, metavar="N",
                        help="also serve N small virtual sites by Host header, s0001.sites.test "
                             "… (fixtureweb/many.py; default 0)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.host, args.port, args.generated, args.verbose,
                             many_count=args.many)
    except OSError as exc:
        print(f"fixture web: cannot listen on {args.host}:{args.port}: {exc.strerror}",
              file=sys.stderr)
        return 2
    print(base_url(server), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
