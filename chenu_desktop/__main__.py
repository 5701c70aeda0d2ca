"""`python -m chenu_desktop` behaves exactly like `chenu`."""

import sys

from chenu_desktop.cli import main

sys.exit(main())
