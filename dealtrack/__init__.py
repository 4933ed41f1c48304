"""dealtrack: a strict, exact tracker of geopolitical and economic deals kept as YAML files.

The public API is the loader and the model types; both are imported lazily so
that ``import dealtrack`` (and the CLI's start-up) stays cheap.
"""

__version__ = "0.1.0"

__all__ = ["load_dataset", "Dataset", "Deal", "Party", "Source", "Reserve", "Event", "Claim", "Rate",
           "Money", "FuzzyDate", "Loc", "Diagnostic"]


def __getattr__(name: str):
    if name == "load_dataset":
        from dealtrack.load import load_dataset

        return load_dataset
    if name == "Diagnostic":
        from dealtrack.diagnostics import Diagnostic

        return Diagnostic
    if name in __all__:
        from dealtrack import model

        return getattr(model, name)
    raise AttributeError(name)
