from tests.conftest import client_for
def test_probe(admin_a, officer_a, handler, officer_b, supervisor):
    r = client_for(admin_a).get("/users/")
    print(r.status_code); html = r.content.decode(); print(html[html.index("<table"):html.index("</table>")])
