"""``python -m bot``: the newsbot command line."""

import sys

from bot.cli import main

sys.exit(main())
