"""Gradio page for NGO staff (issue #5). Not built yet: this entry point says so and exits.

Until the page lands, use the command line: `summarizer translate ARTICLE.txt`.
"""

from __future__ import annotations

import sys


def main() -> int:
    print(
        "The web page is not available yet; translate from the command line instead:\n"
        "  .venv/bin/summarizer translate seeds/000_d98608ce5aebf04f.txt",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
