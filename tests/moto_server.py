"""moto's server, with what moto_gaps makes good in moto itself (a model keeps EnableNetworkIsolation): the
process the end-to-end tests run against. Same arguments as `moto_server`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from moto.server import main

import moto_gaps

if __name__ == "__main__":
    moto_gaps.everywhere()
    sys.exit(main())
