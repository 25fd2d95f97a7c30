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
    """Consolidate the children's workbooks in ``paths`` into ``unit``'s workbook ``output``; ``own=`` is
    the union's own workbook (its own activities, resolution and targets)."""
    from .consolidation import consolidate_files

    reg = registry if isinstance(registry, Registry) else load_registry(registry)
    return consolidate_files(paths if isinstance(paths, list | tuple) else [paths], reg, unit, output, **options)


def compare(path, output, registry=None, targets=None):
    """Any single workbook, with the comparison sheet, written to ``output``; with the ``registry`` (a
    path or a :class:`Registry`), the targets its ancestors assign to its unit apply too. ``targets``
    are target-set files or folders, added to those beside the definition."""
    from .consolidation import compare_file
    from .targets import load_target_sets

    reg = load_registry(registry) if registry is not None and not isinstance(registry, Registry) else registry
    return compare_file(path, output, registry=reg, targets=load_target_sets(load_definition(), targets or []))
