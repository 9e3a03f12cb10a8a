import pytest

from ..conftest import client_for


@pytest.mark.django_db
def test_home_and_enterprise_pages_render_for_an_officer(officer_a, enterprise, contact):
    client = client_for(officer_a)
    assert client.get("/").status_code == 200
    page = client.get("/enterprises/")
    assert page.status_code == 200
    assert "江苏国阳智能装备有限公司" in page.content.decode()
    assert client.get(f"/enterprises/{enterprise.pk}/").status_code == 200
