"""The detectors, line by line, per stack: what is a change, and what is not."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from hooks.core.review.detectors import Hit, Scanner, builtin_detectors, key
from hooks.core.review.diff import Diff, FileDiff, Line
from hooks.core.review.kinds import NOT_A_CHANGE, kinds_of
from hooks.core.review.words import code_view

SCANNER = Scanner(builtin_detectors(), "docs/security/threat-models")


def file_diff(
    path: str, added: Sequence[str] = (), removed: Sequence[str] = (), status: str = "M"
) -> FileDiff:
    return FileDiff(
        path=path,
        status=status,
        old_mode="100644",
        new_mode="100644",
        added=[Line(n, text) for n, text in enumerate(added, 1)],
        removed=[Line(1, text) for text in removed],
    )


def hits(path: str, added: Sequence[str] = (), removed: Sequence[str] = ()) -> list[Hit]:
    return SCANNER.scan(Diff([file_diff(path, added, removed)]))


def categories(path: str, added: Sequence[str] = (), removed: Sequence[str] = ()) -> set[str]:
    return {hit.category for hit in hits(path, added, removed)}


CHANGES = [
    # trust-boundary
    pytest.param("app/views.py", ['@app.route("/admin")'], "trust-boundary", id="flask-route"),
    pytest.param("api/items.py", ['@router.post("/items")'], "trust-boundary", id="fastapi"),
    pytest.param("shop/urls.py", ['    path("orders/", views.orders),'], "trust-boundary", id="dj"),
    pytest.param("src/r.js", ["router.post('/login', handler);"], "trust-boundary", id="express"),
    pytest.param("src/c.ts", ["  @Post('reset')"], "trust-boundary", id="nestjs-route"),
    pytest.param("src/r.ts", ["  @Mutation(() => User)"], "trust-boundary", id="nestjs-gql"),
    pytest.param(
        "app/api/x/route.ts",
        ["export async function POST(req: Request) {"],
        "trust-boundary",
        id="next-route",
    ),
    pytest.param("pages/api/hook.js", ["export default handler"], "trust-boundary", id="next-api"),
    pytest.param("main.go", ['r.POST("/hooks", h)'], "trust-boundary", id="gin"),
    pytest.param("main.go", ['http.HandleFunc("/x", h)'], "trust-boundary", id="net-http"),
    pytest.param("A.java", ['    @PostMapping("/pay")'], "trust-boundary", id="spring"),
    pytest.param("config/routes.rb", ["  resources :invoices"], "trust-boundary", id="rails"),
    pytest.param("schema.graphql", ["  deleteUser(id: ID!): Boolean"], "trust-boundary", id="sdl"),
    pytest.param("svc.proto", ["  rpc Delete(Req) returns (Res);"], "trust-boundary", id="grpc"),
    pytest.param("Dockerfile", ["EXPOSE 8080"], "trust-boundary", id="expose"),
    pytest.param("docker-compose.yml", ['      - "5432:5432"'], "trust-boundary", id="publish"),
    pytest.param("k8s/svc.yaml", ["  type: LoadBalancer"], "trust-boundary", id="lb"),
    pytest.param("main.tf", ['  cidr_blocks = ["0.0.0.0/0"]'], "trust-boundary", id="sg-open"),
    pytest.param("main.tf", ['  acl = "public-read"'], "trust-boundary", id="public-bucket"),
    pytest.param(
        "app.py",
        ['app.add_middleware(CORSMiddleware, allow_origins=["*"])'],
        "trust-boundary",
        id="cors",
    ),
    # data-flow
    pytest.param("svc.py", ['logger.info("login %s", user.email)'], "data-flow", id="log-email"),
    pytest.param("svc.go", ['log.Printf("token=%s", t)'], "data-flow", id="log-labelled"),
    pytest.param("s.ts", ["this.logger.log(`reset ${token}`);"], "data-flow", id="log-interp"),
    pytest.param(
        "users/serializers.py", ['        fields = ["id", "email"]'], "data-flow", id="serializer"
    ),
    pytest.param("api/views.py", ['    fields = "__all__"'], "data-flow", id="all-fields"),
    pytest.param(
        "app/__init__.py",
        ["sentry_sdk.init(dsn=DSN, send_default_pii=True)"],
        "data-flow",
        id="tracker",
    ),
    # external-integration
    pytest.param("pay.py", ["import stripe"], "external-integration", id="sdk-import"),
    pytest.param(
        "mail.js",
        ["const t = nodemailer.createTransport(opts);"],
        "external-integration",
        id="mail",
    ),
    pytest.param(
        "ai.ts", ["const client = new OpenAI({ apiKey });"], "external-integration", id="llm"
    ),
    pytest.param(
        "sync.rb",
        ['API = URI("https://api.partner.io/v2")'],
        "external-integration",
        id="outbound-url",
    ),
    # auth
    pytest.param(
        "tok.js", ["return jwt.sign(claims, KEY, { expiresIn: '7d' });"], "auth", id="jwt"
    ),
    pytest.param("pw.py", ["    return bcrypt.hashpw(pw, bcrypt.gensalt())"], "auth", id="hash"),
    pytest.param("v.py", ["    permission_classes = [AllowAny]"], "auth", id="drf-perm"),
    pytest.param("S.java", ['        .requestMatchers("/x").permitAll()'], "auth", id="spring-sec"),
    pytest.param("c.rb", ["  before_action :authenticate_user!"], "auth", id="before-action"),
    pytest.param("a.py", ["def reset_password(token, new):"], "auth", id="recovery-def"),
    pytest.param("u.rb", ["  has_secure_password"], "auth", id="rails-password"),
    pytest.param("m.ts", ["  @UseGuards(AdminGuard)"], "auth", id="guard"),
    pytest.param("s.py", ["SESSION_COOKIE_AGE = 60 * 60 * 24 * 30"], "auth", id="session-age"),
    pytest.param("l.py", ['@limiter.limit("5/minute")'], "auth", id="rate-limit"),
    pytest.param("application.yml", ["  jwt-expiration: 86400"], "auth", id="auth-config"),
    # data-storage
    pytest.param(
        "db/migrate/1_x.rb",
        ["    add_column :users, :ssn, :string"],
        "data-storage",
        id="migration",
    ),
    pytest.param(
        "migrations/2.sql", ["ALTER TABLE users ADD COLUMN phone TEXT;"], "data-storage", id="sql"
    ),
    pytest.param(
        "app/models.py", ["    email = db.Column(db.String)"], "data-storage", id="orm-field"
    ),
    pytest.param("main.tf", ['resource "aws_s3_bucket" "exports" {'], "data-storage", id="bucket"),
    pytest.param("logs.tf", ["  retention_in_days = 365"], "data-storage", id="retention"),
    # infrastructure
    pytest.param("Dockerfile", ["USER root"], "infrastructure", id="dockerfile"),
    pytest.param("infra/vpc.tf", ['  name = "main"'], "infrastructure", id="terraform"),
    pytest.param(
        ".github/workflows/ci.yml",
        ["permissions: write-all"],
        "infrastructure",
        id="workflow-permissions",
    ),
    pytest.param(".gitlab-ci.yml", ["  environment: production"], "infrastructure", id="gitlab"),
    pytest.param(".env.production", ["DEBUG=false"], "infrastructure", id="prod-env"),
    pytest.param(
        "config/settings/production.py", ["DEBUG = False"], "infrastructure", id="prod-settings"
    ),
    # supply-chain
    pytest.param("package.json", ['    "left-pad": "^1.3.0",'], "supply-chain", id="npm"),
    pytest.param(
        "package.json", ['    "postinstall": "node x.js",'], "supply-chain", id="install-script"
    ),
    pytest.param("requirements.txt", ["requests==2.32.0"], "supply-chain", id="pip"),
    pytest.param("requirements/prod.txt", ["gunicorn"], "supply-chain", id="pip-folder"),
    pytest.param("pyproject.toml", ['    "httpx>=0.27",'], "supply-chain", id="pyproject"),
    pytest.param("go.mod", ["\tgithub.com/x/y v1.2.3"], "supply-chain", id="gomod"),
    pytest.param("Gemfile", ['gem "devise"'], "supply-chain", id="gem"),
    pytest.param("build.gradle", ["    implementation 'io.x:y:1.0'"], "supply-chain", id="gradle"),
    pytest.param("pom.xml", ["      <artifactId>jjwt</artifactId>"], "supply-chain", id="maven"),
    pytest.param("Cargo.toml", ['serde = "1.0"'], "supply-chain", id="cargo"),
    pytest.param(
        ".github/workflows/r.yml",
        ["      - uses: someone/action@v1"],
        "supply-chain",
        id="mutable-action",
    ),
    pytest.param(
        "Dockerfile", ["RUN curl -sL https://x.sh/i | bash"], "supply-chain", id="pipe-to-shell"
    ),
    pytest.param("k8s/d.yaml", ["        image: app:latest"], "supply-chain", id="latest"),
    pytest.param("versions.tf", ['      source = "hashicorp/tls"'], "supply-chain", id="provider"),
    pytest.param("yarn.lock", ["left-pad@^1.3.0:"], "supply-chain", id="lockfile-alone"),
]


@pytest.mark.parametrize(("path", "added", "category"), CHANGES)
def test_a_change_is_found(path: str, added: list[str], category: str) -> None:
    assert category in categories(path, added)


NOT_CHANGES = [
    pytest.param("tests/test_login.py", ['@app.post("/login")'], id="test-folder"),
    pytest.param("src/login.test.ts", ["router.post('/x', h)"], id="test-file"),
    pytest.param("pkg/handler_test.go", ['r.POST("/x", h)'], id="go-test"),
    pytest.param("src/test/java/AT.java", ['@PostMapping("/x")'], id="java-test"),
    pytest.param("spec/models/user_spec.rb", ["gem 'x'"], id="spec"),
    pytest.param("README.md", ["router.post('/login', h)"], id="readme"),
    pytest.param("docs/api.md", ["@app.route('/x')"], id="docs"),
    pytest.param("app/views.py", ["# @app.route('/old')"], id="comment"),
    pytest.param("main.go", ['// r.POST("/x", h)'], id="go-comment"),
    pytest.param("Dockerfile", ["# EXPOSE 22"], id="dockerfile-comment"),
    pytest.param("main.tf", ['  description = "public-read is not allowed"'], id="tf-description"),
    pytest.param("locales/en.json", ['"login.password": "Password"'], id="locale"),
    pytest.param("src/Form.tsx", ["<p>Never share your password or email.</p>"], id="jsx-copy"),
    pytest.param("src/a.py", ['logger.info("password reset requested")'], id="log-word-only"),
    pytest.param("package.json", ['  "version": "2.0.0",'], id="project-version"),
    pytest.param("package.json", ['    "test": "jest --coverage",'], id="script"),
    pytest.param(".github/workflows/ci.yml", ["      - run: npm test"], id="ci-step"),
    pytest.param(
        "migrations/3.sql", ["ALTER TABLE products ADD COLUMN rank INT;"], id="plain-column"
    ),
    pytest.param("vendor/lib/auth.go", ["jwt.Parse(token)"], id="vendored"),
    pytest.param("docs/security/threat-models/auth.md", ["## Threats"], id="model"),
    pytest.param("src/app.py", ["import os"], id="plain-import"),
    pytest.param("src/auth.py", ["from .tokens import reset_password"], id="import-of-auth"),
    pytest.param("src/pay.py", ["    user_email: str"], id="field-outside-models"),
    pytest.param(".env.example", ["STRIPE_SECRET_KEY=sk_test"], id="env-example"),
    pytest.param("src/ai.py", ["response = client.chat(max_tokens=500)"], id="llm-tokens"),
]


@pytest.mark.parametrize(("path", "added"), NOT_CHANGES)
def test_not_a_change(path: str, added: list[str]) -> None:
    assert categories(path, added) == set()


def test_evidence_points_at_the_match() -> None:
    (hit,) = hits("svc/app.py", ["x = 1", '    @bp.route("/a")'])
    assert (hit.line, hit.column, hit.evidence) == (2, 5, '@bp.route("/a")')
    assert hit.why == "adds an HTTP route or view"


def test_moved_lines_are_no_change() -> None:
    moved = file_diff("a/routes.py", ['@bp.route("/x")'])
    source = file_diff("b/old.py", [], ['@bp.route("/x")'])
    assert SCANNER.scan(Diff([moved, source])) == []
    quoted = file_diff("r.js", ['router.get("/x", h);'], ["router.get('/x', h)"])
    assert SCANNER.scan(Diff([quoted])) == []


def test_reformatting_and_reordering_are_no_change() -> None:
    assert (
        hits(
            "src/api.js",
            ["import {", "  a,", "  b,", "} from 'x';", "router.get('/x', a)"],
            ["import { b, a } from 'x'", "router.get( '/x', a )"],
        )
        == []
    )


def test_a_rewritten_annotation_naming_the_same_thing_is_no_change() -> None:
    assert (
        categories(
            "Fetcher.java",
            ["  @DgsQuery(field = QUERY.Feed)"],
            ["  @DgsData(parentType = DgsConstants.QUERY_TYPE, field = QUERY.Feed)"],
        )
        == set()
    )
    # a different route is a change
    assert "trust-boundary" in categories(
        "Fetcher.java", ["  @DgsQuery(field = QUERY.Users)"], ["  @DgsData(field = QUERY.Feed)"]
    )
    # a keyword alone that changes is a change
    assert "infrastructure" in categories(
        ".github/workflows/x.yml", ["  pull_request_target:"], ["  pull_request:"]
    )


def test_an_image_counts_where_it_replaces_another_version() -> None:
    assert categories("k8s/app.yaml", ["        image: redis:7.2.4"]) == {"infrastructure"}
    assert "supply-chain" in categories(
        "k8s/app.yaml", ["        image: redis:7.2.4"], ["        image: redis:7.2.3"]
    )
    assert "supply-chain" in categories(
        "Dockerfile", ["FROM python:3.12-slim"], ["FROM python:3.11-slim"]
    )


def test_a_removed_check_opens_a_way_in() -> None:
    found = hits(
        "api/users.py",
        ["    return create(user)"],
        ["    if not settings.OPEN: raise HTTPException(status_code=403)"],
    )
    assert {(h.category, h.removed) for h in found} >= {("auth", True), ("trust-boundary", True)}
    assert all(h.evidence.startswith("-") for h in found if h.removed)


def test_a_statement_spanning_lines_is_read_whole() -> None:
    assert "data-flow" in categories(
        "app/c.rb",
        ["    Rails.logger.info(", '      "ip #{request.remote_ip}"', "    )"],
    )


def test_personal_data_to_a_third_party_needs_the_third_party() -> None:
    sms = ["from twilio.rest import Client", "deliver(to=phone_number)"]
    assert "data-flow" in categories("notify/sms.py", sms)
    assert "data-flow" not in categories("notify/sms.py", sms[1:])
    assert "data-flow" not in categories("notify/sms.py", [sms[0], "def send(phone_number):"])


def test_login_steps_count_where_they_are_defined() -> None:
    assert "auth" in categories("a.js", ["exports.resetPassword = async (req, res) => {"])
    assert "auth" not in categories("a.js", ["  .post(validate(schema), c.resetPassword);"])
    assert "auth" not in categories("a.js", ["exports.sendPasswordReset = async (o) => {"])


def test_a_lockfile_goes_with_its_manifest() -> None:
    from hooks.core.config import Config
    from hooks.core.review.report import changes_of

    found = SCANNER.scan(
        Diff(
            [
                file_diff("web/package.json", ['    "x": "^1.0.0",']),
                file_diff("web/package-lock.json", ['  "x": {}']),
                file_diff("go.sum", ["x v1 h1:abc="]),
            ]
        )
    )
    changes = changes_of(Config(), found)
    assert [(c.category, c.file) for c in changes] == [
        ("supply-chain", "go.sum"),
        ("supply-chain", "web/package.json"),
    ]


def test_files_read_by_name_only() -> None:
    binary = file_diff("Dockerfile", [])
    binary.binary = True
    cut = file_diff("yarn.lock", [])
    cut.truncated = True
    sub = file_diff("vendor/lib", [])
    sub.new_mode = "160000"
    link = file_diff("Dockerfile.link", ["target"])
    link.new_mode = "120000"
    gone = file_diff("Dockerfile.old", [], ["FROM x"], status="D")
    found = SCANNER.scan(Diff([binary, cut, sub, link, gone, file_diff("a.bin", [])]))
    assert {(h.category, h.path, h.evidence) for h in found} == {
        ("infrastructure", "Dockerfile", "(binary file)"),
        ("supply-chain", "yarn.lock", "(not read: the diff is too large)"),
        ("supply-chain", "vendor/lib", "Subproject commit"),
    }
    plain = file_diff("notes.bin", [])
    plain.binary = True
    assert SCANNER.scan(Diff([plain])) == []


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param("app/core/security.py", "python", id="security-module-is-code"),
        pytest.param("SECURITY.md", NOT_A_CHANGE, id="security-policy"),
        pytest.param("requirements/base.txt", "requirements", id="requirements-folder"),
        pytest.param("notes.txt", NOT_A_CHANGE, id="text"),
        pytest.param(".github/workflows/release.yaml", "github-workflow", id="workflow"),
        pytest.param("deploy/k8s/svc.yml", "k8s", id="k8s"),
        pytest.param("charts/app/templates/ing.yaml", "k8s", id="helm"),
        pytest.param("Dockerfile.prod", "dockerfile", id="dockerfile-suffix"),
        pytest.param("api.Dockerfile", "dockerfile", id="dockerfile-prefix"),
        pytest.param("compose.prod.yaml", "compose", id="compose"),
        pytest.param(".env", "deploy", id="env"),
        pytest.param(".env.local", "env-example", id="env-local"),
        pytest.param("config/application-prod.yml", "deploy", id="spring-prod"),
        pytest.param("src/prod/helper.py", "python", id="prod-code-is-code"),
        pytest.param("db/migrate/1_a.rb", "migration", id="rails-migration"),
        pytest.param("alembic/versions/1_a.py", "migration", id="alembic"),
        pytest.param("src/users/user.entity.ts", "orm-model", id="entity"),
        pytest.param("api/serializers.py", "serializer", id="serializer"),
        pytest.param("vendor/modules.txt", "lockfile", id="vendor-modules"),
        pytest.param("src/__tests__/a.js", NOT_A_CHANGE, id="jest"),
        pytest.param("app/action.yml", "yaml", id="action-elsewhere"),
        pytest.param(".github/action.yml", "github-workflow", id="action"),
        pytest.param(".gitlab/ci/deploy.yml", "ci", id="gitlab-include"),
        pytest.param("app/api/chat/route.ts", "nextjs-route", id="next"),
    ],
)
def test_kinds(path: str, kind: str) -> None:
    assert kind in kinds_of(path, "docs/security/threat-models")


def test_code_view_keeps_what_is_interpolated_or_labelled() -> None:
    assert "email" not in code_view('log("never log the email")')
    assert "email" in code_view('log(f"sent to {user.email}")')
    assert "token" in code_view('log("token=%s", t)')
    assert "remote_ip" in code_view('logger.info "from #{request.remote_ip}"')
    assert "token" in code_view("log(`t ${token}`)")


def test_key_ignores_spaces_quotes_and_a_trailing_comma() -> None:
    assert key("  router.get( 'x' ),") == key('router.get("x")')


def test_a_binary_file_of_code_is_not_read() -> None:
    binary = file_diff("app/logo.py", [])
    binary.binary = True
    assert SCANNER.scan(Diff([binary])) == []


@pytest.mark.parametrize(
    ("path", "added", "category"),
    [
        pytest.param("app.conf", ["; cors allow all"], None, id="ini-comment"),
        pytest.param("a.js", ["x = 1 // jwt.sign(a)"], None, id="trailing-slash-comment"),
        pytest.param("a.py", ["x = 1  # jwt.encode(a)"], None, id="trailing-hash-comment"),
        pytest.param("Gemfile", ['gem "rack-attack"'], "supply-chain", id="gemfile"),
        pytest.param("x.gemspec", ["  s.add_dependency 'jwt'"], "supply-chain", id="gemspec"),
        pytest.param(".circleci/config.yml", ["  context: prod-secrets"], None, id="circleci"),
        pytest.param(
            "deploy.sh", ["curl -fsSL https://x.io/i.sh | sh"], "supply-chain", id="shell"
        ),
    ],
)
def test_more_kinds(path: str, added: list[str], category: str | None) -> None:
    found = categories(path, added)
    assert found == ({category} if category else set()) or category in found
