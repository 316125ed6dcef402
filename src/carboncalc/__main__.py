"""``python -m carboncalc``, and the ``carboncalc`` command (:func:`run`)."""

import signal


def run() -> None:
    """The console script. Ctrl-C while carboncalc is still loading (its imports take tens of
    milliseconds) ends it by SIGINT, quietly, as it does once a command runs; from there
    :func:`carboncalc.cli.main` handles it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from carboncalc.cli import main

    main()


if __name__ == "__main__":
    run()
