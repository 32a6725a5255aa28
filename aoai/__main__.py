"""`python -m aoai`: the same command line as `aoai`."""

import sys

from aoai.cli import main

sys.exit(main())
