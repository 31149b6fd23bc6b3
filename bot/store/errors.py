"""Errors the store raises. Messages are written for the person running the bot."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used as asked. `str(error)` says what happened and what to do."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer studybot than this one; it was left untouched."""
