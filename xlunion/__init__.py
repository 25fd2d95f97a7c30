"""xlunion: hierarchical reporting for Vietnamese trade unions, in Excel workbooks.

The simple functions here sit over the configurable objects underneath;
``xlunion.core`` is pure (DataFrames in, results out) and ``xlunion.io`` is the
only place that touches files.
"""

__version__ = "0.1.0"

from .definition import Definition, load_definition  # noqa: E402
from .registry import Registry, load_registry  # noqa: E402

__all__ = ["Definition", "Registry", "__version__", "compare", "consolidate", "load_definition", "load_registry",
           "validate"]


def validate(paths, registry=None, **options):
    """Validate workbook files (or folders); returns a report with findings per file.

    ``registry`` (a path or a :class:`Registry`) adds the unit and parent rules.
    """
    from .validation import validate_files

    reg = load_registry(registry) if registry is not None and not isinstance(registry, Registry) else registry
    parents = reg.parents() if reg is not None else None
    return validate_files(paths if isinstance(paths, list | tuple) else [paths], parents=parents, **options)


def consolidate(paths, registry, unit, output, **options):
    """Consolidate the children's workbooks in ``paths`` into ``unit``'s workbook ``output``."""
    from .consolidation import consolidate_files

    reg = registry if isinstance(registry, Registry) else load_registry(registry)
    return consolidate_files(paths if isinstance(paths, list | tuple) else [paths], reg, unit, output, **options)


def compare(path, output):
    """Any single workbook, with the comparison sheet, written to ``output``."""
    from .consolidation import compare_file

    return compare_file(path, output)
