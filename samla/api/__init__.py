"""The read API under ``/api/v1/``: the organisation, action plans, released results,
learning dashboards and response rates, for other systems. Each call acts as the person
whose token it carries, through the same access rules and reads as the pages."""
