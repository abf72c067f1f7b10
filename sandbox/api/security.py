"""Security data for the security review and the comparison of two manifests.

The endpoint itself (`GET .../manifest/{digest}/security`) is in `repositories.py`; this module
seeds what it answers with, so that related manifests differ the way real releases do: one
vulnerability fixed, another brought in, packages moved, layers shared, labels changed, and a
pair of manifest lists with a platform added and one removed. Scans of every status are in the
world: scanned, queued (the recorded server had no scanner), unsupported (manifest lists),
failed (devtable/complex:staging).

The manifests of the recorded security answers (479-481 of the captures, made on a server whose
devtable/simple and devtable/complex held other manifests) are seeded as recorded: present, and
queued.
"""

from __future__ import annotations

import hashlib
import json

from sandbox.api.repositories import Feature, add_manifest_list, scanner_data
from sandbox.world import (
    Avatar,
    Label,
    Layer,
    Manifest,
    Organization,
    Repository,
    Tag,
    Team,
    World,
)

IMAGE_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_MEDIA_TYPE = "application/vnd.docker.container.image.v1+json"

# Digests of the recorded security answers: repository -> digests.
RECORDED_SECURITY_MANIFESTS = {
    ("devtable", "simple"): (
        "sha256:59024a3b2b3bbe06de5128193b5a565bb7fddb32c6f018c70cd34524ec169146",
        "sha256:00b666324e52507ba475d38fadb4ed1739f1b5b90a21af1b63b9532fe927556b",
    ),
    ("devtable", "complex"): (
        "sha256:6376918e2005162728b3858f2cd10e6e01a0c39b43ed1c5456a7465b42485cc9",
    ),
}


# buynlarge/orgrepo: from latest to prod, zlib was upgraded (its advisory fixed), curl arrived
# with a new one, tar went away, ca-certificates went back a version.
ORGREPO_LATEST: tuple[Feature, ...] = (
    ("glibc", "2.28-10", (("CVE-2021-33574", "High", ""),)),
    ("zlib", "1:1.2.11.dfsg-1", (("CVE-2018-25032", "Medium", "1:1.2.11.dfsg-1+deb10u1"),)),
    ("openssl", "1.1.1d-0+deb10u2", (("CVE-2021-3712", "High", "1.1.1d-0+deb10u7"),)),
    ("bash", "5.0-4", ()),
    ("tar", "1.30+dfsg-6", ()),
    ("ca-certificates", "20200601~deb10u2", ()),
)
ORGREPO_PROD: tuple[Feature, ...] = (
    ("glibc", "2.28-10", (("CVE-2021-33574", "High", ""),)),
    ("zlib", "1:1.2.11.dfsg-1+deb10u1", ()),
    ("openssl", "1.1.1d-0+deb10u2", (("CVE-2021-3712", "High", "1.1.1d-0+deb10u7"),)),
    ("bash", "5.0-4", ()),
    ("curl", "7.64.0-4+deb10u2", (("CVE-2023-38545", "Critical", "7.64.0-4+deb10u7"),)),
    ("ca-certificates", "20200601~deb10u1", ()),
)

# buynlarge/anotherorgrepo: two multi-architecture releases. 1.1 drops arm/v7 and adds ppc64le.
RELEASE_PLATFORMS = {
    "1.0": (("linux", "amd64", ""), ("linux", "arm64", "v8"), ("linux", "arm", "v7")),
    "1.1": (("linux", "amd64", ""), ("linux", "arm64", "v8"), ("linux", "ppc64le", "")),
}
RELEASE_AMD64: dict[str, tuple[Feature, ...]] = {
    "1.0": (
        ("openssl", "3.0.11-1", (("CVE-2023-5678", "Medium", "3.0.13-1"),)),
        ("libxml2", "2.9.14", (("CVE-2024-25062", "High", "2.9.14+dfsg-1.3"),)),
    ),
    "1.1": (
        ("openssl", "3.0.13-1", ()),
        ("libxml2", "2.9.14", (("CVE-2024-25062", "High", "2.9.14+dfsg-1.3"),)),
        ("expat", "2.5.0-1", (("CVE-2024-45490", "Critical", "2.5.0-1+deb12u1"),)),
    ),
}


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _scanned(manifest: Manifest, features: tuple[Feature, ...]) -> None:
    manifest.security_status = "scanned"
    manifest.security_data = scanner_data(manifest.digest, features)


def _image(digest: str, layers: list[Layer], labels: list[Label] | None = None) -> Manifest:
    document = {
        "schemaVersion": 2,
        "mediaType": IMAGE_MEDIA_TYPE,
        "config": {"mediaType": CONFIG_MEDIA_TYPE, "size": 1469, "digest": _sha(f"{digest}/c")},
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": layer.compressed_size,
                "digest": layer.blob_digest,
            }
            for layer in layers
        ],
    }
    return Manifest(
        digest,
        json.dumps(document, indent=3),
        layers,
        labels or [],
        config_media_type=CONFIG_MEDIA_TYPE,
    )


