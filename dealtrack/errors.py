"""Operational failures (not problems in user data, which are diagnostics)."""


class DealtrackError(Exception):
    """A failure the user must fix outside the data: a missing folder, a bad git revision.

    The CLI prints ``str(error)`` as one line and exits 2.
    """
