"""`python -m macros.verify`: re-check every source URL of the corpus (see macros/verify/command.py)."""
import sys

from macros.verify.command import main

sys.exit(main())
