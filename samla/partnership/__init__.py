"""The partnership around a programme: the decentralised scheme's partners, agreements,
cooperation forum, needs reports, recommendation, money and yearly report.

Models by area in ``models/``: ``partners`` (partners, their contacts, agreements between
owners and a university), ``forum`` (the cooperation forum, its members, meetings and
decisions; the scheme's settings), ``needs`` (needs reports with priorities and the evidence
each claim links to), ``recommendation`` (the forum's yearly recommendation: measures, owner
and university pairs, the split of the grant), ``money`` (allocations and spending per owner
and year) and ``reports`` (the owner's yearly report to the county governor)."""
