"""The timetabling solver: plain Python and numba, no Django (see scheduling/README_SOLVER.md).

numba caches the compiled kernels next to their modules; where that folder is read-only (a
container running as an unprivileged user) the cache goes to the temporary directory instead, so
the kernels are compiled once per machine, not once per process.
"""

import os
import tempfile

if "NUMBA_CACHE_DIR" not in os.environ and not os.access(os.path.dirname(os.path.abspath(__file__)), os.W_OK):
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(tempfile.gettempdir(), "registrar-numba-cache")
