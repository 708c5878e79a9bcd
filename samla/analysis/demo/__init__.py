"""The demo of pedagogical analyses (``seed_demo``, from the collect stage).

At the collect stage the school programme's round T2 is released, and analyses started
from it stand at different phases:

- Bjørkely skole, "Arbeidsro på mellomtrinnet": Gruppe 1's analysis (led by
  ``gruppeleder``), complete, with measures (one done, one running, one planned) and an
  implementation log; shared with Hamar kommune; PPT's comments with answers from
  ``rektor`` and ``gruppeleder``; presented at the school plan's learning caravan.
- Bjørkely skole, "Trivsel og vennskap i friminuttene": Gruppe 2's, in the analysis
  phase, not shared.
- The other Hamar school in T2: one analysis in the goal phase (shared) and one in the
  problem phase.

At the results stage the demo school's pupils have answered T3 before it closes (the
collect stage leaves the school's own answers to the visitor), and once T3 is released the
first analysis takes the same indices from it, evaluates its measures and moves on to the
evaluation phase.

Every change goes through the services; dates are counted from today. Running it again
changes nothing: an analysis found by its unit and title is left as it is.

Split by part: ``stages`` (what ``seed_demo`` calls), ``calm`` and ``others`` (one
builder per analysis) and ``common`` (titles and helpers)."""

from .common import BREAKS, CALM, HOME_INFORMATION, HOMEWORK
from .stages import answer_at_demo_school, build_analyses, counts, follow_up_analyses

__all__ = [
    "BREAKS",
    "CALM",
    "HOMEWORK",
    "HOME_INFORMATION",
    "answer_at_demo_school",
    "build_analyses",
    "counts",
    "follow_up_analyses",
]
