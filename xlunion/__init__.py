"""xlunion: hierarchical reporting for Vietnamese trade unions, in Excel workbooks.

The simple functions here sit over the configurable objects underneath;
``xlunion.core`` is pure (DataFrames in, results out) and ``xlunion.io`` is the
only place that touches files.
"""

__version__ = "0.1.0"

from .definition import Definition, load_definition  # noqa: E402
from .registry import Registry, load_registry  # noqa: E402

__all__ = ["Definition", "Registry", "__version__", "load_definition", "load_registry"]
