"""The public centers directory: grouping, the region filter, a center's page, languages, query counts."""

import re

import pytest
from django.urls import reverse

from centers.models import Region

from ..factories import AssociationFactory, CenterFactory

pytestmark = pytest.mark.django_db


def _center_in(code: str, **fields):  # type: ignore[no-untyped-def]
    return CenterFactory(association=AssociationFactory(region=Region.objects.get(code=code)), **fields)


@pytest.fixture
def english(client):  # type: ignore[no-untyped-def]
    client.cookies["tatulasu_language"] = "en"
    return client


class TestDirectory:
    def test_it_lists_active_centers_with_their_contacts(self, english):
        _center_in(
            "KZ-35",
            name="Karaganda Center",
            name_en="Karaganda Center",
            slug="karaganda",
            address_en="12 Bukhar-Zhyrau Avenue",
            phone="8 (7212) 41-00-00",
            email="karaganda@example.kz",
            working_hours_en="Mon–Fri 09:00–18:00",
            languages=["kk", "ru"],
        )
        response = english.get(reverse("centers"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Karaganda Region" in html  # the region heading
        assert "Karaganda Center" in html
        assert "12 Bukhar-Zhyrau Avenue" in html
        assert 'href="tel:+7-7212-41-00-00"' in html
        assert "+7 7212 41 00 00" in html
        assert 'href="mailto:karaganda@example.kz"' in html
        assert "Mon–Fri 09:00–18:00" in html
        assert "Kazakh, Russian" in html
        assert f'href="{reverse("center_detail", args=["karaganda"])}"' in html

    def test_it_leaves_out_inactive_centers(self, english):
        _center_in("KZ-71", name="Open Center", name_en="Open Center")
        _center_in("KZ-75", name="Closed Center", name_en="Closed Center", is_active=False)
        html = english.get(reverse("centers")).content.decode()
        assert "Open Center" in html
        assert "Closed Center" not in html
        # A region whose only center is closed is not offered in the filter either.
        assert 'value="KZ-75"' not in html

    def test_it_orders_regions_alphabetically_in_kazakh(self, client):
        # By code point Қ (U+049A) sorts after Ш; in the Kazakh alphabet it comes before М and Ш.
        for code in ("KZ-63", "KZ-47", "KZ-35"):
            _center_in(code)
        html = client.get(reverse("centers")).content.decode()
        positions = [html.index(f'id="region-{code}"') for code in ("KZ-35", "KZ-47", "KZ-63")]
        assert positions == sorted(positions)

    def test_it_shows_names_in_the_current_language(self, client):
        _center_in("KZ-71", name_kk="Астана татуласу орталығы", name_ru="Центр примирения Астаны", name_en="Astana")
        client.cookies["tatulasu_language"] = "ru"
        html = client.get(reverse("centers")).content.decode()
        assert "Центр примирения Астаны" in html
        assert "Астана татуласу орталығы" not in html

    def test_it_filters_by_region(self, english):
        _center_in("KZ-71", name="Astana Center", name_en="Astana Center")
        _center_in("KZ-75", name="Almaty Center", name_en="Almaty Center")
        response = english.get(reverse("centers"), {"region": "KZ-75"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Almaty Center" in html
        assert "Astana Center" not in html
        assert '<option value="KZ-75" selected>' in html

    def test_it_offers_the_filter_as_a_plain_get_form(self, english):
        _center_in("KZ-71")
        html = english.get(reverse("centers")).content.decode()
        assert 'method="get"' in html
        assert '<select name="region"' in html
        assert re.search(r'<label\s+for="id_region"', html)
        assert "All regions" in html

    def test_it_shows_every_center_and_an_error_for_an_unknown_region(self, english):
        _center_in("KZ-71", name="Astana Center", name_en="Astana Center")
        response = english.get(reverse("centers"), {"region": "KZ-99"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Astana Center" in html
        assert "Select a valid choice" in html

    def test_it_says_so_when_no_center_is_open(self, english):
        html = english.get(reverse("centers")).content.decode()
        assert "No center is open in this region yet" in html

    def test_it_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        for code in ("KZ-71", "KZ-75", "KZ-79", "KZ-35", "KZ-47", "KZ-63"):
            _center_in(code)
            _center_in(code)
        # Regions for the filter, then centers with their region: no query per center.
        with django_assert_max_num_queries(2):
            response = client.get(reverse("centers"))
        assert response.content.decode().count('class="card h-100 center-card"') == 12
        with django_assert_max_num_queries(2):
            client.get(reverse("centers"), {"region": "KZ-71"})


class TestCenterPage:
    def test_it_shows_the_center_and_links_to_filing_a_dispute_there(self, english):
        _center_in(
            "KZ-71",
            name="Astana Center",
            name_en="Astana Center",
            slug="astana",
            address_en="1 Beibitshilik Street",
            phone="+77172000000",
            email="astana@example.kz",
            languages=["kk", "ru", "en"],
        )
        response = english.get(reverse("center_detail", args=["astana"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1" in html and "Astana Center" in html
        assert "1 Beibitshilik Street" in html
        assert 'href="tel:+7-7172-00-00-00"' in html
        assert 'href="mailto:astana@example.kz"' in html
        assert "Kazakh, Russian, English" in html
        assert f'href="{reverse("file_dispute")}?center=astana"' in html
        assert "File a dispute here" in html

    def test_it_answers_404_for_an_unknown_center(self, client):
        assert client.get(reverse("center_detail", args=["no-such-center"])).status_code == 404

    def test_it_answers_404_for_an_inactive_center(self, client):
        _center_in("KZ-71", slug="closed", is_active=False)
        assert client.get(reverse("center_detail", args=["closed"])).status_code == 404

    def test_it_keeps_free_text_phones_that_are_not_numbers(self, english):
        _center_in("KZ-71", slug="astana", phone="ask at reception")
        html = english.get(reverse("center_detail", args=["astana"])).content.decode()
        assert "ask at reception" in html
        assert 'href="tel:' not in html

    def test_it_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        _center_in("KZ-71", slug="astana")
        with django_assert_max_num_queries(1):
            assert client.get(reverse("center_detail", args=["astana"])).status_code == 200
