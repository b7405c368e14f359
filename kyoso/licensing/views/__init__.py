"""Licensing pages: generic list/detail/edit views over scoped querysets, plus a few actions."""
