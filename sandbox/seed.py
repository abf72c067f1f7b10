"""The core seed: the fixture world of Quay's own test suite, as captured from a real server.

Names, digests, robot tokens, timestamps and avatar hashes are the recorded ones; what the
recordings don't show (layer digests of most manifests, build log text, service key moduli) is
generated deterministically in the same shape. Area modules extend it through their `seed` hooks.
"""

# The tables below keep one record a line, which is easier to check against the recordings.
# ruff: noqa: E501

from __future__ import annotations

import hashlib
from copy import deepcopy
from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox.world import (
    DEMO_OAUTH_CLIENT_ID,
    DEMO_OAUTH_CLIENT_SECRET,
    DEMO_OAUTH_ORGANIZATION,
    DEMO_TOKEN_GRANTS,
    DEMO_TOKENS,
    AccessToken,
    AppToken,
    Avatar,
    Build,
    Label,
    Layer,
    LogEntry,
    Manifest,
    Message,
    OAuthApplication,
    Organization,
    Prototype,
    Quota,
    QuotaLimit,
    Repository,
    Robot,
    ServiceKey,
    ServiceKeyApproval,
    Tag,
    Team,
    User,
    World,
)


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _uuid_like(text: str) -> str:
    h = hashlib.sha256(text.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


# username, email, avatar hash, avatar color, used bytes, backfill done
_USERS = (
    ("devtable", "jschorr@devtable.com", "94adf3582e0c629956006b1d1f77926e26d998780448cff0340499bd27a3a064", "#393b79", 3000, True),
    ("disabled", "jschorr+disabled@devtable.com", "0a5126f3ae117788fd837f216fe37f8c609692b1b949f6bbb05eafe4e72819ef", "#8c564b", 0, False),
    ("public", "jacob.moshenko@gmail.com", "230f60c14425cee04345a683d7213fe16c002c3e67a059c98ee4c159dab3cffe", "#ffbb78", 230, True),
    ("freshuser", "jschorr+test@devtable.com", "26ea2c2192bef6f49bf16528687e89d4c2c1ed93295d52afdb917586368abc4b", "#d62728", 0, False),
    ("randomuser", "no4@thanks.com", "f43f285eb244d904531aa6113949ae2b9e8abe98380d806233ce17b2f00110fd", "#393b79", 92, True),
    ("unverified", "no5@thanks.com", "4f7f841ecc677600ed57148d736b5cbf598bd1ae97735b5670956be0f36a0e5b", "#c7c7c7", 0, False),
    ("reader", "no1@thanks.com", "b6ef8d700d042020048aff1fb8a99f9ba3dcc211d4b57908cfcf15b64efe6e3c", "#6b6ecf", 0, False),
    ("creator", "noc@thanks.com", "657e1ebb15e4f7be15237eface2abdafa2c6a5adec76da78b6e1137b51aa6d6f", "#98df8a", 0, False),
    ("member", "nod@thanks.com", "fc5d847aca5985b0852ad25b92a90d5c12ff7b839d22835e8395e93b927b7596", "#8c6d31", 0, False),
    ("outsideorg", "no2@thanks.com", "55400b31b15548492b99f39e5540c3dc80f8e911d5e332cae0e0f3a23c7e961d", "#5254a3", 115, True),
    ("subscription", "subscriptions@devtable.com", "adf3f4343e50e1968f46443df9990ff26cea216f2614828d25a4b60734590cca", "#f7b6d2", 0, False),
    ("globalreadonlysuperuser", "globalreadonlysuperuser+test@devtable.com", "b43bf6924f5467c0809ec716a6122cc58994ff02f576f59b88dedcbe6fa93c85", "#393b79", 0, False),
    ("normaluser", "normaluser+test@devtable.com", "c588a6398eaa74de7e3485b938bc6118acd3ea7b7532589c541e35fee7095dcd", "#98df8a", 0, False),
)  # fmt: skip

# name, email, avatar hash, avatar color, used bytes, backfill done, owners (admin team members)
_ORGANIZATIONS = (
    ("buynlarge", "quay@devtable.com", "f9a899918948034278719f9ba5eec74817c2d41efb16b99c9109858ad0f71dc3", "#31a354", 184, True, ["devtable", "buynlarge+ownerbot"]),
    ("testorgforautoprune", "autoprune@devtable.com", "2f556c602def76e4856b5c67e82690a55f9b693eb818cbc9edb8018013afc844", "#c7c7c7", 92, True, ["devtable"]),
    ("library", "quay+library@devtable.com", "0eed90d4d1538f9584ff6dcff764141bc9fb6ea2fd60d64c000d68ab0969b833", "#7f7f7f", 0, False, ["devtable"]),
    ("titi", "quay+titi@devtable.com", "744a960f25e23e5f9f3eb0a39df69af82e7451a04b53bcbf21b5aba4d3918d7d", "#393b79", 0, False, ["devtable"]),
    ("sellnsmall", "quay+sell@devtable.com", "765f10127b62e13feb6432b57d8c537a1beb43e7b5e43167f1b56f3ebe4997e3", "#6b6ecf", 0, False, ["devtable"]),
    ("subscriptionsorg", "quay+subscriptionsorg@devtable.com", "fdb8c91d604a4f4bc03f7334a15849f0209f079d90b1d7546ab837529f2050cb", "#ad494a", 0, False, ["subscription"]),
    ("proxyorg", "quay+proxyorg@devtable.com", "a84c42797abd252b3172ada70c1ac9d2d112d431ae929b0c3710ddbca7edb9d8", "#9467bd", 0, False, ["devtable"]),
    ("orgwithnosuperuser", "orgwithnosuperuser@devtable.com", "aa4f46221f2d6c09d373825f68a158a1be789f3cb1a137c1affc8e625dab7b00", "#8c564b", 0, False, ["normaluser"]),
)  # fmt: skip

# namespace, name, description, public, state, used bytes
_REPOSITORIES = (
    ("devtable", "simple", "Simple repository.", False, "NORMAL", 92),
    ("devtable", "sharedtags", "Shared tags repository", False, "NORMAL", 184),
    ("devtable", "history", "Historical repository.", False, "NORMAL", 207),
    ("devtable", "complex", "Complex repository with many branches and tags.", False, "NORMAL", 207),
    ("devtable", "gargantuan", None, False, "NORMAL", 861),
    ("devtable", "trusted", "Trusted repository.", False, "NORMAL", 92),
    ("devtable", "shared", "Shared repository, another user can write.", False, "NORMAL", 115),
    ("devtable", "text-full-repo", "This is a repository for testing text search", False, "NORMAL", 115),
    ("devtable", "building", "Empty repository which is building.", False, "NORMAL", 0),
    ("devtable", "superwide", None, False, "NORMAL", 943),
    ("devtable", "mirrored", "Mirrored repository.", False, "MIRROR", 92),
    ("devtable", "readonly", "Read-Only Repo.", False, "READ_ONLY", 92),
    ("randomuser", "randomrepo", "Random repo repository.", False, "NORMAL", 92),
    ("public", "publicrepo", "Public repository pullable by the world.", True, "NORMAL", 230),
    ("outsideorg", "coolrepo", "Some cool repo.", False, "NORMAL", 115),
    ("testorgforautoprune", "autoprunerepo", "Repository owned by an org.", False, "NORMAL", 92),
    ("buynlarge", "orgrepo", "Repository owned by an org.", False, "NORMAL", 92),
    ("buynlarge", "anotherorgrepo", "Another repository owned by an org.", False, "NORMAL", 92),
    ("orgwithnosuperuser", "repo", None, False, "NORMAL", 0),
)  # fmt: skip

# Times in these tables are seconds from the moment the recorded world was captured (2026-11-26
# 18:51:23 UTC; negative before it); `World.at` places them relative to the seed moment.

# Tags recorded on the real server: repository -> (name, digest, size, start_ts, end_ts)
_RECORDED_TAGS: dict[str, list[tuple[str, str, int, int, int | None]]] = {
    "devtable/simple": [
        ("prod", "sha256:ff0915f2fe217de6f2cbb328cb21a3d9756804fe15d46335a5b79147ae60d3f9", 92, -4, None),
        ("latest", "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b", 92, -4, None),
    ],
    "devtable/history": [
        ("latest", "sha256:511e92f7c8a7878fcd149ba3667ec5f38a8bf4bc3d8ca20f96e8a33dd74a5094", 207, -4, None),
        ("latest", "sha256:fa704b6f22cdb04ccf9ce0a068234e1d4af1cc87e745783246850e3cb1abbb58", 138, -5, -4),
    ],
    "devtable/complex": [
        ("prod", "sha256:54c73336c2863b7289c30cf52beff2f50c8dcb7445202f8e820310d44b93152f", 207, -3, None),
        ("staging", "sha256:561190c0579ddb763acf1db0ac601f1707a36c00d26c533c4b5ec5a8db8e2618", 161, -3, None),
        ("v2.0", "sha256:8afb93fe19fb4bd827f6c32d54f9c3ced0d273b7c4bf8b7454ce8948cdb4b8c5", 115, -3, None),
    ],
    "buynlarge/orgrepo": [
        ("prod", "sha256:511dbd11b1270b063c5159a33b44e6f2db1cd3ba0773ad00666a7447a17399d0", 92, -1, None),
        ("latest", "sha256:d8c3301530921d0d4dfcc18aec42b5e1ec6780793ab4cf09d51eabd8e63d3ec8", 92, -1, None),
    ],
}  # fmt: skip

# The layers of devtable/simple:latest, as recorded (a schema 1 manifest of four 23-byte layers).
_SIMPLE_LATEST_LAYERS = (
    "sha256:76755cbd12865d87e87941e30b082b26254f8eef5c38d8eb3f45b774280856b6",
    "sha256:f6944fb76cec70e67970336374ed9bcc9085b9ea1801c17d2bf40ee8a638a8c1",
    "sha256:fbd0d2c1b015f26d54b480036ec4a05139ce406267977b195cca41ef69cb95a4",
    "sha256:bdca1c67c0d4b3a933be530155523d2776005a7e66a8f4a31c411c509251410a",
)

_SIMPLE_LATEST_LABELS = (
    ("d5d08260-67eb-4261-ba70-793d5cdb78bd", "foo", "bar", "manifest", "text/plain"),
    ("a67384fc-c269-4943-9741-33735e30fe8f", "foo", "baz", "api", "text/plain"),
    ("f3d0f8d0-c84b-42e7-bac7-161f0f14309e", "anotherlabel", "1234", "internal", "text/plain"),
    ("64fdbac9-4009-4c60-aee9-93e213e9ff5b", "jsonlabel", '{"hey": "there"}', "internal", "application/json"),
)  # fmt: skip

# The fixture's GitHub trigger on devtable/building, with the id of the trigger captures (the
# fixture names its trigger anew each time it is built; the build captures had another id).
_BUILD_TRIGGER: dict[str, Any] = {
    "id": "10187152-f41a-494b-af12-af495397060f",
    "service": "github",
    "is_active": False,
    "build_source": "jakedt/testconnect",
    "repository_url": "https://github.com/jakedt/testconnect",
    "config": {
        "build_source": "jakedt/testconnect",
        "subdir": "",
        "dockerfile_path": "Dockerfile",
        "context": "/",
    },
    "can_invoke": True,
    "enabled": True,
    "disabled_reason": None,
}

_BUILD_TRIGGER_METADATA = {
    "commit": "3482adc5822c498e8f7db2e361e8d57b3d77ddd9",
    "ref": "refs/heads/master",
    "default_branch": "master",
}

# kind, time, namespace, performer, metadata — the usage logs recorded on the real server.
_LOGS: tuple[tuple[str, int, str, str | None, dict[str, Any]], ...] = (
    ("build_dockerfile", 0, "devtable", None, {"repo": "building", "namespace": "devtable", "trigger_id": _BUILD_TRIGGER["id"], "config": _BUILD_TRIGGER["config"], "service": "github"}),
    ("pull_repo", 0, "buynlarge", None, {"token_code": "somecode", "repo": "orgrepo"}),
    ("delete_tag", 0, "buynlarge", "public", {"username": "public", "repo": "orgrepo", "tag": "sometag"}),
    ("pull_repo", 0, "buynlarge", None, {"token": "sometoken", "token_code": "somecode", "repo": "orgrepo"}),
    ("pull_repo", 0, "buynlarge", "public", {"username": "public", "repo": "orgrepo"}),
    ("push_repo", 0, "buynlarge", "public", {"username": "public", "repo": "orgrepo"}),
    ("service_key_create", 0, "devtable", "devtable", {"kid": "kid5", "preshared": True, "service": "different_sample_service", "name": "key for another service", "expiration_date": 1209600, "auto_approved": True}),
    ("service_key_approve", 0, "devtable", "devtable", {"kid": "kid5", "preshared": True, "service": "different_sample_service", "name": "key for another service", "expiration_date": 1209600, "auto_approved": True}),
    ("service_key_create", 0, "devtable", "devtable", {"kid": "kid1", "preshared": True, "service": "sample_service", "name": "somesamplekey", "expiration_date": None, "auto_approved": True}),
    ("service_key_approve", 0, "devtable", "devtable", {"kid": "kid1", "preshared": True, "service": "sample_service", "name": "somesamplekey", "expiration_date": None, "auto_approved": True}),
    ("manifest_label_add", -4, "devtable", "devtable", {"key": "foo", "value": "bar", "id": 1, "manifest_digest": "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"}),
    ("pull_repo", -89483, "public", None, {"token_code": "somecode", "repo": "publicrepo"}),
    ("add_repo_accesstoken", -345600, "buynlarge", "devtable", {"repo": "orgrepo", "token": "deploytoken"}),
    ("change_repo_permission", -432000, "buynlarge", "devtable", {"username": "public", "repo": "orgrepo", "role": "read"}),
    ("change_repo_permission", -432000, "buynlarge", "public", {"username": "devtable", "repo": "orgrepo", "role": "admin"}),
    ("service_key_create", -432000, "devtable", "devtable", {"kid": "kid4", "preshared": True, "service": "sample_service", "name": "autorotatingkey", "expiration_date": 86400, "auto_approved": True}),
    ("service_key_approve", -432000, "devtable", "devtable", {"kid": "kid4", "preshared": True, "service": "sample_service", "name": "autorotatingkey", "expiration_date": 86400, "auto_approved": True}),
    ("create_repo", -518400, "buynlarge", "devtable", {"namespace": "buynlarge", "repo": "orgrepo"}),
    ("org_set_team_role", -518400, "buynlarge", "devtable", {"team": "readers", "role": "read"}),
    ("org_create_team", -518400, "buynlarge", "devtable", {"team": "readers"}),
)  # fmt: skip

# kid, name, service, approval type (None: unapproved), expiration, rotation, notes
_SERVICE_KEYS = (
    ("kid1", "somesamplekey", "sample_service", "SUPERUSER", None, None, "The **test** approval"),
    ("kid2", "someexpiringkey", "sample_service", "SUPERUSER", 1209600, None, "The **test** approval"),
    ("kid3", "unapprovedkey", "sample_service", None, None, None, ""),
    ("kid4", "autorotatingkey", "sample_service", "KEY_ROTATION", 86400, 43200, "The **test** approval"),
    ("kid5", "key for another service", "different_sample_service", "SUPERUSER", 1209600, None, "The **test** approval"),
    ("kid6", "someexpiredkey", "sample_service", "SUPERUSER", -86400, None, "The **test** approval"),
    ("test_service_key", "test_service_key", "quay", "SUPERUSER", None, None, "Test service key for local/test registry testing"),
)  # fmt: skip

_LOREM = (
    "Dolor ac elit torquent phasellus ut eleifend lectus.",
    "Dapibus suspendisse donec porta justo sagittis.",
    "Dui et suscipit netus litora.",
    "Cras integer mattis nisl vitae facilisis.",
    "Ornare sociosqu pretium at vehicula.",
)


def _build_log(world: World) -> list[dict[str, Any]]:
    """A deterministic build log in Quay's shape: phases, commands and coloured output."""
    # Recorded as starting at 2026-11-26 18:55:17.719423 UTC, a few minutes after the capture.
    start = datetime.fromtimestamp(world.at(234), UTC)

    def stamp(i: int) -> str:
        moment = start + timedelta(microseconds=719423 + i * 37)
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    entries: list[dict[str, Any]] = []
    for phase, steps in (("initializing", 0), ("pulling", 1), ("building", 6), ("pushing", 1)):
        entries.append({"message": phase, "type": "phase", "datetime": stamp(len(entries))})
        for step in range(1, steps + 1):
            command = f"Step {step}: RUN {_LOREM[step % len(_LOREM)]}"
            entries.append({"message": command, "type": "command", "datetime": stamp(len(entries))})
            for line in range(3):
                text = _LOREM[(step + line) % len(_LOREM)]
                entries.append(
                    {"message": f"\x1b[91m{text}", "data": {"datetime": stamp(len(entries))}}
                )
                entries.append({"message": "\x1b[0m", "data": {"datetime": stamp(len(entries))}})
    return entries


def _manifest_for(repo_name: str, tag: str, digest: str, size: int) -> Manifest:
    if digest == _RECORDED_TAGS["devtable/simple"][1][1]:
        layer_digests = list(_SIMPLE_LATEST_LAYERS)
        labels = [Label(*row) for row in _SIMPLE_LATEST_LABELS]
    else:
        count = max(1, min(4, size // 23))
        layer_digests = [_sha(f"{digest}/layer/{i}") for i in range(count)]
        labels = []
    per_layer, remainder = divmod(size, len(layer_digests))
    layers = [
        Layer(i, per_layer + (remainder if i == len(layer_digests) - 1 else 0), blob)
        for i, blob in enumerate(layer_digests)
    ]
    # Quay's fixture pushes schema 1 manifests; keep that document shape.
    history = ",\n".join(
        f'      {{"v1Compatibility": "{{\\"id\\": \\"layer{i}\\", \\"Size\\": {layer.compressed_size}}}"}}'
        for i, layer in enumerate(reversed(layers))
    )
    fs_layers = ",\n".join(
        f'      {{"blobSum": "{layer.blob_digest}"}}' for layer in reversed(layers)
    )
    data = (
        f'{{\n   "tag": "{tag}",\n   "name": "{repo_name}",\n   "architecture": "amd64",\n'
        f'   "schemaVersion": 1,\n   "history": [\n{history}\n   ],\n'
        f'   "fsLayers": [\n{fs_layers}\n   ]\n}}'
    )
    return Manifest(digest=digest, manifest_data=data, layers=layers, labels=labels)


def _seed_users(world: World) -> None:
    for username, email, avatar_hash, color, used, backfilled in _USERS:
        world.users[username] = User(
            username=username,
            email=email,
            avatar=Avatar(username, avatar_hash, color),
            super_user=username == "devtable",
            # Quay's fixture names it; the sandbox also makes it one, for the console's tests.
            global_readonly_super_user=username == "globalreadonlysuperuser",
            enabled=username != "disabled",
            verified=username != "unverified",
            paid=username == "devtable",
            used_bytes=used,
            backfill_status="complete" if backfilled else "waiting",
        )


def _seed_organizations(world: World) -> None:
    """Every organization, with its owners team."""
    for name, email, avatar_hash, color, used, backfilled, owners in _ORGANIZATIONS:
        org = Organization(
            name=name,
            email=email,
            avatar=Avatar(name, avatar_hash, color),
            paid=name == "buynlarge",
            used_bytes=used,
            backfill_status="complete" if backfilled else "waiting",
        )
        org.teams["owners"] = Team(
            "owners",
            "Owners have unfetterd access across the entire org.",  # sic, as Quay seeds it
            "admin",
            Avatar(
                "owners",
                "6f0e3a8c0eb46e8834b43b03374ece43a030621d92a7437beb48f871e90f8d90",
                "#c7c7c7",
            ),
            members=list(owners),
        )
        world.organizations[name] = org


def _seed_teams(world: World) -> None:
    """buynlarge's teams besides its owners."""
    buynlarge = world.organizations["buynlarge"]
    buynlarge.teams["creators"] = Team(
        "creators",
        "Creators of orgrepo.",
        "creator",
        Avatar(
            "creators",
            "20f9ac62a0279206734c206eab38019a6aec36757ad10d5c2a9f5c4306498a86",
            "#969696",
        ),
        members=["buynlarge+creatorbot", "creator"],
    )
    buynlarge.teams["readers"] = Team(
        "readers",
        "Readers of orgrepo.",
        "member",
        Avatar(
            "readers", "e2257349c139799fafab4f3e96e068da96773117c4f108f122343ddb19a249ed", "#ff7f0e"
        ),
        members=["public", "reader"],
        invited=["outsideorg"],
    )
    buynlarge.teams["synced"] = Team(
        "synced",
        "Some synced team.",
        "member",
        Avatar(
            "synced", "490eaa1b7c04c46221b1a6d90905a578be05012cfb5f5606c782377299552a20", "#c5b0d5"
        ),
    )


def _seed_robots(world: World) -> None:
    """devtable's and buynlarge's robot accounts, with their recorded tokens."""
    devtable = world.users["devtable"]
    for short, token in (
        ("dtrobot", "VX7N1252JC75102JCPLUMBWDUKNSVJBF129UPMC2DF1E36U070DPAPLJNNBYTN6B"),
        ("dtrobot2", "VFEPHO0YJD26WRG63CWMKUZ0OQ7O74JY2RVIA28ER6G1W30388KM6B0FMTYEZCU4"),
    ):
        devtable.robots[short] = Robot(f"devtable+{short}", token, created=world.at(-7))
    buynlarge = world.organizations["buynlarge"]
    for short, token in (
        ("coolrobot", "9ET978ER1AG01XV9DU2UAEUEZKZ8EVDPEKCZ2OYC4FJCL5IKZ7359LT336JQ38BM"),
        ("neworgrobot", "LBGB5JX2R6AM0R9JEGSJWEW9IJXKE0OTBT2GX1E7RMB8377Y4E63586DA1ZIJGL0"),
        ("ownerbot", "ZJWFOWDZM8UJT6M674Q4Z2GAXRFDYLRFXC6Y9G1MFOED7UA3BQ765B9LXEU4E76Z"),
        ("creatorbot", "1ME3EX2PPBP2GHN8F5IXAS4BKTJY9F1G3V6SEH2XSJNRYL76JNKDJUUBOVHXQONX"),
    ):
        buynlarge.robots[short] = Robot(f"buynlarge+{short}", token, created=world.at(-2))


def _seed_quotas(world: World) -> None:
    """The namespaces' quotas, numbered as Quay's shared sequences numbered them."""
    world.users["randomuser"].quotas.append(Quota(2, 6000, [QuotaLimit(2, "Reject", 90)]))
    world.organizations["buynlarge"].quotas.append(Quota(1, 3000, [QuotaLimit(1, "Warning", 50)]))
    world.organizations["orgwithnosuperuser"].quotas.append(
        Quota(3, 3000, [QuotaLimit(3, "Warning", 50)])
    )
    world.counters.update({"quota": 3, "quota_limit": 3})


def _seed_default_permissions(world: World) -> None:
    world.organizations["buynlarge"].prototypes = [
        Prototype("0aac273e-7222-480f-9a13-0cfbfcac473e", "read", "user", "public", "devtable"),
        Prototype("d9e4ba35-9610-4d75-b070-04a0ca220f29", "read", "team", "readers", "devtable"),
        Prototype("f9273735-a50a-4237-9ab0-8a2e48fec1c9", "write", "user", "devtable", "public"),
    ]


def _seed_oauth_applications(world: World) -> None:
    """buynlarge's OAuth applications: the fixture's, and the one `make run` signs in with."""
    buynlarge = world.organizations["buynlarge"]
    for app in (
        OAuthApplication(
            "deadbeef", "6HK3NX5F9VLBU2PDNPY17GKVFRX0BCV0QRLH77OU", "Some Test App",
            "buynlarge", "http://localhost:8000/o2c.html", "http://localhost:8000",
        ),
        OAuthApplication(
            "deadpork", "B0UPN17WENY3JDM06FNYBYUTFVLZIMWWFG2P8CCI", "Some Other Test App",
            "buynlarge", "http://localhost:8000/o2c.html", "http://quay.io",
            "This is another test application",
        ),
        OAuthApplication(
            "quayside", "MA01MMW3S2UDX2BOM2JIDJH06A7AESQKX6GJVUT6", "Dashboard Eval",
            "buynlarge", "http://localhost:9999/callback", "http://localhost:9999",
            "OAuth app used by the dashboard evaluation",
        ),
        OAuthApplication(
            DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET, "Quayside Sandbox",
            DEMO_OAUTH_ORGANIZATION, "http://127.0.0.1:8000/accounts/quay/login/callback/",
            "http://127.0.0.1:8000", "The Quayside dashboard, against the sandbox",
            any_loopback_redirect=True,
        ),
    ):  # fmt: skip
        buynlarge.applications[app.client_id] = app


def _seed_repositories(world: World) -> None:
    for namespace, name, description, public, state, used in _REPOSITORIES:
        full = f"{namespace}/{name}"
        repo = Repository(
            namespace=namespace,
            name=name,
            description=description,
            is_public=public,
            state=state,
            status_token=_uuid_like(f"status/{full}"),
            used_bytes=used,
            last_modified=world.at(-1) if used else None,
        )
        if full in _RECORDED_TAGS:
            rows = _RECORDED_TAGS[full]
        elif full == "devtable/superwide":
            # Many tags, so that tag paging (`limit` at most 100, `has_additional`) has work.
            rows = [(f"v{i:03d}", _sha(f"{full}:v{i:03d}"), 23, -3 - i, None) for i in range(150)]
        elif used:
            rows = [("latest", _sha(f"{full}:latest"), used, -3, None)]
        else:
            rows = []
        for tag_name, digest, size, start, end in rows:
            repo.tags.append(
                Tag(tag_name, digest, size, world.at(start), None if end is None else world.at(end))
            )
            repo.manifests.setdefault(digest, _manifest_for(full, tag_name, digest, size))
        world.repositories[(namespace, name)] = repo

    world.repositories[("devtable", "simple")].starred_by.add("devtable")
    world.repositories[("devtable", "shared")].user_permissions["public"] = "write"
    orgrepo = world.repositories[("buynlarge", "orgrepo")]
    orgrepo.user_permissions["outsideorg"] = "read"
    orgrepo.team_permissions["readers"] = "read"


def _seed_builds(world: World) -> None:
    """devtable/building's three builds from the fixture's trigger; the first has a log."""
    building = world.repositories[("devtable", "building")]
    for build_id, resource_key in (
        ("deadbeef-dead-beef-dead-beefdeadbeef", "701dcc3724fb4f2ea6c31400528343cd"),
        ("deadduck-dead-duck-dead-duckdeadduck", "f49d07f9-93da-474d-ad5f-c852107c3892"),
        ("deadpork-dead-pork-dead-porkdeadpork", "68daeebd-a5b9-457f-80a0-4363b882f8ea"),
    ):
        build = Build(
            build_id,
            resource_key,
            started=world.at(-2),
            trigger=deepcopy(_BUILD_TRIGGER),
            trigger_metadata=deepcopy(_BUILD_TRIGGER_METADATA),
        )
        if build_id.startswith("deadbeef"):
            build.logs = _build_log(world)
        building.builds.append(build)


def _seed_registry(world: World) -> None:
    for kind, when, namespace, performer, metadata in _LOGS:
        metadata = deepcopy(metadata)
        if metadata.get("expiration_date"):
            metadata["expiration_date"] = world.at(metadata["expiration_date"])
        world.logs.append(
            LogEntry(kind, world.at(when), namespace, metadata, performer, metadata.get("repo"))
        )
    for kid, name, service, approval_type, expiration, rotation, notes in _SERVICE_KEYS:
        approval = (
            ServiceKeyApproval(f"ServiceKeyApprovalType.{approval_type}", world.now, notes)
            if approval_type
            else None
        )
        world.service_keys[kid] = ServiceKey(
            kid, name, service, world.now, _jwk_modulus(kid),
            None if expiration is None else world.at(expiration), approval,
            rotation_duration=rotation,
        )  # fmt: skip
    world.messages = [
        Message("cbd8bbc8-5527-44c0-bc8e-a420f422cc9c", "We love you, Quay customers!", "info", "text/plain"),
        Message("01ca0d5d-59d8-44d2-ab37-9e003133d064", "This is a **development** install of Quay", "warning", "text/markdown"),
    ]  # fmt: skip
    world.app_tokens.append(
        AppToken("bf37edbd-055e-4cc5-b6cd-989dbf547f80", "devtable", "some app", world.now)
    )
    for key, token in DEMO_TOKENS.items():
        username, scopes = DEMO_TOKEN_GRANTS[key]
        world.access_tokens[token] = AccessToken(
            token,
            username,
            frozenset(scopes),
            title=f"sandbox {key}",
            uuid=_uuid_like(key),
            created=world.now,
        )


def _jwk_modulus(kid: str) -> str:
    """A fixed base64url string of an RSA-2048 modulus' length (the real keys aren't needed)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    raw = b"".join(hashlib.sha512(f"{kid}/{i}".encode()).digest() for i in range(6))
    return "".join(alphabet[b % 64] for b in raw)[:342]


def seed_core(world: World) -> None:
    """Fill an empty world with the core seed."""
    _seed_users(world)
    _seed_organizations(world)
    _seed_teams(world)
    _seed_robots(world)
    _seed_quotas(world)
    _seed_default_permissions(world)
    _seed_oauth_applications(world)
    _seed_repositories(world)
    _seed_builds(world)
    _seed_registry(world)
