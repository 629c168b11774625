"""`python -m drafter` runs the command line."""

from .entry import main

main()
