"""The operator's entry point: ``jamlik COMMAND`` runs a Django management command.

Hyphens and underscores are the same (``jamlik load-reference-data``).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamlik.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "jamlik"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
