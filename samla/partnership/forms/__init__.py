"""Partnership forms, one module per area: partners, forum, needs, recommendation, money,
reports."""
