#!/usr/bin/env python
"""Same as the ``kyoso`` console command, for those used to ``manage.py``."""

from kyoso.cli import main

if __name__ == "__main__":
    main()
