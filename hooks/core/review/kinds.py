"""What kind of file a path names, from the path alone: its language or format, whether it is
a manifest, a migration, a deployment file, and whether it is no change at all (documentation,
tests, translations, media, vendored code).

Kinds select the detectors that read a file; a file whose kinds include ``NOT_A_CHANGE`` is
not read.
"""

from __future__ import annotations

import functools
import posixpath
import re

NOT_A_CHANGE = "not-a-change"

_SUFFIXES = {
    ".py": "python",
    ".pyi": "python",
    ".js": "js",
    ".jsx": "js",
    ".mjs": "js",
    ".cjs": "js",
    ".ts": "js",
    ".tsx": "js",
    ".mts": "js",
    ".cts": "js",
    ".vue": "js",
    ".svelte": "js",
    ".go": "go",
    ".java": "jvm",
    ".kt": "jvm",
    ".kts": "jvm",
    ".scala": "jvm",
    ".groovy": "jvm",
    ".rb": "ruby",
    ".rake": "ruby",
    ".erb": "ruby",
    ".php": "php",
    ".cs": "csharp",
    ".rs": "rust",
    ".ex": "elixir",
    ".exs": "elixir",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".ps1": "shell",
    ".sql": "sql",
    ".tf": "terraform",
    ".tfvars": "terraform",
    ".hcl": "terraform",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".toml": "toml",
    ".xml": "xml",
    ".properties": "properties",
    ".graphql": "graphql",
    ".graphqls": "graphql",
    ".gql": "graphql",
    ".proto": "proto",
    ".prisma": "prisma",
    ".conf": "conf",
    ".ini": "conf",
    ".cfg": "conf",
    ".env": "env",
}

# never a change: documentation, media, translations
_DOC_SUFFIXES = (".md", ".markdown", ".rst", ".adoc", ".asciidoc", ".txt", ".rtf", ".ipynb")
_MEDIA_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".ico",
    ".webp",
    ".bmp",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".pdf",
    ".mp3",
    ".mp4",
    ".webm",
    ".mov",
    ".css",
    ".scss",
    ".sass",
    ".less",
    ".snap",
    ".map",
    ".po",
    ".pot",
    ".mo",
    ".xlf",
    ".xliff",
    ".strings",
    ".resx",
    ".arb",
    ".lock",  # lockfiles by name come first (see _LOCKFILES)
)
_DOC_NAMES = re.compile(
    r"^(?:(?:readme|license|licence|copying|notice|authors|contributors|changelog|changes"
    r"|history|news|code_of_conduct|contributing|security|codeowners)"
    r"(?:\.(?:md|markdown|rst|txt|adoc|asciidoc))?"
    r"|(?:\.gitignore|\.gitattributes|\.editorconfig|\.prettierrc|\.eslintrc|\.pylintrc|\.flake8"
    r"|\.markdownlint|\.pre-commit-config|\.dockerignore|\.npmignore|\.nvmrc|\.python-version"
    r"|\.tool-versions|\.ruby-version|mkdocs|_config)(?:\..*)?)$",
    re.IGNORECASE,
)
_NOT_A_CHANGE_FOLDERS = frozenset(
    {
        # tests
        "test",
        "tests",
        "__tests__",
        "__mocks__",
        "__snapshots__",
        "spec",
        "specs",
        "testdata",
        "test-data",
        "test_data",
        "fixtures",
        "e2e",
        "cypress",
        "playwright",
        "testing",
        "integration-tests",
        "integration_tests",
        # documentation
        "docs",
        "doc",
        "documentation",
        # translations
        "locale",
        "locales",
        "i18n",
        "l10n",
        "translations",
        "lang",
        # vendored and generated code
        "node_modules",
        "vendor",
        "third_party",
        "third-party",
        "bower_components",
        ".yarn",
        "dist",
        "coverage",
    }
)
_VENDORED = frozenset({"vendor", "third_party", "third-party", "node_modules", "bower_components"})


def vendored(path: str) -> bool:
    """Whether a path lies in a folder of vendored code."""
    return any(part.lower() in _VENDORED for part in path.split("/")[:-1])


_TEST_FILE = re.compile(
    r"(?:^test_.*\.py$|_tests?\.py$|^conftest\.py$|_test\.go$|\.(?:test|spec|e2e|stories)\.\w+$"
    r"|(?:Test|Tests|IT|Spec)\.(?:java|kt|groovy|scala)$|_(?:spec|test)\.rb$|Test\.php$"
    r"|Tests?\.cs$|\.min\.js$)"
)

_LOCKFILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lockb",
        "poetry.lock",
        "pipfile.lock",
        "pdm.lock",
        "uv.lock",
        "go.sum",
        "gemfile.lock",
        "cargo.lock",
        "composer.lock",
        "gradle.lockfile",
        "packages.lock.json",
        "mix.lock",
        ".terraform.lock.hcl",
        "podfile.lock",
        "pubspec.lock",
    }
)
_MANIFESTS = {
    "package.json": "npm-manifest",
    "composer.json": "npm-manifest",  # the same "name": "version" lines
    "pyproject.toml": "pyproject",
    "pipfile": "pyproject",
    "setup.py": "setup-py",
    "setup.cfg": "setup-py",
    "go.mod": "gomod",
    "gemfile": "gemfile",
    "pom.xml": "maven",
    "build.gradle": "gradle",
    "build.gradle.kts": "gradle",
    "settings.gradle": "gradle",
    "settings.gradle.kts": "gradle",
    "libs.versions.toml": "gradle",
    "cargo.toml": "cargo",
    "mix.exs": "mix",
    "chart.yaml": "chart",
    "requirements.yaml": "chart",
    ".gitmodules": "submodules",
}
_REQUIREMENTS = re.compile(r"^(?:.*requirements.*|constraints.*)\.(?:txt|in)$", re.IGNORECASE)
_DOCKERFILE = re.compile(r"^(?:dockerfile|containerfile)(?:\..+)?$|\.dockerfile$", re.IGNORECASE)
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[.-].+)?\.ya?ml$", re.IGNORECASE)
_K8S_FOLDERS = frozenset(
    {
        "k8s",
        "kubernetes",
        "kube",
        "manifests",
        "charts",
        "chart",
        "helm",
        "kustomize",
        "overlays",
        "deploy",
        "deployment",
        "deployments",
        "argocd",
        "flux",
        "openshift",
    }
)
_CI = re.compile(
    r"^(?:\.gitlab-ci\.ya?ml|\.travis\.ya?ml|jenkinsfile|azure-pipelines\.ya?ml"
    r"|bitbucket-pipelines\.ya?ml|cloudbuild\.ya?ml|buildspec\.ya?ml|\.drone\.ya?ml"
    r"|appveyor\.ya?ml|codemagic\.ya?ml)$",
    re.IGNORECASE,
)
_DEPLOY_FILES = re.compile(
    r"^(?:procfile|fly\.toml|app\.ya?ml|app\.json|serverless\.ya?ml|vercel\.json|netlify\.toml"
    r"|render\.ya?ml|railway\.(?:json|toml)|heroku\.yml|skaffold\.ya?ml|helmfile\.ya?ml"
    r"|kustomization\.ya?ml|nginx.*\.conf|.*\.service|caddyfile|haproxy\.cfg|docker-bake\.hcl"
    r"|.*\.bicep|pulumi\..*\.ya?ml|pulumi\.ya?ml|template\.ya?ml|samconfig\.toml"
    r"|supervisord\.conf|gunicorn\.conf\.py|uwsgi\.ini)$",
    re.IGNORECASE,
)
_ENV_EXAMPLE = re.compile(
    r"(?:example|sample|template|dist|test|testing|local|dev|development|ci|defaults?)$",
    re.IGNORECASE,
)
_PRODUCTION = re.compile(
    r"(?:^|[._/-])(?:prod|production|live|staging|stage)(?:[._/-]|$)", re.IGNORECASE
)
_MIGRATION = re.compile(
    r"(?:^|/)(?:migrations?|migrate|alembic|changelogs?|flyway|liquibase)(?:/|$)"
    r"|(?:^|/)alembic/versions/|(?:^|/)(?:schema|structure)\.(?:rb|sql)$"
    r"|(?:^|/)V\d+__\w+\.sql$|\.prisma$",
    re.IGNORECASE,
)
_ORM_MODEL = re.compile(
    r"(?:^|/)(?:models?|entities|entity|domain)(?:/|\.py$)|\.(?:model|entity|schema)"
    r"\.[jt]s$|(?:^|/)app/models/",
    re.IGNORECASE,
)
_SERIALIZER = re.compile(
    r"serializers?(?:\.py|/)|_serializer\.rb$|serializer\.[jt]s$|Serializer\.(?:java|kt)$"
    r"|(?:^|/)(?:dtos?|presenters)(?:/|$)|\.dto\.[jt]s$"
    r"|Dto\.(?:java|kt)$|Response\.(?:java|kt)$|\.jbuilder$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def kinds_of(path: str, models_dir: str = "") -> frozenset[str]:
    """The kinds of a repository-relative POSIX path (``NOT_A_CHANGE`` among them when the
    file is documentation, a test, a translation, media or vendored code)."""
    folder, name = posixpath.split(path)
    lower = name.lower()
    parts = folder.split("/") if folder else []
    lower_parts = {part.lower() for part in parts}
    kinds: set[str] = set()
    if models_dir and (path == models_dir or path.startswith(models_dir.rstrip("/") + "/")):
        return frozenset({NOT_A_CHANGE})
    if lower in _LOCKFILES:
        return frozenset({"lockfile"})
    if folder == "vendor" and lower == "modules.txt":
        return frozenset({"lockfile"})
    requirements = bool(_REQUIREMENTS.match(name)) or (
        bool(parts) and parts[-1].lower() == "requirements" and lower.endswith((".txt", ".in"))
    )
    if (
        _DOC_NAMES.match(name)
        or (lower.endswith(_DOC_SUFFIXES) and not requirements)
        or lower.endswith(_MEDIA_SUFFIXES)
        or _TEST_FILE.search(name)
        or lower_parts & _NOT_A_CHANGE_FOLDERS
        or (folder.startswith("src/test") or "/src/test/" in f"/{folder}/")
    ):
        return frozenset({NOT_A_CHANGE})
    if name == ".threat-model.yaml":
        return frozenset({NOT_A_CHANGE})
    suffix = posixpath.splitext(lower)[1]
    if suffix in _SUFFIXES:
        kinds.add(_SUFFIXES[suffix])
    if lower in _MANIFESTS:
        kinds.add(_MANIFESTS[lower])
    elif requirements:
        kinds.add("requirements")
    elif lower.endswith(".gemspec"):
        kinds.add("gemfile")
    if lower == "gemfile" or lower.endswith(".gemspec"):
        kinds.add("ruby")
    if _DOCKERFILE.search(name):
        kinds.add("dockerfile")
    if _COMPOSE.match(name):
        kinds.add("compose")
    workflow = folder.endswith(".github/workflows") and suffix in (".yml", ".yaml")
    action = folder.split("/")[-1] == ".github" and lower in ("action.yml", "action.yaml")
    if workflow or action:
        kinds.add("github-workflow")
    if _CI.match(name) or (".gitlab" in parts and suffix in (".yml", ".yaml")):
        kinds.add("ci")
    if ".circleci" in parts:
        kinds.add("ci")
    if suffix in (".yml", ".yaml", ".json", ".tpl") and (
        lower_parts & _K8S_FOLDERS or ("templates" in lower_parts and "charts" in lower_parts)
    ):
        kinds.add("k8s")
    if _DEPLOY_FILES.match(name):
        kinds.add("deploy")
    if lower == ".env" or lower.startswith(".env.") or suffix == ".env":
        stem = lower.removeprefix(".env").strip(".")
        kinds.add("env-example" if stem and _ENV_EXAMPLE.search(stem) else "deploy")
        kinds.add("env")
    elif _PRODUCTION.search(path) and _production_config(suffix, lower_parts):
        # a production environment's configuration (settings/production.py,
        # application-prod.yml, config/environments/production.rb, values-prod.yaml)
        kinds.add("deploy")
    if lower in ("routes.rb",) or ("routes" in parts and suffix == ".rb" and "config" in parts):
        kinds.add("rails-routes")
    if lower == "urls.py":
        kinds.add("django-urls")
    if suffix in (".ts", ".js", ".tsx", ".jsx", ".mjs") and (
        re.search(r"(?:^|/)app/(?:.*/)?route\.[jt]sx?$", path)
        or re.search(r"(?:^|/)pages/api/", path)
    ):
        kinds.add("nextjs-route")
    if _MIGRATION.search(path) and kinds & {
        "sql",
        "python",
        "ruby",
        "js",
        "jvm",
        "prisma",
        "xml",
        "yaml",
        "go",
        "php",
        "csharp",
        "elixir",
    }:
        kinds.add("migration")
    if _ORM_MODEL.search(path):
        kinds.add("orm-model")
    if _SERIALIZER.search(path):
        kinds.add("serializer")
    if lower.endswith(".sh") or lower in ("makefile", "justfile", "install", "install.sh"):
        kinds.add("shell")
    return frozenset(kinds)


_CONFIG_SUFFIXES = (".yml", ".yaml", ".json", ".properties", ".toml", ".conf", ".ini", ".tfvars")
_SETTINGS_FOLDERS = frozenset({"config", "settings", "environments"})


def _production_config(suffix: str, folders: set[str]) -> bool:
    """Whether a file with a production name is configuration: a configuration format, or
    code in a settings folder."""
    if suffix in _CONFIG_SUFFIXES:
        return True
    return suffix in (".rb", ".py", ".exs") and bool(folders & _SETTINGS_FOLDERS)


CODE = frozenset({"python", "js", "go", "jvm", "ruby", "php", "csharp", "rust", "elixir"})
