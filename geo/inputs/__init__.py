"""Reading and checking inputs: the config (maps.toml), the data files, the dataset they make."""
