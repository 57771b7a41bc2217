"""``python -m clientel``."""

import sys

from clientel.cli import main

sys.exit(main())
