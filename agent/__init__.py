"""The personal agent: decides what happens to each offer a brand sends.

Pure functions over plain records (offers, rules, scoring, pressure, decision);
`agent.inbox` is the one module that reads and writes the vault.
"""
