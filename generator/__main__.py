"""Allow `python -m generator` as an alias of the `playbook` command."""

from generator.cli import main

main()