def _seed_recorded(world: World) -> None:
    for (namespace, name), digests in RECORDED_SECURITY_MANIFESTS.items():
        repo = world.repositories[(namespace, name)]
        for digest in digests:
            layers = [Layer(0, 92, _sha(f"{digest}/layer"))]
            repo.manifests.setdefault(digest, _image(digest, layers))


def _seed_orgrepo(world: World) -> None:
    repo = world.repositories[("buynlarge", "orgrepo")]
    by_tag = {tag.name: repo.manifests[tag.manifest_digest] for tag in repo.tags}
    latest, prod = by_tag["latest"], by_tag["prod"]
    # prod is latest's base with two new layers on top.
    base = latest.layers[:2]
    prod.layers = [
        *base,
        Layer(2, 31, _sha("buynlarge/orgrepo:prod/layer/2")),
        Layer(3, 40, _sha("buynlarge/orgrepo:prod/layer/3")),
    ]
    latest.labels = [
        Label(_uuid(world, "l1"), "version", "1.0", "manifest"),
        Label(_uuid(world, "l2"), "maintainer", "ops@buynlarge.example", "manifest"),
        Label(_uuid(world, "l3"), "stage", "qa", "manifest"),
    ]
    prod.labels = [
        Label(_uuid(world, "p1"), "version", "1.1", "manifest"),
        Label(_uuid(world, "p2"), "maintainer", "ops@buynlarge.example", "manifest"),
        Label(_uuid(world, "p3"), "release", "stable", "manifest"),
    ]
    _scanned(latest, ORGREPO_LATEST)
    _scanned(prod, ORGREPO_PROD)


def _uuid(world: World, text: str) -> str:
    value = hashlib.sha256(f"label/{text}".encode()).hexdigest()
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:32]}"


def _release(repo: Repository, version: str, start_ts: int) -> Tag:
    """A multi-architecture release: a manifest list and its images on one base layer, amd64
    scanned, arm64 not yet, the others unsupported by the scanner."""
    base = Layer(0, 2_400_000, _sha(f"{repo.full_name}/base"))

    def image(digest: str, arch: str) -> Manifest:
        made = _image(digest, [base, Layer(1, 310_000, _sha(f"{digest}/app"))])
        if arch == "amd64":
            _scanned(made, RELEASE_AMD64[version])
        elif arch != "arm64":
            made.security_status = "unsupported"
        return made

    tag = add_manifest_list(repo, version, start_ts, RELEASE_PLATFORMS[version], image)
    repo.tags.remove(tag)
    return tag


def _seed_releases(world: World) -> None:
    repo = world.repositories[("buynlarge", "anotherorgrepo")]
    older = _release(repo, "1.0", world.at(-2))
    newer = _release(repo, "1.1", world.at(-1))
    repo.tags[:0] = [newer, older]  # newest first


def seed(world: World) -> None:
    _seed_recorded(world)
    _seed_orgrepo(world)
    _seed_releases(world)


# --- A large organization for the security review benchmark (not in the default seed) -------

SECURITY_ORG = "secorp"
_ROTATION: tuple[Feature, ...] = (
    ("openssl", "3.0.11-1", (("CVE-2023-5678", "Medium", "3.0.13-1"),)),
    ("glibc", "2.36-9", (("CVE-2023-4911", "High", "2.36-9+deb12u3"),)),
    ("curl", "7.88.1-10", (("CVE-2023-38545", "Critical", "7.88.1-10+deb12u4"),)),
    ("zlib", "1:1.2.13.dfsg-1", (("CVE-2023-45853", "Critical", ""),)),
    ("bash", "5.2.15-2", ()),
    ("tar", "1.34+dfsg-1.2", (("CVE-2005-2541", "Negligible", ""),)),
)


def add_security_organization(
    world: World, name: str = SECURITY_ORG, *, repositories: int = 100, tags: int = 3
) -> Organization:
    """An organization of `repositories` repositories with `tags` tags each, every tag on its
    own scanned manifest (so the review reads repositories x tags distinct digests), devtable
    its administrator. Deterministic; built on demand, never by `seed`."""
    with world.lock:
        if name in world.organizations:
            return world.organizations[name]
        org = Organization(name=name, email=f"{name}@example.com", avatar=Avatar.for_name(name))
        org.teams["owners"] = Team(
            "owners", "Administrators.", "admin", Avatar.for_name("owners"), members=["devtable"]
        )
        world.organizations[name] = org
        for r in range(repositories):
            repo = Repository(name, f"app{r:03d}", f"Application {r}", last_modified=world.now)
            for t in range(tags):
                digest = _sha(f"{name}/app{r:03d}:{t}")
                image = _image(digest, [Layer(0, 1024, _sha(f"{digest}/l"))])
                picked = tuple(_ROTATION[(r + t + k) % len(_ROTATION)] for k in range(r % 4))
                _scanned(image, picked)
                repo.manifests[digest] = image
                repo.tags.append(Tag(f"v{tags - t}", digest, 1024, world.now - t * 3600))
            world.repositories[(name, repo.name)] = repo
        return org
