"""Campaigns that try to break a served vault, each in a short form (in `make test`) and a long one.

`make proof` runs the long forms and prints one table (`python -m tests.proof`);
tests/proof/test_campaigns.py runs the short forms. Every campaign talks only
to 127.0.0.1 and is bounded in count and time.
"""
