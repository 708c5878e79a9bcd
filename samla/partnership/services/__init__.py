"""Partnership services, one module per area: partners, forum, needs, recommendation, money,
reports."""
