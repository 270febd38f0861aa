"""``python -m niche``: see :mod:`niche.cli`."""

import sys

from niche.cli import main

sys.exit(main())
