"""`python -m drafter` runs the command line."""

from .cli import main

main()
