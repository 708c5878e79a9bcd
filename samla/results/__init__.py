"""Results: statistics, anonymity, the build of aggregates, read queries and pages."""
