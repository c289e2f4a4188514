"""deploy/: the one-server files and the Zero to JupyterHub files, checked without deploying.

No Kubernetes cluster and no Docker engine here: the Kubernetes files are parsed and checked
against the chart's documented keys, JupyterHub's real configuration classes and each other.
The one-server files are read by systemd's own verifier and the real CLI parser.
"""

from __future__ import annotations

import configparser
import csv
import json
import os
import py_compile
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from traitlets.config.loader import PyFileConfigLoader

from langnghe.hub import workshop
from langnghe.hub.config import MIN_PASSWORD_LENGTH, SERVICE_LABELS, START_PAGE, server_command
from langnghe.hub.home import FOLDER

from coursetools import pins

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "kubernetes"
ONE = ROOT / "deploy" / "mot-may-chu"
SAMPLE_ROSTER = ROOT / "src" / "langnghe" / "hub" / "danh-sach-mau.csv"

# Key paths of the "jupyterhub" chart we may use, from values.schema.yaml of Zero to JupyterHub
# 4.x (jupyterhub/zero-to-jupyterhub-k8s). The schema has additionalProperties: false almost
# everywhere, so helm rejects a misspelt key; this list lets the test reject it first.
CHART_KEYS = {
    "hub", "hub.config", "hub.baseUrl", "hub.extraConfig", "hub.extraEnv", "hub.extraFiles",
    "hub.templatePaths", "hub.templateVars", "hub.services", "hub.loadRoles", "hub.resources",
    "hub.db", "hub.db.type", "hub.db.pvc", "hub.db.pvc.storage",
    "hub.networkPolicy", "hub.networkPolicy.enabled", "hub.networkPolicy.ingress",
    "hub.networkPolicy.egress", "hub.networkPolicy.egressAllowRules",
    "singleuser", "singleuser.image", "singleuser.image.name", "singleuser.image.tag",
    "singleuser.image.pullPolicy", "singleuser.defaultUrl", "singleuser.cmd", "singleuser.startTimeout",
    "singleuser.memory", "singleuser.memory.limit", "singleuser.memory.guarantee",
    "singleuser.cpu", "singleuser.cpu.limit", "singleuser.cpu.guarantee",
    "singleuser.storage", "singleuser.storage.type", "singleuser.storage.capacity",
    "singleuser.storage.homeMountPath", "singleuser.storage.dynamic",
    "singleuser.storage.dynamic.storageClass", "singleuser.storage.extraVolumes",
    "singleuser.storage.extraVolumeMounts", "singleuser.lifecycleHooks",
    "singleuser.lifecycleHooks.postStart", "singleuser.lifecycleHooks.preStop", "singleuser.extraEnv",
    "singleuser.extraFiles", "singleuser.networkPolicy", "singleuser.networkPolicy.enabled",
    "singleuser.networkPolicy.ingress", "singleuser.networkPolicy.egress",
    "singleuser.networkPolicy.egressAllowRules",
    "cull", "cull.enabled", "cull.timeout", "cull.every", "cull.users", "cull.adminUsers",
    "cull.concurrency", "cull.maxAge", "cull.removeNamedServers",
    "proxy", "proxy.service", "proxy.service.type", "proxy.https", "proxy.https.enabled",
    "proxy.https.type", "proxy.https.hosts", "proxy.https.letsencrypt",
    "proxy.https.letsencrypt.contactEmail",
    "prePuller", "prePuller.hook", "prePuller.hook.enabled", "prePuller.continuous",
    "prePuller.continuous.enabled",
}
# Below these the schema takes anything (JupyterHub's own config, k8s native objects).
FREE_FORM = {"hub.config", "hub.extraConfig", "hub.extraEnv", "hub.extraFiles", "hub.templateVars",
             "hub.services", "hub.loadRoles", "hub.resources", "hub.networkPolicy.ingress",
             "hub.networkPolicy.egress", "singleuser.networkPolicy.ingress",
             "singleuser.networkPolicy.egress", "singleuser.lifecycleHooks.postStart",
             "singleuser.lifecycleHooks.preStop", "singleuser.extraEnv", "singleuser.extraFiles",
             "singleuser.storage.extraVolumes", "singleuser.storage.extraVolumeMounts"}
VALUES_FILES = ["values.yaml", "values-trao-doi-chung.yaml"]


