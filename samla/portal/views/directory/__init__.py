"""The organisation's own pages for stewards: lists of regions, owners, units, classes
and people, a person's roles, and the history of changes."""
