"""The sandbox's security data: the recorded manifests, related releases that differ, and the
large organization of the benchmark."""

from __future__ import annotations

from typing import Any

import requests

from sandbox.api.security import (
    RECORDED_SECURITY_MANIFESTS,
    SECURITY_ORG,
    add_security_organization,
)
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS, build_world


def security(sandbox: SandboxServer, repo: str, digest: str, who: str = "devtable") -> Any:
    return requests.get(
        f"{sandbox.url}/api/v1/repository/{repo}/manifest/{digest}/security?vulnerabilities=true",
        headers={"Authorization": f"Bearer {DEMO_TOKENS[who]}"},
        timeout=10,
    )


def test_the_recorded_manifests_answer_queued_as_recorded(sandbox: SandboxServer) -> None:
    for (namespace, name), digests in RECORDED_SECURITY_MANIFESTS.items():
        for digest in digests:
            answer = security(sandbox, f"{namespace}/{name}", digest)
            assert answer.status_code == 200
            assert answer.json() == {"status": "queued", "data": None}
    refused = security(
        sandbox, "devtable/simple", RECORDED_SECURITY_MANIFESTS[("devtable", "simple")][0], "reader"
    )
    assert refused.status_code == 403


def test_related_manifests_differ_in_packages_and_advisories(sandbox: SandboxServer) -> None:
    repo = sandbox.world.repository("buynlarge", "orgrepo")
    assert repo is not None
    digests = {tag.name: tag.manifest_digest for tag in repo.tags}

    def features(tag: str) -> dict[str, tuple[str, list[str]]]:
        data = security(sandbox, "buynlarge/orgrepo", digests[tag]).json()["data"]
        return {
            f["Name"]: (f["Version"], [v["Name"] for v in f["Vulnerabilities"]])
            for f in data["Layer"]["Features"]
        }

    latest, prod = features("latest"), features("prod")
    assert latest["zlib"][1] == ["CVE-2018-25032"] and prod["zlib"] == (
        "1:1.2.11.dfsg-1+deb10u1",
        [],
    )
    assert "curl" not in latest and prod["curl"][1] == ["CVE-2023-38545"]
    assert latest["bash"] == prod["bash"] == ("5.0-4", [])


def test_the_benchmark_organization_is_built_on_demand(sandbox: SandboxServer) -> None:
    assert SECURITY_ORG not in build_world().organizations
    org = add_security_organization(sandbox.world, repositories=4, tags=2)
    assert add_security_organization(sandbox.world, repositories=4, tags=2) is org
    repos = [r for (ns, _), r in sandbox.world.repositories.items() if ns == SECURITY_ORG]
    assert len(repos) == 4 and all(len(r.tags) == 2 for r in repos)
    digests = {t.manifest_digest for r in repos for t in r.tags}
    assert len(digests) == 8
    assert {r.manifests[t.manifest_digest].security_status for r in repos for t in r.tags} == {
        "scanned"
    }
