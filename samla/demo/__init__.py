"""The demo: ``manage.py seed_demo`` builds every app's demo data, stage by stage.

The top of the house: it may import every app. Each app keeps the builder of its own demo
data (``samla.org.demo``, ``samla.plans.demo`` …); this app only runs them in order."""
