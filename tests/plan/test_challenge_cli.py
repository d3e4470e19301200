"""``zorgzaam plan challenge list|show|add|link|unlink``: a challenge made from findings, linked to a goal and
a neighbourhood, its evidence's doubt shown when a finding is later rejected; another workspace's finding
or an unknown challenge is refused with a message and exit code 1, nothing half-stored."""

import json

import pytest
from django.db import transaction

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.cli import main
from zorgzaam.plan import plan_service as service
from zorgzaam.plan.findings import decide, record_findings
from zorgzaam.plan.models import Finding
from zorgzaam.plan.tree_models import Challenge
from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.findings import FindingInput
from zorgzaam.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        install_demo(extensions=False)
        centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
        yield centrum.workspace, centrum
        transaction.set_rollback(True)


def test_challenges_from_the_command_line(demo, capsys):
    workspace, centrum = demo
    slug = ["--workspace", workspace.slug]
    record_findings(workspace, [FindingInput("voices", "test:benches", {"nl": "Te weinig banken onderweg"}),
                                FindingInput("voices", "test:dark", {"nl": "Donkere wegen 's avonds"})],
                    neighbourhood=centrum, source="voices")
    benches, dark = Finding.objects.get(key="test:benches"), Finding.objects.get(key="test:dark")
    goal = service.add_node(workspace, "strategic", "Veilig en met rustpunten op weg")
    assert main(["plan", "challenge", "add", "Rusten onderweg", "--finding", str(benches.pk), "--neighbourhood",
                 centrum.name, "--target-group", "ouderen vanaf 75 jaar", "--json", *slug]) == 0
    made = json.loads(capsys.readouterr().out)
    assert (made["title"], made["neighbourhoods"], made["target_group"]) == (
        "Rusten onderweg", ["Centrum en omgeving"], "ouderen vanaf 75 jaar")
    assert [e["statement"] for e in made["evidence"]] == ["Te weinig banken onderweg"]
    assert main(["plan", "challenge", "link", str(made["id"]), "--node", str(goal.pk), "--finding", str(dark.pk),
                 *slug]) == 0
    text = capsys.readouterr().out
    assert f"[{made['id']}] Rusten onderweg — ouderen vanaf 75 jaar (Centrum en omgeving)" in text
    assert "→ S1 Veilig en met rustpunten op weg" in text and "· Donkere wegen 's avonds" in text
    decide(benches.pk, status="rejected", user="test")
    assert main(["plan", "challenge", "list", *slug]) == 0
    assert "! Het team heeft deze bevinding intussen verworpen." in capsys.readouterr().out
    assert main(["plan", "challenge", "unlink", str(made["id"]), "--finding", str(dark.pk), "--json", *slug]) == 0
    assert [e["id"] for e in json.loads(capsys.readouterr().out)["evidence"]] == [benches.pk]
    # refusals: a finding of another workspace (nothing linked), an unknown challenge
    other = Workspace.objects.create(name="Elders", slug="elders")
    record_findings(other, [FindingInput("voices", "test:elsewhere", {"nl": "Elders"})], source="voices")
    elsewhere = Finding.objects.get(key="test:elsewhere")
    assert main(["plan", "challenge", "link", str(made["id"]), "--node", str(goal.pk), "--finding",
                 str(elsewhere.pk), *slug]) == 1
    assert f"Bevinding {elsewhere.pk} hoort niet bij deze werkruimte." in capsys.readouterr().err
    assert list(Challenge.objects.get(pk=made["id"]).findings.values_list("pk", flat=True)) == [benches.pk]
    assert main(["plan", "challenge", "show", "999999", *slug]) == 1
    assert "Uitdaging 999999 niet gevonden." in capsys.readouterr().err
    assert main(["--lang", "en", "plan", "challenge", "show", "999999", *slug]) == 1
    assert "Challenge 999999 not found." in capsys.readouterr().err
