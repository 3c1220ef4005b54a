"""The encrypted store and the domain: keys, SQLCipher, records. Knows nothing of HTTP."""
