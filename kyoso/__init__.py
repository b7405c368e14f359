"""kyoso — the intellectual property of university–industry joint research."""

__version__ = "0.1.0"
