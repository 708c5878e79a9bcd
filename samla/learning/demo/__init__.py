"""The demo of competence packages and learning groups (``seed_demo``, from the plan stage).

Both demo programmes get the catalogue, the multi-year plan, the conditions for taking part
and the meeting rule (``catalogue``, ``packages_*`` and ``plans``). A few units get
learning groups for the semester just past and the one now, with meetings dated from
today so that the demo stays true: at Bjørkely skole "Gruppe 1" (led by ``gruppeleder``,
with ``laerer``) met the rule last semester and "Gruppe 2" (eight members, so a size
warning) missed it with one meeting too short. Every change goes through the services;
running it again changes nothing (a group that exists is left as it is, meetings and all).

Split by part: ``build`` (what ``seed_demo`` calls), ``units`` and ``slots`` (the groups
and when they met), and the catalogue's data."""

from .build import build_learning
from .units import EXTRA_SCHOOL_STAFF

__all__ = ["EXTRA_SCHOOL_STAFF", "build_learning"]
