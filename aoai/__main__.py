"""`python -m aoai`: the same command line as `aoai`."""

from aoai.cli import entry

entry()
