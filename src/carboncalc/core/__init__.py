"""The core: plain values in, frozen dataclasses out. No file, no schema, no YAML, no terminal.

Its inputs (:mod:`.inputs`, :mod:`.evidence_inputs`) are the vocabulary the file side resolves a
project into. :mod:`.pipeline` chains area -> stock -> emissions -> credits; the equations live
in :mod:`.stocks`, :mod:`.emissions`, :mod:`.credits`, :mod:`.vintages`, :mod:`.ledger`,
:mod:`.equivalents`, :mod:`.fossil`, :mod:`.claims` and :mod:`.rates`; :mod:`.uncertainty`
(Monte Carlo) and :mod:`.sensitivity` call the pipeline; :mod:`.evidence` reads the independent
evaluations' rates.
"""