def _yaml(name: str):
    return yaml.safe_load((K8S / name).read_text(encoding="utf-8"))


def _yaml_docs(name: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((K8S / name).read_text(encoding="utf-8")) if d]


@pytest.fixture(scope="module")
def values() -> dict:
    return _yaml("values.yaml")


def _paths(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(value, dict) and path not in FREE_FORM:
            yield from _paths(value, path + ".")


def _bytes(size: str) -> int:
    # KubeSpawner's byte specification: a number with K, M, G or T (powers of 1024).
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)i?", str(size)).groups()
    return int(float(number) * 1024 ** "_KMGT".index(unit or "_"))


def _dockerfile() -> str:
    return (K8S / "Dockerfile").read_text(encoding="utf-8")


def _dockerfile_image() -> str:
    return re.search(r"^# Image: (\S+)$", _dockerfile(), re.M).group(1)


# --- Zero to JupyterHub values ---------------------------------------------------------------


@pytest.mark.parametrize("name", VALUES_FILES)
def test_values_use_only_chart_keys(name):
    unknown = [p for p in _paths(_yaml(name)) if p not in CHART_KEYS
               and not any(p.startswith(free + ".") for free in FREE_FORM)]
    assert not unknown, f"{name}: keys the jupyterhub chart does not have: {unknown}"


@pytest.mark.parametrize("name", VALUES_FILES)
def test_values_have_no_nulls(name):
    # Helm drops a null only where the chart has a default; hub.services.x: null would reach
    # the chart's templates as a null service and break the install.
    def nulls(tree, path=""):
        if tree is None:
            yield path
        elif isinstance(tree, dict):
            for key, value in tree.items():
                yield from nulls(value, f"{path}.{key}" if path else key)
        elif isinstance(tree, list):
            for i, value in enumerate(tree):
                yield from nulls(value, f"{path}[{i}]")
    assert not list(nulls(_yaml(name)))


def test_hub_config_names_real_traits(values):
    from firstuseauthenticator import FirstUseAuthenticator
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator

    classes = {"JupyterHub": JupyterHub, "Authenticator": Authenticator,
               "FirstUseAuthenticator": FirstUseAuthenticator}
    for section, settings in values["hub"]["config"].items():
        traits = classes[section].class_traits(config=True)
        assert set(settings) <= set(traits), f"{section}: {set(settings) - set(traits)}"


def test_authenticator_is_first_use_passwords(values):
    name = values["hub"]["config"]["JupyterHub"]["authenticator_class"]
    found = [e for e in entry_points(group="jupyterhub.authenticators") if e.name == name]
    assert found and found[0].value == "firstuseauthenticator:FirstUseAuthenticator"
    first_use = values["hub"]["config"]["FirstUseAuthenticator"]
    assert first_use["create_users"] is False  # nobody off the roster gets an account
    assert first_use["min_password_length"] == MIN_PASSWORD_LENGTH
    assert values["hub"]["templateVars"]["min_password_length"] == MIN_PASSWORD_LENGTH


def test_login_is_the_roster_and_instructors_are_admins(values):
    config = values["hub"]["config"]
    allowed = set(config["Authenticator"]["allowed_users"])
    admins = set(config["Authenticator"]["admin_users"])
    groups = config["JupyterHub"]["load_groups"]
    assert set(groups) == {workshop.INSTRUCTORS_GROUP, workshop.TRAINEES_GROUP}
    assert admins and admins <= allowed
    assert set(groups[workshop.INSTRUCTORS_GROUP]["users"]) == admins
    assert set(groups[workshop.TRAINEES_GROUP]["users"]) == allowed - admins


