"""Entry point for ``python -m helpers``."""
import sys

try:
    from helpers.cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load: one line, like everywhere else
    print("error: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
