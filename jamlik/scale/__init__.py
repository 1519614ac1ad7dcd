"""A synthetic national data set for benchmarks: ``jamlik seed-scale --people N``.

Every organisation in the reference data plus the regions, N synthetic people spread over them
in proportion to headcount, two published courses with progress and completions, one national
campaign with its standings and one programme with twenty sessions. See docs/performance.md.
"""