def test_roster_script_gives_the_roster_in_values(values, tmp_path):
    accounts, out, ngshare = tmp_path / "tai-khoan.csv", tmp_path / "values-danh-sach.yaml", tmp_path / "ns.csv"
    done = subprocess.run(
        [sys.executable, str(K8S / "danh_sach_values.py"), str(SAMPLE_ROSTER), "--tai-khoan", str(accounts),
         "--values", str(out), "--ngshare", str(ngshare)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    made = yaml.safe_load(out.read_text(encoding="utf-8"))["hub"]["config"]
    config = values["hub"]["config"]
    assert made["Authenticator"] == config["Authenticator"]
    assert made["JupyterHub"]["load_groups"] == config["JupyterHub"]["load_groups"]
    with open(ngshare, encoding="utf-8", newline="") as f:
        students = {row["student_id"] for row in csv.DictReader(f)}
    groups = made["JupyterHub"]["load_groups"]
    assert students == set(groups[workshop.TRAINEES_GROUP]["users"])


def test_user_image_is_the_one_the_dockerfile_builds(values):
    image = values["singleuser"]["image"]
    name_tag = f"{image['name']}:{image['tag']}"
    assert name_tag == _dockerfile_image()
    assert f"docker build -f deploy/kubernetes/Dockerfile -t {name_tag} ." in _dockerfile()
    formgrader = next(d for d in _yaml_docs("formgrader.yaml") if d["kind"] == "Deployment")
    assert formgrader["spec"]["template"]["spec"]["containers"][0]["image"] == name_tag
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert image["tag"] == version.group(1)


def test_memory_limit_per_trainee(values):
    memory = values["singleuser"]["memory"]
    assert 0 < _bytes(memory["guarantee"]) <= _bytes(memory["limit"])
    cpu = values["singleuser"]["cpu"]
    assert 0 < cpu["guarantee"] <= cpu["limit"]


def test_each_trainee_has_own_storage(values):
    storage = values["singleuser"]["storage"]
    assert storage["type"] == "dynamic" and _bytes(storage["capacity"]) >= 1024 ** 3
    assert storage["homeMountPath"] == "/home/jovyan"  # the docker stacks' user
    assert values["singleuser"]["defaultUrl"] == START_PAGE  # as on the one-server hub


def test_idle_servers_are_culled(values):
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] == 3600


def test_formgrader_is_a_service_for_instructors_only(values):
    service = values["hub"]["services"][workshop.FORMGRADER]
    roles = [r for r in values["hub"]["loadRoles"].values()
             if f"access:services!service={workshop.FORMGRADER}" in r["scopes"]]
    assert len(roles) == 1 and roles[0]["groups"] == [workshop.INSTRUCTORS_GROUP]
    assert not roles[0].get("users") and not roles[0].get("services")
    docs = {d["kind"]: d for d in _yaml_docs("formgrader.yaml")}
    port = docs["Service"]["spec"]["ports"][0]["port"]
    assert service["url"] == f"http://{docs['Service']['metadata']['name']}:{port}"
    container = docs["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"]["value"] == workshop.FORMGRADER
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == f"/services/{workshop.FORMGRADER}/"
    # The token the chart generates for hub.services.formgrader, from the chart's Secret "hub".
    assert env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"] == {
        "name": "hub", "key": f"hub.services.{workshop.FORMGRADER}.apiToken"}
    assert env["USER"]["value"]  # ngshare-exchange 0.5.3 fails to import without it outside a user pod
    assert env["JUPYTERHUB_SERVICE_URL"]["value"].endswith(f":{container['ports'][0]['containerPort']}/")


def test_formgrader_pod_turns_formgrader_back_on():
    # The image disables formgrader for trainees; the pod's command line must enable it again,
    # as the real jupyter_server parses it.
    from jupyter_server.serverapp import ServerApp

    deployment = next(d for d in _yaml_docs("formgrader.yaml") if d["kind"] == "Deployment")
    script = deployment["spec"]["template"]["spec"]["containers"][0]["command"][-1]
    words = shlex.split(script)
    start = words.index("exec") + 1
    assert words[start:start + 3] == server_command("python")  # as the trainees' servers start
    args = words[start + 3:]
    app = ServerApp()
    app.parse_command_line(args)
    for extension in workshop.INSTRUCTOR_SERVER_EXTENSIONS:
        assert app.jpserver_extensions.get(extension) is True


def test_ngshare_is_the_exchange(values):
    service = values["hub"]["services"]["ngshare"]
    assert service["url"] == "http://ngshare:8080"  # helm release "ngshare", chart port 8080
    text = (K8S / "nbgrader_config.py").read_text(encoding="utf-8")
    assert '"http://ngshare:8080/services/ngshare"' in text
    ngshare = _yaml("ngshare-values.yaml")["ngshare"]
    admins = set(values["hub"]["config"]["Authenticator"]["admin_users"])
    assert ngshare["admins"] and set(ngshare["admins"]) <= admins
    assert ngshare["hub_api_url"] == "http://hub:8081/hub/api"
    # User pods may not reach private IPs by default: the egress rule must name ngshare's pods.
    egress = values["singleuser"]["networkPolicy"]["egress"]
    assert any(rule["to"][0]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "ngshare"}
               and rule["ports"][0]["port"] == 8080 for rule in egress)
    readme = (K8S / "README.md").read_text(encoding="utf-8")
    assert "--set hub.services.ngshare.api_token=$NGSHARE_TOKEN" in readme
    assert "--set ngshare.hub_api_token=$NGSHARE_TOKEN" in readme


