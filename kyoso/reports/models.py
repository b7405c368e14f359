"""The printable reports store nothing: they read the other apps' records (see services.py)."""
