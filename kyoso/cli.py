"""The ``kyoso`` console command: Django's management commands with kyoso's settings preset.

``kyoso migrate``, ``kyoso demo``, ``kyoso fee JP exam …`` all land here.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "kyoso"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
