"""The verbs of the `playbook` command, each a function the CLI calls."""
