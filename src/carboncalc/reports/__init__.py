"""Orchestration: one function per command, from loaded projects to a result object for the
renderer. It reads no file itself and prints nothing."""
