"""Test generation for the Tester: find what the suite leaves uncovered, and write
ordinary pytest files that cover it.

- `gaps`: uncovered lines and branches per function, ranked by what covering them
  would add to the coverage gates;
- `units`: the testable functions and methods of a source file (read with `ast`);
- `hints` and `inputs`: candidate arguments for a function, from its type hints,
  defaults and parameter names, as Python source text;
- `characterize`: characterization tests (call the function in the sandbox, record
  what it returns or raises, assert it), rendered by `render`;
- `properties`: property-based tests with Hypothesis.
"""
