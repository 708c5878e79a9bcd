"""The partnership's pages, by area: ``hub`` (the list and a programme's partnership
page), ``partners`` (partners and agreements), ``forum`` (members, meetings, decisions),
``needs`` (needs reports), ``recommendation`` (the forum's yearly recommendation),
``money`` (allocations, spending) and ``reports`` (yearly reports to the county governor).
Each module holds its own ``urlpatterns``; ``samla.portal.urls_partnership`` joins them."""
