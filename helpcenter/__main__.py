"""``python -m helpcenter build``: the site build (see :mod:`helpcenter.build`)."""

import sys

from helpcenter.build import main

sys.exit(main())
