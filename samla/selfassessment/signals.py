"""What the self-assessment tells the apps above it."""

from django.dispatch import Signal

# Sent (with ``assessment``) in the transaction that withdraws an assessment from its owner:
# whatever the owner's people copied from it while it was shared, and have not handed on,
# goes with it (the partnership drops it from draft needs reports).
sharing_withdrawn = Signal()
