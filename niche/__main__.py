"""``python -m niche``: see :mod:`niche.cli`."""

import sys

from .cli import main

sys.exit(main())
