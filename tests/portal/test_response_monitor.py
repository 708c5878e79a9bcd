from django.urls import reverse

from samla.surveys import services
from tests.conftest import client_for


def test_leader_follows_rates_without_anything_about_who(demo_org):
    round = demo_org.survey_round()
    codes = services.issue_codes(
        round, demo_org.school, "pupil_5_7", 3, group=demo_org.school.groups.get(name="6A")
    )
    services.save_page(codes[0], 0, {"trivsel_1": "3"})
    services.submit(codes[0])
    services.start(codes[1])
    url = reverse("portal:response_monitor", kwargs={"slug": round.slug})
    page = client_for("rektor").get(url).content.decode()
    # 2 codes from the fixture + 3 here; one started, one submitted.
    assert (
        '<td class="num">5</td><td class="num">2</td><td class="num">1</td>'
        '<td class="num">20 %</td>' in page
    )
    assert "Elever, 5.–7. trinn" in page and "6A" in page
    partial = client_for("rektor").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<table>")


def test_monitor_is_refused_to_staff_and_hidden_outside_the_programme(demo_org):
    url = reverse("portal:response_monitor", kwargs={"slug": demo_org.survey_round().slug})
    assert client_for("laerer").get(url).status_code == 403
    assert client_for("styrer").get(url).status_code == 404
