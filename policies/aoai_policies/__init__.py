"""The aoai CrossGuard policy pack: importable policies; `policies/__main__.py` only assembles them."""
