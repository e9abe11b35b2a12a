"""Read plans/ into a validated Project: YAML to models, checked file by file and across files."""
