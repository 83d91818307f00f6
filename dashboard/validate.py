"""`python -m dashboard.validate [PATH]`: the same as `python -m dashboard validate` (dashboard/curation/validate.py)."""

import sys

from dashboard.curation.validate import main

if __name__ == "__main__":
    sys.exit(main())
