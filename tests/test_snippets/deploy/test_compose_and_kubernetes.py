"""snippets/deploy/compose.yaml and kubernetes.yaml: the container settings beside signup.conf.

No Docker engine or Kubernetes cluster runs on the machines the tests run on, so neither file
is started: the tests parse each with PyYAML and check what the page says of it. Each
container runs the command that ``signup.conf`` runs under supervisord (``test_signup_conf.py``),
from the image's ``PATH`` instead of a virtualenv's, listening on every interface of the
container; each stops with SIGTERM and a grace period at least as long as that program's
``stopwaitsecs``, to which Kubernetes adds the web pod's preStop sleep, since its grace period
counts from before the hook.
"""

import re

import yaml

from tests.test_snippets.deploy import supervised
from tests.test_snippets.deploy.supervised import WEB, WORKER

COMPOSE = supervised.CONF.with_name("compose.yaml")
KUBERNETES = supervised.CONF.with_name("kubernetes.yaml")
# Inside a container gunicorn listens on every interface; the port is published.
CONTAINER_ADDRESS = "0.0.0.0:8000"
SERVICES = {WEB: "web", WORKER: "worker"}


def container_command(program: str) -> list[str]:
    """The shown program's command as a container runs it."""
    return [
        CONTAINER_ADDRESS if word == supervised.SHOWN_ADDRESS else word
        for word in supervised.command_words(program)
    ]


def grace_period(program: str) -> int:
    return int(supervised.shown_programs()[program]["stopwaitsecs"])


def seconds(duration: str) -> int:
    """A Compose duration such as ``40s`` or ``1m30s``, in seconds."""
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", duration)
    assert match and duration, f"not a duration in minutes and seconds: {duration!r}"
    minutes, secs = (int(part or 0) for part in match.groups())
    return 60 * minutes + secs


def test_compose_runs_each_program_and_stops_it_with_sigterm_and_its_grace_period():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert sorted(services) == sorted(SERVICES.values())
    for program, name in SERVICES.items():
        service = services[name]
        # A list: the container runs the command itself, no shell in between.
        assert service["command"] == container_command(program)
        assert service["stop_signal"] == "SIGTERM"
        assert seconds(service["stop_grace_period"]) == grace_period(program)
    # Published on the host's loopback only, where a reverse proxy reaches it.
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]


def deployments() -> dict[str, dict]:
    documents = list(yaml.safe_load_all(KUBERNETES.read_text()))
    assert {document["kind"] for document in documents} == {"Deployment"}
    return {document["metadata"]["name"]: document for document in documents}


def test_kubernetes_runs_each_program_with_a_grace_period_that_covers_its_stop():
    found = deployments()
    assert sorted(found) == [WEB, WORKER]
    for program, deployment in found.items():
        spec = deployment["spec"]
        labels = spec["template"]["metadata"]["labels"]
        assert spec["selector"]["matchLabels"] == labels == {"app": program}
        pod = spec["template"]["spec"]
        [container] = pod["containers"]
        assert container["command"] == container_command(program)
        pre_stop = container.get("lifecycle", {}).get("preStop")
        hook_seconds = int(pre_stop["exec"]["command"][1]) if pre_stop else 0
        assert pod["terminationGracePeriodSeconds"] == (
            hook_seconds + grace_period(program)
        )
    web_hook = found[WEB]["spec"]["template"]["spec"]["containers"][0]["lifecycle"]
    assert web_hook["preStop"]["exec"]["command"] == ["sleep", "5"]
    worker_pod = found[WORKER]["spec"]["template"]["spec"]
    assert "lifecycle" not in worker_pod["containers"][0], "the worker needs no hook"