def test_login_page_file_is_given_to_the_chart(values):
    readme = (K8S / "README.md").read_text(encoding="utf-8")
    for key, spec in values["hub"]["extraFiles"].items():
        if not {"data", "stringData", "binaryData"} & set(spec):
            given = re.search(rf"--set-file hub\.extraFiles\.{re.escape(key)}\.stringData=(\S+)", readme)
            assert given and (ROOT / given.group(1)).is_file(), key
        assert str(Path(spec["mountPath"]).parent) in values["hub"]["templatePaths"]


def test_every_vietnamese_hub_page_is_given_to_the_chart(values):
    templates = ROOT / "src" / "langnghe" / "hub" / "templates"
    mounted = {Path(spec["mountPath"]).name for spec in values["hub"]["extraFiles"].values()}
    assert {p.name for p in templates.glob("*.html")} <= mounted
    assert values["hub"]["templateVars"]["service_labels"] == SERVICE_LABELS


def test_shared_volume_variant_is_consistent():
    variant = _yaml("values-trao-doi-chung.yaml")["singleuser"]
    folder = variant["extraEnv"]["LANGNGHE_TRAO_DOI"]
    claim = _yaml_docs("trao-doi-chung.yaml")[0]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    volume = variant["storage"]["extraVolumes"][0]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert variant["storage"]["extraVolumeMounts"] == [{"name": volume["name"], "mountPath": folder}]
    patch = _yaml("formgrader-trao-doi-chung.yaml")["spec"]["template"]["spec"]
    container = patch["containers"][0]
    assert {"name": "LANGNGHE_TRAO_DOI", "value": folder} in container["env"]
    assert container["volumeMounts"][0]["mountPath"] == folder
    assert patch["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]


# --- the user image -------------------------------------------------------------------------


def _build_context() -> list[str]:
    """What Dockerfile.dockerignore lets into the build (the paths after '!')."""
    return [line[1:] for line in (K8S / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
            if line.startswith("!")]


def test_image_copies_only_its_build_context():
    copied = []
    for line in _dockerfile().splitlines():
        if line.startswith("COPY"):
            copied += [w for w in line.split()[1:-1] if not w.startswith("--")]
    assert copied and all(c in _build_context() for c in copied), set(copied) - set(_build_context())
    assert re.search(r"^FROM quay\.io/jupyter/[a-z-]+-notebook:python-3\.11$", _dockerfile(), re.M)


def test_image_runs_its_environment_script_and_puts_it_first_on_path():
    text = _dockerfile()
    run = re.search(r"^RUN JUPYTERHUB_VERSION=\$\{JUPYTERHUB_VERSION\} \./cai-moi-truong\.sh (\S+)", text, re.M)
    assert run and run[1] == "/opt/langnghe/venv"
    assert re.search(rf"^ENV PATH={re.escape(run[1])}/bin:\$\{{PATH\}}$", text, re.M)
    # Everything that runs Python afterwards (the lessons' audience, the postStart hook) is the venv's.
    assert text.index("ENV PATH=") < text.index('RUN python -c')
    pinned = re.search(r"^ARG JUPYTERHUB_VERSION=(\S+)$", text, re.M).group(1)
    hub_range = next(r for r in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                     ["project"]["optional-dependencies"]["hub"] if r.startswith("jupyterhub>"))
    assert pinned in SpecifierSet(hub_range.removeprefix("jupyterhub"))


@pytest.fixture(scope="module")
def image_venv(tmp_path_factory) -> Path:
    """The image's environment script, run here on a copy of the build context, with the Python the
    tests run on; packages from PyPI or pip's cache."""
    context = tmp_path_factory.mktemp("context")
    for name in _build_context():
        source = ROOT / name.rstrip("/")
        if source.is_dir():
            shutil.copytree(source, context / name.rstrip("/"), ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (context / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, context / name)
    venv = context / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "PIP_"))}
    env["PIP_NO_COMPILE"] = "1"  # the image compiles; here it would only double the time
    env["PYTHON"] = sys._base_executable  # the Python the tests run on
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if Path(p) != Path(sys.executable).parent)
    done = subprocess.run(["bash", "deploy/kubernetes/cai-moi-truong.sh", str(venv)], cwd=context, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return venv


def test_image_environment_has_the_tested_versions(image_venv):
    listed = subprocess.run([image_venv / "bin/python", "-m", "pip", "list", "--format=json"],
                            capture_output=True, text=True, check=True).stdout
    frozen = pins("\n".join(f"{p['name']}=={p['version']}" for p in json.loads(listed)))
    tested = pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    pinned = re.search(r"^ARG JUPYTERHUB_VERSION=(\S+)$", _dockerfile(), re.M).group(1)
    assert frozen.pop("jupyterhub") == pinned
    assert frozen.pop("ngshare-exchange") == "0.5.3" and frozen.pop("rapidfuzz")
    assert frozen.pop("langnghe") == tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    frozen.pop("pip", None)
    # Every other package is one the tests ran with, at that version.
    assert {name: version for name, version in frozen.items() if tested.get(name) != version} == {}
    for needed in ("nbgrader", "jupyterlab", "jupyterlab-language-pack-vi-vn", "pandas", "ipykernel", "requests"):
        assert needed in frozen, needed
    # The one broken requirement is ngshare-exchange's old jupyter-core pin, installed without it.
    check = subprocess.run([image_venv / "bin/python", "-m", "pip", "check"], capture_output=True, text=True)
    assert [line for line in check.stdout.splitlines() if not line.startswith("ngshare-exchange ")] == []


def test_image_environment_hides_instructor_tools_as_the_hub_does(image_venv, values, tmp_path):
    # What jupyter_server itself reads as enabled, in the venv's Python, with no user configuration.
    read = ("import json; from jupyter_core.paths import jupyter_config_path; "
            "from jupyter_server.extension.config import ExtensionConfigManager; "
            "print(json.dumps(ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()))")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    enabled = json.loads(subprocess.run([image_venv / "bin/python", "-c", read], env=env, capture_output=True,
                                        text=True, check=True).stdout)
    assert enabled["langnghe.bai_tap"] is True  # the Bài tập panel's server side
    for extension, on in workshop.TRAINEE_SERVER_EXTENSIONS.items():
        assert enabled[extension] is on, extension
    page = json.loads((image_venv / "etc/jupyter/labconfig/page_config.json").read_text(encoding="utf-8"))
    assert {name for name, off in page["disabledExtensions"].items() if off} == set(workshop.TRAINEE_HIDDEN_LAB_PLUGINS)
    kernel_spec = image_venv / "share/jupyter/kernels/python3/kernel.json"
    assert json.loads(kernel_spec.read_text(encoding="utf-8")) == workshop.TRAINEE_KERNEL  # no debugger, as on the hub
    culling = json.loads((image_venv / "etc/jupyter/jupyter_server_config.json").read_text(encoding="utf-8"))
    assert culling == workshop.trainee_kernel_culling()
    # The Vietnamese explanations of Python's errors are on in its kernels.
    kernel = json.loads((image_venv / "etc/ipython/ipython_kernel_config.json").read_text(encoding="utf-8"))
    assert "langnghe.explain" in kernel["InteractiveShellApp"]["extensions"]
    # The chart starts each server with the command of the one-server hub (hub.config.server_command),
    # python being the venv's (first on the image's PATH): JupyterHub's jupyterhub-singleuser, lighter.
    command = values["singleuser"]["cmd"]
    assert command == server_command("python")
    version = subprocess.run([image_venv / "bin" / command[0], *command[1:], "--version"],
                             capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.strip() == re.search(
        r"^ARG JUPYTERHUB_VERSION=(\S+)$", _dockerfile(), re.M).group(1), version.stdout + version.stderr


def test_image_has_lessons_and_data_but_no_solutions():
    text = _dockerfile()
    for name in workshop.TRAINEE_CONTENT:
        assert re.search(rf"^COPY .*\b{re.escape(name)}/? /opt/langnghe/khoa-hoc/", text, re.M), name
    assert "solutions" not in " ".join(line for line in text.splitlines() if line.startswith("COPY"))
    assert "ENV LANGNGHE_DU_LIEU=/opt/langnghe/khoa-hoc/datasets" in text
    from langnghe import data
    assert data.ENV_VAR == "LANGNGHE_DU_LIEU"


def test_image_nbgrader_config_loads(tmp_path, monkeypatch):
    path = K8S / "nbgrader_config.py"
    py_compile.compile(str(path), cfile=str(tmp_path / "nbgrader_config.pyc"), doraise=True)
    # Shared-volume variant: nbgrader's own file exchange.
    monkeypatch.setenv("LANGNGHE_TRAO_DOI", "/srv/nbgrader/exchange")
    config = PyFileConfigLoader(path.name, str(path.parent)).load_config()
    assert config.Exchange.root == "/srv/nbgrader/exchange"
    assert config.CourseDirectory.course_id == workshop.COURSE_ID
    # ngshare variant: ngshare-exchange is not installed here (it pins an old jupyter-core),
    # so a stand-in module records the call the real configureExchange would get.
    monkeypatch.delenv("LANGNGHE_TRAO_DOI")
    (tmp_path / "ngshare_exchange.py").write_text(
        "calls = []\ndef configureExchange(c, url):\n    calls.append(url)\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("ngshare_exchange", None)
    config = PyFileConfigLoader(path.name, str(path.parent)).load_config()
    import ngshare_exchange
    assert ngshare_exchange.calls == ["http://ngshare:8080/services/ngshare"]
    assert config.CourseDirectory.course_id == "*"
    sys.modules.pop("ngshare_exchange", None)


def test_post_start_hook_fills_home_without_overwriting(values, tmp_path):
    command = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    course = tmp_path / "khoa-hoc"
    for name in workshop.TRAINEE_CONTENT:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, course / name)
    home = tmp_path / "jovyan"
    home.mkdir()
    assert command[0] == "python"
    run = [sys.executable, *[c.replace("/opt/langnghe/khoa-hoc", str(course)) for c in command[1:]]]
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(run, env=env, check=True, timeout=60)
    start = home / FOLDER / "BAT-DAU.ipynb"
    assert start.is_file() and (home / FOLDER / "datasets").is_dir()
    start.write_text("bài của tôi", encoding="utf-8")
    subprocess.run(run, env=env, check=True, timeout=60)
    assert start.read_text(encoding="utf-8") == "bài của tôi"


# --- one server ------------------------------------------------------------------------------


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None)
    unit.optionxform = str
    unit.read(ONE / "langnghe-hub.service", encoding="utf-8")
    return unit


def test_unit_runs_the_hub_in_the_foreground_as_root():
    from langnghe.cli import parser

    service = _unit()["Service"]
    words = shlex.split(service["ExecStart"])
    assert words[0].endswith("/.venv/bin/langnghe")
    args = parser().parse_args(words[1:])
    assert (args.hub_verb, args.foreground) == ("start", True)
    assert words[1:3] == ["hub", "start"] and words[-1] == "--foreground"
    assert service["User"] == "root"  # it starts each trainee's server as that trainee
    assert service["WorkingDirectory"] == args.dir
    assert _unit()["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze không có trên máy này")
def test_unit_passes_systemd_verify(tmp_path):
    # The real paths exist only on a server: point them at this checkout and a temporary folder.
    text = (ONE / "langnghe-hub.service").read_text(encoding="utf-8")
    text = text.replace("/opt/langnghe/.venv/bin/langnghe", str(Path(sys.executable).parent / "langnghe"))
    text = text.replace("/srv/langnghe/lop-hoc", str(tmp_path))
    unit = tmp_path / "langnghe-hub.service"
    unit.write_text(text, encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "langnghe-hub" not in done.stderr, done.stderr


def test_systemdspawner_snippet_loads_and_keeps_the_workshop_memory_limit(tmp_path):
    path = ONE / "gioi_han_bo_nho.py"
    py_compile.compile(str(path), cfile=str(tmp_path / "snippet.pyc"), doraise=True)
    config = PyFileConfigLoader(path.name, str(path.parent)).load_config()
    assert config.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    # The limit stays the workshop's Spawner.mem_limit (hoi-thao.json "bo_nho").
    assert "mem_limit" not in config.SystemdSpawner and "Spawner" not in config
    snippet = re.search(r"```python\n(.*?)```", (ONE / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    file_lines = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    assert all(line in file_lines for line in snippet.strip().splitlines())


def test_caddy_forwards_to_the_hub_the_guide_creates():
    target = re.search(r"^\s*reverse_proxy (\S+)", (ONE / "Caddyfile").read_text(encoding="utf-8"), re.M).group(1)
    ip, port = target.split(":")
    assert f"--ip {ip} --port {port}" in (ONE / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("guide", [ONE / "README.md", K8S / "README.md"])
def test_guides_keep_the_load_figures_markers(guide):
    text = guide.read_text(encoding="utf-8")
    block = re.search(r"<!-- SO-LIEU-TAI -->\n(.*?)<!-- /SO-LIEU-TAI -->", text, re.S)
    assert block and "tests/test_hub_load.py" in block.group(1)


def test_image_gives_the_class_its_cells_of_the_lessons(tmp_path):
    """The lessons copied into the image are rewritten for a class (no tu-hoc cells); the same command,
    run on a copy here, does it."""
    text = _dockerfile()
    command = re.search(r'^RUN python -c "(.*set_audience\(\'/opt/langnghe/khoa-hoc\', FOR_CLASS\).*)"$', text, re.M)
    assert command and text.index("COPY --chown=${NB_UID}:${NB_GID} lessons/") < command.start()
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons/00-lam-quen", lessons / "00-lam-quen")
    done = subprocess.run([sys.executable, "-c", command[1].replace("/opt/langnghe/khoa-hoc", str(tmp_path))],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lesson = (lessons / "00-lam-quen/00.2-bang-va-bieu-do.ipynb").read_text(encoding="utf-8")
    assert "**Nộp bài**" in lesson and "tu-hoc" not in lesson


def test_image_gives_each_trainee_the_keys_of_her_check_without_hidden_tests(values, tmp_path):
    """The image makes the class keys from the student versions; the postStart hook puts them in her home,
    where the panel's Kiểm tra on a fetched assignment finds them (commands run on copies here)."""
    from langnghe import bai_tap
    from langnghe.key import Key

    text = _dockerfile()
    command = re.search(r'^RUN python -c "(.*write_class_keys\(.*)"$', text, re.M)
    assert command and text.index("COPY --chown=${NB_UID}:${NB_GID} exercises/ /opt/langnghe/bai-tap/") < command.start()
    course = tmp_path / "khoa-hoc"
    for name in workshop.TRAINEE_CONTENT:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, course / name)
    made = command[1].replace("/opt/langnghe/bai-tap", str(ROOT / "exercises")).replace("/opt/langnghe/khoa-hoc",
                                                                                         str(course))
    subprocess.run([sys.executable, "-c", made], check=True, timeout=60)
    home = tmp_path / "jovyan"
    home.mkdir()
    hook = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    subprocess.run([sys.executable, *[c.replace("/opt/langnghe/khoa-hoc", str(course)) for c in hook[1:]]],
                   env={**os.environ, "HOME": str(home)}, check=True, timeout=60)

    held = sorted(p.relative_to(home / ".kiem-tra").as_posix() for p in (home / ".kiem-tra").rglob("*.json"))
    assert held == sorted(f"{p.parent.name}/{p.stem}.json" for p in (ROOT / "solutions").glob("bt*/*.ipynb"))
    for solution in (ROOT / "solutions").glob("bt*/*.ipynb"):
        key = Key.read(home / ".kiem-tra" / solution.parent.name / f"{solution.stem}.json")
        full = Key.from_instructor(solution)
        assert all(t.hidden == "" for t in key.tests.values()), solution.name
        assert {g: t.visible.strip() for g, t in key.tests.items()} == \
               {g: t.visible.strip() for g, t in full.tests.items()}, solution.name

    # Her check on bt01 as fetched (untouched): every question's points at zero, the visible tests' hints.
    fetched = home / "bt01-ban-hang-truc-tuyen"
    shutil.copytree(ROOT / "exercises" / "bt01-ban-hang-truc-tuyen", fetched)
    result = bai_tap.check(home, "bt01-ban-hang-truc-tuyen/bt01-ban-hang-truc-tuyen.ipynb")
    assert result["max_points"] > 0 and result["points"] == 0 and not result["self_study"], result
