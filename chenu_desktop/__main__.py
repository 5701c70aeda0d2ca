"""`python -m chenu_desktop` behaves exactly like `chenu`."""

import gc
import sys

# Start-up imports make ~175 000 objects that live as long as the process; the
# collector walking them while they are made cost tens of milliseconds and
# freed nothing (bench/README.md, start-up). It is back on once the window is
# up (`app.settle_memory`), or before a headless command or the text summary
# runs (`cli.main`, `cli.welcome`).
gc.disable()

from chenu_desktop.cli import main  # after the collector is paused

sys.exit(main())
