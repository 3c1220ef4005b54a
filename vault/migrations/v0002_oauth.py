"""Brands, grants, tokens, initial access tokens and the audit log (filled by the OAuth issue)."""

STEPS: list[str] = []
