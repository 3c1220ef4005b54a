"""Offers and the agent's decisions (filled by the agent issue)."""

STEPS: list[str] = []
