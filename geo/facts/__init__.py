"""The numbers each map shows, computed from the dataset before anything is drawn."""
