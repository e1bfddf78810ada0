"""`python -m myagent` runs the CLI."""

from myagent.cli import main

main()
