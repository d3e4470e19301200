"""The import screens (upload → mapping → report → confirm; Decidim results read back) and the downloads of
the action plan and the Decidim CSV: roles as elsewhere (a lezer neither imports nor downloads, another
workspace is not found), downloads audited."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from zorgzaam.plan import plan_service as service
from zorgzaam.plan.tree_models import Action, GoalNode
from zorgzaam.workspaces.models import AuditEntry, Membership, Role, Workspace

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "wg_cohesie_register.csv"


def login(client, workspace, role, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    if workspace is not None:
        Membership.objects.create(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


def upload(name, data, field="file"):
    return {field: SimpleUploadedFile(name, data)}


def test_upload_mapping_report_confirm(client):
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    login(client, workspace, Role.PRACTICE, "praktijk")
    base = f"/plan/{workspace.slug}/plan/importeren/"
    assert "Een bestaande actielijst importeren" in client.get(base).content.decode()
    response = client.post(base, upload("register.csv", DATA.read_bytes()))
    assert response.status_code == 302 and response.url.endswith("/koppeling/")
    page = client.get(base + "koppeling/").content.decode()
    assert 'name="col-0"' in page and "Een rijdend infopunt in de buurt" in page
    assert '<option value="number" selected>' in page
    # leave the measure out, keep the rest as guessed
    fields = ["number", "title", "strategic", "operational", "working_group", "", "status"]
    response = client.post(base + "koppeling/", {f"col-{i}": f for i, f in enumerate(fields)})
    assert response.url.endswith("/verslag/")
    page = client.get(base + "verslag/").content.decode()
    assert "regel 16" in page and "S2.O2 A15" in page and "15 acties onder 8 doelen" in page
    assert "<td>terugkerend</td>" in page
    assert GoalNode.objects.filter(workspace=workspace).count() == 0
    response = client.post(base + "verslag/")
    assert response.status_code == 302 and GoalNode.objects.filter(workspace=workspace, kind="action").count() == 15
    assert Action.objects.get(node__title="Een rijdend infopunt in de buurt").node.description == ""


def test_a_refused_file_shows_the_lines_and_writes_nothing(client):
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    login(client, workspace, Role.PRACTICE, "praktijk")
    base = f"/plan/{workspace.slug}/plan/importeren/"
    bad = b"Nr;Titel;Strategisch doel;Operationeel doel\n1;Infopunt;S1;O1\n2;Zwevend;;O2\n"
    client.post(base, upload("lijst.csv", bad))
    page = client.get(base + "verslag/").content.decode()
    assert "Niets wordt geïmporteerd" in page and "regel 3" in page
    client.post(base + "verslag/")
    assert GoalNode.objects.filter(workspace=workspace).count() == 0


def test_roles(client):
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    other = Workspace.objects.create(name="Elders", slug="elders")
    login(client, workspace, Role.READER, "lezer")
    assert client.get(f"/plan/{workspace.slug}/plan/importeren/").status_code == 403
    assert client.post(f"/plan/{workspace.slug}/plan/importeren/", upload("r.csv", DATA.read_bytes())).status_code == 403
    assert client.get(f"/rapporten/{workspace.slug}/actieplan.docx").status_code == 403
    assert client.get(f"/plan/{other.slug}/plan/importeren/").status_code == 404
    assert client.get(f"/rapporten/{other.slug}/decidim-resultaten.csv").status_code == 404
    assert GoalNode.objects.count() == 0


def test_downloads_are_audited_and_decidim_reads_back(client):
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    login(client, workspace, Role.POLICY, "beleid")
    s1 = service.add_node(workspace, "strategic", "Bewoners kennen elkaar")
    feest = service.add_node(workspace, "action", "Buurtfeest", parent=s1, status="ongoing")
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK")):
        response = client.get(f"/rapporten/{workspace.slug}/actieplan.{fmt}")
        assert response.status_code == 200 and response.content.startswith(magic)
        assert "no-store" in response["Cache-Control"]
    csv = client.get(f"/rapporten/{workspace.slug}/decidim-resultaten.csv")
    assert csv.status_code == 200 and b"title/nl" in csv.content
    assert list(AuditEntry.objects.filter(workspace=workspace).values_list("action", flat=True).order_by("id")) == [
        "plan_export", "plan_export", "plan_decidim_export"]
    text = csv.content.decode().replace(f"\n{feest.pk};{s1.pk};", f"\n{feest.pk};{s1.pk};")
    lines = text.splitlines()
    header = lines[0].split(";")
    row = lines[2].split(";")
    row[header.index("progress")] = "40"
    lines[2] = ";".join(row)
    page = client.post(f"/plan/{workspace.slug}/plan/importeren/decidim/",
                       upload("uit-decidim.csv", "\n".join(lines).encode())).content.decode()
    assert "Wat er verandert" in page and "Buurtfeest" in page
    assert Action.objects.get(pk=feest.pk).progress == 40
