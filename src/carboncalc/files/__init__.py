"""The file side: what the user wrote, read safely, validated and resolved into the core's inputs.

YAML with the line and column of every key (:mod:`.yamlio`), safe reading (:mod:`.reading`), the
schema (:mod:`.model`, :mod:`.quantities`), project files on disk (:mod:`.projects`), what-ifs
(:mod:`.overrides`), loading (:mod:`.loading`), files a project names (:mod:`.observations`), the
reference tables and their data in ``factors/`` (:mod:`.factors`), the one bridge to the core's
plain inputs (:mod:`.resolve`), the cache of resolved files (:mod:`.cache`, :mod:`.cachedir`) and
writing files (:mod:`.writing`). It may use the core's input types and nothing else of it.
"""
