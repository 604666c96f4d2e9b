"""The built-in detectors: per category, the lines (and files) that are evidence of a change.

Each row names the file kinds it reads (:mod:`hooks.core.review.kinds`), a pattern a changed
line must match (``None``: any changed line of such a file), and optionally a second pattern
the line must also match (``requires``, on the line or on its code without string text), a
pattern that rules the line out (``unless``), the side of the change it reads, and a pattern
one of the file's added lines must match (``needs``). Patterns are written for Python's
``re``; the detectors compile them once per run.
"""

from __future__ import annotations

from dataclasses import dataclass

from hooks.core.review.words import PERSONAL_DATA, SENSITIVE

CODE = ("python", "js", "go", "jvm", "ruby", "php", "csharp", "rust", "elixir")
CONFIG = ("yaml", "properties", "toml", "json", "conf")


@dataclass(frozen=True)
class Row:
    name: str
    category: str
    kinds: tuple[str, ...]
    pattern: str | None
    why: str
    requires: str | None = None
    code_view: bool = False  # ``requires`` reads the line without the text of its strings
    unless: str | None = None
    side: str = "added"  # added, removed or both
    needs: str | None = None
    path: str | None = None  # a pattern the path must match
    replaces: bool = False  # counts only where it replaces a removed line it also matches
    # ``requires`` is a definition whose name (a named group) holds what the pattern matched,
    # and ``unless`` reads that name
    head: bool = False


# ---------------------------------------------------------------- shared patterns

LOG_CALL = (
    r"(?:\b(?:log|logger|logging|_log|_logger|LOG|LOGGER|Log|Logger|console|slog|zap|logrus"
    r"|klog|glog|log15|winston|pino|bunyan|Rails\.logger|this\.logger|self\.logger|self\.log"
    r"|this\.log|app\.logger|current_app\.logger)\s*\.\s*(?:debug|info|warn|warning|error"
    r"|fatal|critical|exception|log|trace|notice|Print\w*|Info\w*|Debug\w*|Warn\w*|Error\w*"
    r"|Fatal\w*|Panic\w*|With\w*)\s*[\s(]"
    r"|\bfmt\.(?:Print|Fprint)\w*\(|\bprint(?:ln)?\s*\(|\bSystem\.(?:out|err)"
    r"\.print|\bprintStackTrace\(|\berror_log\(|\bConsole\.Write)"
)
RUBY_PRINT = r"(?:^\s*(?:puts|p|pp|print|warn)\s+\S)"
HTTP_CLIENT = (
    r"(?:\brequests\.\w+\(|\bhttpx\.\w+\(|\baiohttp\b|\burlopen\(|\bfetch\(|\baxios\b|\bgot\("
    r"|\bky\.|\bsuperagent\b|\bhttp\.(?:Get|Post|PostForm|Head|NewRequest\w*)\(|\bNewRequest\w*\("
    r"|Net::HTTP|\bFaraday\b|\bHTTParty\b|\bRestClient\b|\bRestTemplate\b|\bWebClient\b|\bOkHttp"
    r"|\bHttpClient\b|\bHttpRequest\b|\burllib\b|\bcurl_|\bURI\(|\bnew URL\(|\bopen-uri\b"
    r"|\bhttp\.request\(|\bhttps\.request\()"
)
URL = (
    r"https?://(?!localhost\b|127\.|0\.0\.0\.0|\[::1\]|(?:[\w-]+\.)*example\.(?:com|org|net)\b"
    r"|www\.w3\.org|json-schema\.org|schemas\.|xmlns|\$\{|\{\{|%s|\{)[\w-]+(?:\.[\w-]+)+"
)
VENDOR = (
    r"(?i:(?<![\w.-])(?:stripe|sentry_sdk|@sentry/[\w-]+|sentry-go|sentry-ruby|io\.sentry|sentry"
    r"|openai|@anthropic-ai/sdk|anthropic|twilio|@sendgrid/[\w-]+|sendgrid|nodemailer|mailgun"
    r"|postmark|mailchimp|mandrill|resend|sparkpost|smtplib|net/smtp|javax\.mail|jakarta\.mail"
    r"|boto3|botocore|aws-sdk|@aws-sdk/[\w-]+|aws-sdk-go(?:-v2)?|software\.amazon\.awssdk"
    r"|com\.amazonaws|google\.cloud|@google-cloud/[\w-]+|cloud\.google\.com/go|firebase_admin"
    r"|firebase-admin|firebase|supabase|@supabase/[\w-]+|auth0|@auth0/[\w-]+|okta|@okta/[\w-]+"
    r"|keycloak|cognito|passport-[\w-]+|omniauth-[\w-]+|omniauth|slack_sdk|@slack/[\w-]+|slack-ruby"
    r"|discord\.js|python-telegram-bot|mixpanel|posthog|@segment/[\w-]+|analytics-node|segmentio"
    r"|amplitude|datadog|dd-trace|ddtrace|newrelic|bugsnag|rollbar|honeybadger|launchdarkly"
    r"|algolia|pusher|plaid|braintree|paypal|@paypal/[\w-]+|adyen|squareup|shopify|hubspot"
    r"|salesforce|jsforce|zendesk|intercom|octokit|@octokit/[\w-]+|go-github|cohere|mistralai"
    r"|google\.generativeai|google\.genai|@google/genai|@google/generative-ai|replicate"
    r"|huggingface_hub|groq|elevenlabs|azure\.[\w.]+|@azure/[\w-]+|msal|tweepy|cloudinary"
    r"|vonage|nexmo|messagebird|plivo|onesignal|pagerduty|opsgenie|docusign|onfido|veriff"
    r"|klaviyo|customerio|braze|sendinblue|brevo|lemonsqueezy|paddle|razorpay|mollie"
    r"|recaptcha|hcaptcha|mapbox|googlemaps)(?![\w-]))"
)
IMPORT = (
    r"(?:^\s*(?:import\b|from\s+[\w.@/-]+\s+import\b|export\s.*\bfrom\b|require\s|gem\s"
    r"|use\s|using\s|@import\b|implementation\b|compile\b)|\brequire(?:_relative)?\s*\(|\bimport\s*\("
    r"|^\s*(?:\w+\s+)?\"[\w.-]+\.[a-z]+/[^\"]+\"\s*$|^\s*import\s+[\w.]+;)"
)
SDK_INIT = (
    r"(?:\b(?:sentry_sdk|Sentry|Raven|Bugsnag|Rollbar|Honeybadger|newrelic|Datadog)\s*\.\s*"
    r"(?:init|configure|start)\b|\bstripe\.api_key\s*=|\bStripe\.api_key\s*=|\bnew\s+Stripe\("
    r"|\bStripe\s*\(\s*\w|\bstripe\.NewClient|\bOpenAI\s*\(|\bAsyncOpenAI\s*\(|\bAzureOpenAI\s*\("
    r"|\bAnthropic\s*\(|\bAsyncAnthropic\s*\(|\bTwilio\s*\(|\btwilio\s*\(|\btwilio\.rest\b"
    r"|\bcreateTransport\s*\(|\bsmtplib\.SMTP(?:_SSL)?\s*\(|\bsmtp\.(?:Dial|SendMail|PlainAuth)\("
    r"|\bboto3\.(?:client|resource|Session)\s*\(|\bsgMail\.setApiKey|\bSendGridAPIClient\s*\("
    r"|\bnew\s+Mailgun\b|\bnew\s+WebClient\s*\(|\bnew\s+Octokit\s*\(|\bfirebase_admin\."
    r"initialize_app|\binitializeApp\s*\(|\bdelivery_method\s*=\s*:smtp|\bsmtp_settings\s*="
    r"|\bJavaMailSender\b|\bMailSender\b|\bgenai\.(?:configure|Client)\(|\bCohere\w*\s*\("
    r"|\bMistral\w*\s*\(|\bGroq\s*\(|\bPosthog\s*\(|\bMixpanel\s*\(|\bAnalytics\s*\(\s*\w"
    r"|\b\w+\.(?:chat\.)?completions\.create\(|\bmessages\.create\(|\bresponses\.create\("
    r"|\bembeddings\.create\(|\bgenerate_content\(|\bS3Client\s*\(|\bnew\s+S3\b)"
)
IDENTITY_PROVIDER = (
    r"(?:\b(?:Google|GitHub|Github|Facebook|Twitter|Microsoft|Apple|Okta|Auth0|Saml|OIDC|OAuth2?"
    r"|OpenIDConnect|Keycloak|Cognito|Azure\w*)Strategy\b|\bOAuth2Client\b|\boauth2Login\s*\("
    r"|\.well-known/openid-configuration|next-auth/providers|\bNextAuth\s*\(|\bauthlib\b"
    r"|\bsocial_core\b|socialaccount|\bomniauth\b|\bAddOpenIdConnect\b|\bAddGoogle\b"
    r"|\bissuer(?:_url|Url|URL|Uri|_uri)?\s*[:=]|spring-security-oauth2|@EnableOAuth2\w*"
    r"|\bOIDC_\w+\s*=|\bSOCIAL_AUTH_\w+\s*=)"
)
EXTERNAL_ANY = f"(?:{VENDOR}|{SDK_INIT}|{HTTP_CLIENT}|{IDENTITY_PROVIDER}|{URL})"

ROUTE_PY = (
    r"(?:^\s*@\s*[\w.]+\.(?:route|get|post|put|patch|delete|head|options|api_route|websocket"
    r"|websocket_route)\s*\(|\badd_url_rule\s*\(|\badd_api_route\s*\(|^\s*@(?:api_view|action)\s*\("
    r"|^\s*@(?:app|router|bp|blueprint)\.\w+\s*\()"
)
ROUTE_JS = (
    r"(?:\b(?:app|router|\w*Router|\w*router|server|fastify|hono|routes?|api|admin|v\d|public"
    r"|secure|protected|auth)\s*\.\s*(?:get|post|put|patch|delete|del|all|options|head|route"
    r"|ws)\s*\(\s*(?:['\"`]/|\{\s*method|['\"`]\*)"
    r"|^\s*@(?:Get|Post|Put|Patch|Delete|All|Options|Head|Sse)\s*\(|^\s*@Controller\s*\("
    r"|^\s*@(?:Mutation|Subscription|ResolveField)\s*\(|^\s*@Query\s*\(\s*(?:\(\s*\)\s*=>|returns"
    r"|\{)|^\s*@(?:MessagePattern|EventPattern|SubscribeMessage|WebSocketGateway)\s*\("
    r"|[\"']use server[\"'])"
)
ROUTE_NEXT = (
    r"(?:^\s*export\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b"
    r"|^\s*export\s+const\s+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b"
    r"|^\s*export\s+default\s+(?:async\s+)?(?:function|\(|\w+\s*;?\s*$))"
)
ROUTE_GO = (
    r"(?:\bhttp\.Handle(?:Func)?\s*\(|\.Handle(?:Func)?\s*\(\s*\"|\.(?:GET|POST|PUT|PATCH|DELETE"
    r"|Any|Match|Handle|Static|StaticFS|StaticFile|File|Get|Post|Put|Patch|Delete|Route|Mount"
    r"|Method|MethodFunc|Group|Options|Head)\s*\(\s*\"/|\bRegister\w+Server\s*\()"
)
ROUTE_JVM = (
    r"(?:^\s*@(?:Get|Post|Put|Patch|Delete|Request)Mapping\b|^\s*@(?:Rest)?Controller\b"
    r"|^\s*@(?:DgsQuery|DgsMutation|DgsData|DgsSubscription|QueryMapping|MutationMapping"
    r"|SchemaMapping|SubscriptionMapping|MessageMapping|KafkaListener|RabbitListener"
    r"|JmsListener|SqsListener|GrpcService|Path|GET|POST|PUT|DELETE|PATCH|WebServlet)\b"
    r"|\.route\s*\(\s*\"/|\b(?:get|post|put|patch|delete)\s*\(\s*\"/)"
)
ROUTE_RUBY = (
    r"(?:^\s*(?:get|post|put|patch|delete|match|resources?|namespace|scope|mount|root|direct"
    r"|concern|member|collection)\b(?!\s*[=.(]\s*$))"
)
SINATRA = r"(?:^\s*(?:get|post|put|patch|delete)\s+['\"]/)"
GRAPHQL_RUBY = r"(?:^\s*field\s+:\w+|^\s*mutation\s+Mutations::|^\s*argument\s+:\w+)"
LISTEN = (
    r"(?:\bListenAndServe(?:TLS)?\s*\(|\bnet\.Listen\s*\(|\.listen\s*\(\s*(?:\d|[\w.]*[Pp]ort)"
    r"|\bapp\.run\s*\(.*host\s*=|\buvicorn\.run\s*\(|--host[= ]0\.0\.0\.0|\b0\.0\.0\.0:\d+"
    r"|runserver\s+0\.0\.0\.0|\bserve\s*\(.*host|\bServerSocket\s*\(|\bbind\s*\(\s*\(\s*['\"]"
    r"0\.0\.0\.0|\bcreateServer\s*\()"
)
CORS = (
    r"(?i:access-control-allow-(?:origin|credentials|headers|methods)|\bcors\s*\(|\bCORS\s*\("
    r"|CORSMiddleware|allow_origins|allowedorigins|alloworigins|allowallorigins"
    r"|cors_allow_all|cors_origin_allow_all|cors_allowed_origins|cors_origin_whitelist"
    r"|@crossorigin|addcorsmappings|allowcredentials|allow_credentials|\borigin\s*:\s*(?:true"
    r"|['\"]\*))"
)
GUARD_OFF = (
    r"(?:\bskip_before_action\s+:(?:verify_authenticity_token|authenticate\w*|require_\w*"
    r"|ensure_\w*|check_\w*|authorize\w*)|\bcsrf_exempt\b|\.csrf\s*\(\s*\w*\s*->\s*\w*\.disable"
    r"|\.csrf\(\)\s*\.disable\(\)|\bAllowAnonymous\b|@PermitAll\b|@Public\s*\(|\bAllowAny\b"
    r"|\bpermitAll\s*\(\)|\bisPublic\s*[:=]\s*true|\bauth\s*:\s*false|\bWTF_CSRF_ENABLED\s*=\s*"
    r"False|\bprotect_from_forgery\s+with:\s*:null_session|\bverify\s*=\s*False"
    r"|InsecureSkipVerify\s*:\s*true|rejectUnauthorized\s*:\s*false)"
)
EXPOSURE = (
    r"(?:\bexposure\b.*\binclude\b|^\s*include\s*[:=]\s*['\"]?\*['\"]?\s*$"
    r"|\bshow-values\s*:\s*always|\bshow-details\s*:\s*always|\bexpose\s*:\s*true)"
)
K8S_EXPOSED = (
    r"(?:^\s*type\s*:\s*['\"]?(?:LoadBalancer|NodePort)\b|\bhostNetwork\s*:\s*true|\bhostPort\s*:"
    r"|\bnodePort\s*:|internet-facing|load-balancer-scheme|^\s*kind\s*:\s*(?:Ingress|HTTPRoute"
    r"|GRPCRoute|TCPRoute|TLSRoute|Gateway|IngressRoute|VirtualService|Route)\s*$"
    r"|\bexternalIPs\s*:|\bloadBalancerSourceRanges\s*:|^\s*(?:ingress|httpRoute|route|gateway)"
    r"\s*:\s*$|\.Values\.(?:ingress|httpRoute|gateway|route)\.enabled)"
)
COMPOSE_PORT = (
    r"(?:^\s*-\s*['\"]?(?:\d{1,3}(?:\.\d{1,3}){3}:)?\d+(?:-\d+)?:\d+(?:-\d+)?(?:/\w+)?['\"]?\s*$"
    r"|^\s*published\s*:|\bnetwork_mode\s*:\s*['\"]?host|^\s*-\s*['\"]?\d+['\"]?\s*$)"
)
TF_OPEN = (
    r"(?:\bcidr_blocks\s*=\s*\[[^\]]*0\.0\.0\.0/0|\bipv6_cidr_blocks\s*=.*::/0|\bcidr_ipv[46]\s*=\s*"
    r"\"(?:0\.0\.0\.0/0|::/0)|\bsource_ranges\s*=.*0\.0\.0\.0/0|\bsource_address_prefix(?:es)?\s*="
    r"\s*.*(?:\"\*\"|Internet|0\.0\.0\.0/0)|\binternal\s*=\s*false|\bscheme\s*=\s*\"internet-facing"
    r"|\bacl\s*=\s*\"public-read(?:-write)?\"|\bblock_public_\w+\s*=\s*false"
    r"|\brestrict_public_buckets\s*=\s*false|\bignore_public_acls\s*=\s*false"
    r"|\bpublicly_accessible\s*=\s*true|\bassociate_public_ip_address\s*=\s*true"
    r"|\bmap_public_ip_on_launch\s*=\s*true|resource\s+\"(?:aws_lb_listener|aws_alb_listener"
    r"|aws_api_gateway_\w+|aws_apigatewayv2_\w+|aws_lambda_function_url|aws_cloudfront_distribution"
    r"|google_compute_firewall|azurerm_public_ip|aws_eip|aws_internet_gateway"
    r"|aws_lambda_permission)\"|\bauthorization\s*=\s*\"NONE\"|\bauthorization_type\s*=\s*\"NONE\""
    r"|\"Principal\"\s*:\s*\"\*\"|\bPrincipal\s*=\s*\"\*\"|\bidentifiers\s*=\s*\[\s*\"\*\"\s*\]"
    r"|\ballUsers\b|\ballAuthenticatedUsers\b|\bpublic_network_access_enabled\s*=\s*true"
    r"|\bfrom_port\s*=\s*(?:22|3389|3306|5432|6379|27017|9200)\b)"
)
# decisions about who someone is or what they may do
AUTH_CODE = (
    r"(?:\bjwt\.(?:sign|verify|encode|decode|Parse\w*|NewWithClaims)\b|\bjsonwebtoken\b|\bJwts\."
    r"|\b(?:signWith|setSigningKey|verifyWith|parseClaimsJws|parseSignedClaims|setExpiration"
    r"|expiration)\s*\(|\bSignJWT\b|\bjwtVerify\b|\bjose\.|\bcreate_(?:access|refresh)_token\b"
    r"|\b(?:decode|verify)_(?:access_|refresh_)?(?:token|jwt)\b|@jwt_required|\bJWTManager\b"
    r"|\bbcrypt\b|\bBCrypt\b|\bargon2\b|\bArgon2\b|\bscrypt\b|\bpbkdf2\b|\bPBKDF2\b|\bhashpw\b"
    r"|\bcheckpw\b|\bgensalt\b|\bPasswordEncoder\b|\bcreateDelegatingPasswordEncoder\b"
    r"|\b(?:make|check|set)_password\b|\bpassword_(?:hash|verify)\s*\(|\bhas_secure_password\b"
    r"|\bauthenticate_by\b|\b(?:generate|check)_password_hash\b|\bCryptContext\b|\bpasslib\b"
    r"|\bcreateHmac\b|\btimingSafeEqual\b|\bcompare_digest\b|\bConstantTimeCompare\b"
    r"|\bsecure_compare\b|\bValidatePayload\b|\bconstructEvent\b|\bconstruct_event\b"
    r"|\bverify_signature\b|\bverifySignature\b|\bhmac\.(?:new|Equal|New)\b"
    r"|\b(?:totp|hotp|TOTP|HOTP|ROTP|pyotp|otplib|speakeasy|webauthn|WebAuthn|passkey|Passkey)\b"
    r"|\b(?:two_factor|twoFactor|TwoFactor|mfa|MFA|2fa)\w*\s*[(=:]|\bverify_otp\b|\bverifyOtp\b"
    r"|\bsession\s*\[\s*[:'\"]?\w+['\"]?\s*\]\s*=(?!=)|\breq\.session\.\w+\s*=(?!=)"
    r"|\bsession\.(?:permanent|regenerate|invalidate|setMaxInactiveInterval)\b"
    r"|\b(?:PERMANENT_SESSION_LIFETIME|SESSION_COOKIE_\w+|SESSION_EXPIRE\w*|ACCESS_TOKEN_EXPIRE\w*"
    r"|REFRESH_TOKEN_EXPIRE\w*|JWT_\w*(?:EXPIR|SECRET|ALGORITHM)\w*|SIMPLE_JWT|AUTH_PASSWORD_VALIDATORS"
    r"|PASSWORD_HASHERS|AUTHENTICATION_BACKENDS|LOGIN_URL)\b|\bexpiresIn\s*:|\bexpires_in\s*[:=]"
    r"|\bexpire_after\b|\bmaxAge\s*:|\bmax_age\s*[:=]|\bhttpOnly\s*:|\bsameSite\s*:"
    r"|\bsecure\s*:\s*(?:true|false)|\bexpress-session\b|\bcookie-session\b|\bSessionMiddleware\b"
    r"|\bsessionManagement\s*\(|\blogin_user\s*\(|\blogout_user\s*\(|\bsign_in\s*\(|\breset_session\b"
    r"|\bhttp\.Cookie\s*\{|\bset_cookie\s*\(|\bsetCookie\s*\("
    r"|\brate_?limit\w*|\bRateLimit\w*|\bthrottl\w*|\bThrottl\w*|\bLimiter\s*\(|\blimiter\.limit\b"
    r"|\bexpress-rate-limit\b|\bslowapi\b|Rack::Attack|\bratelimit\b"
    r"|@(?:PreAuthorize|PostAuthorize|Secured|RolesAllowed|PermitAll|DenyAll)\b|\bhas(?:Any)?Role\s*\("
    r"|\bhas(?:Any)?Authority\s*\(|\bhasPermission\s*\(|\bpermitAll\s*\(|\bdenyAll\s*\("
    r"|\.authenticated\s*\(|\.anonymous\s*\(|\b(?:request|antM|mvcM|securityM)atchers\s*\("
    r"|\bauthorizeHttpRequests\b|\bauthorizeRequests\b|\bSecurityFilterChain\b|\bhttpBasic\s*\("
    r"|\bformLogin\s*\(|\boauth2Login\s*\(|\boauth2ResourceServer\s*\(|\bAuthenticationManager\b"
    r"|\bUserDetailsService\b|\bpermission_classes\b|\bauthentication_classes\b|\bIsAuthenticated\w*"
    r"|\bAllowAny\b|\bIsAdminUser\b|\bhas_(?:object_)?permission\b|@login_required\b"
    r"|@permission_required\b|@user_passes_test\b|\bLoginRequiredMixin\b|\bPermissionRequiredMixin\b"
    r"|\bis_superuser\b|\bis_staff\b|\bis_admin\b|\bisAdmin\b|\bIsAdmin\b|\badmin\?"
    r"|\b(?:moderator|staff|owner)\?|\brole\s*(?:==|!=|===|!==|\bin\b)|\.role\s*(?:==|!=|===|!==)"
    r"|\broles?\s*:\s*\[|@Roles\s*\(|@UseGuards\s*\(|\bAuthGuard\b|\bcanActivate\s*\("
    r"|\bCanActivate\b|\bbefore_action\s+:(?:authenticate|require|authorize|ensure|check|verify)\w*"
    r"|\bskip_before_action\b|\bauthorize!?\s*[(@:]|\bcan\?|\bcannot\?|\bpolicy_scope\b"
    r"|\bDepends\s*\(\s*(?:get_current|current_user|require|verify|auth)\w*|\bSecurity\s*\("
    r"|\bHTTPBearer\b|\bOAuth2PasswordBearer\b|\bAPIKeyHeader\b|\bverify_api_key\b"
    r"|\bhas_valid_api_key\b|\bapi_key\s*(?:==|!=)|[xX]-[aA]pi-[kK]ey|\brequireAuth\w*"
    r"|\bensureAuth\w*|\bisAuthenticated\s*\(|\bpassport\.authenticate\b|\bauthenticate\s*\("
    r"|\bauthenticated\?|\bimpersonat\w*|\bsudo_mode\b|\bbecome_user\b|\blogin_as\b|\bswitch_user\b"
    r"|\brequire_admin\b|\badmin_required\b|\bcheck_permission\w*|\bcheckPermission\w*"
    r"|\bauthorize_\w+|\bcurrent_user\.(?:admin|moderator|staff)"
    r"|\babort\s*\(\s*40[13]\b|\.status\s*\(\s*40[13]\b|\bHTTP_40[13]\w*|\bstatus_code\s*=\s*40[13]"
    r"|\bstatus\.HTTP_40[13]|\bStatus(?:Unauthorized|Forbidden)\b|\bHttpStatus\.(?:UNAUTHORIZED"
    r"|FORBIDDEN)\b|\bhead(?:\s*\(\s*|\s+):(?:unauthorized|forbidden)|\bHttpResponseForbidden\b"
    r"|\bPermissionDenied\b|\bAccessDenied\w*|\bForbidden(?:Exception|Error)\b"
    r"|\bUnauthorized(?:Exception|Error)\b|\bUnauthorizedException\b"
    r"|\brecovery_codes?\b|\brefresh_token\b|\bid_token\b|\bcode_verifier\b"
    r"|\b(?:token|secret|nonce|otp|code|salt|key)\w*\s*[:=]\s*(?:await\s+)?[\w.]*(?:randomBytes"
    r"|token_hex|token_urlsafe|token_bytes|SecureRandom|urandom|randomUUID|uuid4|rand\.Read"
    r"|getRandomValues|generate_token|make_token|friendly_token|random_string)"
    r"|\bhas_secure_token\b|\bgenerates_token_for\b|\bsigned_id\b|\bdefault_token_generator\b"
    r"|\bsecrets\.token_\w+|\bSecureRandom\.\w+|\brandomBytes\s*\("
    r"|\b(?:SigningKey|signingKey|signing_key|SIGNING_KEY|VerificationKey|verificationKey)\b"
    r"|\b\w*[jJ]wt\w*\.\w*(?:Config|Middleware|Auth|Verify|Parse|New)\w*\s*\("
    r"|\b[jJ]wt\w*(?:Strategy|Guard|Module|Filter|Decoder|Encoder|Middleware)\b"
    r"|\bexpress-jwt\b|\bexpressjwt\b)"
)
# what an authentication flow is called: evidence where it is defined, not where it is named
AUTH_NAME = (
    r"(?:(?<![a-zA-Z])(?:log_?in|sign_?in|log_?out|sign_?out|authenticate|logIn|signIn|logOut"
    r"|signOut)(?![a-z])|(?:reset|forgot|change|update)_?[pP]assword|(?:Reset|Forgot|Change"
    r"|Update)Password|[pP]assword_?[rR]eset|[rR]eset_?[tT]oken|[rR]ecover\w*[aA]ccount"
    r"|[mM]agic_?[lL]ink|(?:verify|confirm)_?[eE]mail|(?:Verify|Confirm)Email|[iI]mpersonat)"
)
# a function's definition: def, function, method, or a function assigned to a name; ``name``
# is the defined name
DEFINITION = (
    r"(?:^\s*(?:export\s+)?(?:async\s+)?(?:def|function\*?|func|fun|sub)\s+(?:\([^)]*\)\s*)?"
    r"(?P<name>[\w$]+)"
    r"|^\s*(?:export\s+)?(?:const|let|var)\s+(?P<name2>[\w$]+)\s*=\s*(?:async\s*)?"
    r"(?:\(|function|[\w$]+\s*=>)"
    r"|^\s*(?:module\.)?exports\.(?P<name3>[\w$]+)\s*=\s*(?:async\s*)?(?:\(|function)"
    r"|^\s*(?:(?:public|private|protected|internal|static|override|suspend|async|final"
    r"|synchronized)\s+)*(?:[\w<>\[\],.?]+\s+)?(?P<name4>[a-zA-Z_$][\w$]*)\s*\([^()]*\)\s*"
    r"(?:throws\s+[\w.,\s]+)?\{\s*$)"
)
# a step that only tells or shows something about authentication decides nothing
NOT_A_DECISION = r"^(?:send|notify|mail|email|render|show|display|track|get|fetch|log(?!_?in|In))"
AUTH_CONFIG = (
    r"(?i:(?:jwt|token|session|cookie|auth|password|login|oauth|oidc|saml)[\w.-]*"
    r"(?:expir\w*|ttl|lifetime|timeout|max-?age|secret|signing|algorithm|issuer|audience"
    r"|enabled|required|policy|min-?length|attempts|lockout|provider|client-?id|secure|httponly"
    r"|same-?site)\s*[:=])"
)
GUARD_REMOVED = (
    r"(?:@(?:PreAuthorize|Secured|RolesAllowed|UseGuards|login_required|permission_required"
    r"|user_passes_test|jwt_required)\b|\bpermission_classes\b|\bbefore_action\s+:(?:authenticate"
    r"|require|authorize|ensure|check|verify)\w*|\bhas(?:Any)?(?:Role|Authority)\s*\("
    r"|\.authenticated\s*\(|\bauthorize!?\s*[(@:]|\bDepends\s*\(\s*(?:get_current|current_user"
    r"|require|verify|auth)\w*|\brequireAuth\w*|\bensureAuth\w*|\bisAuthenticated\s*\("
    r"|\bpassport\.authenticate\b|\babort\s*\(\s*40[13]\b|\.status\s*\(\s*40[13]\b"
    r"|\bstatus_code\s*=\s*40[13]|\bstatus\.HTTP_40[13]|\bStatus(?:Unauthorized|Forbidden)\b"
    r"|\bHttpStatus\.(?:UNAUTHORIZED|FORBIDDEN)\b|\bhead(?:\s*\(\s*|\s+):(?:unauthorized|forbidden)"
    r"|\bHttpResponseForbidden\b|\bPermissionDenied\b|\b(?:Forbidden|Unauthorized)(?:Exception"
    r"|Error)\b|\bis_superuser\b|\bisAdmin\b|\bis_admin\b|\badmin\?|\brole\s*(?:==|!=|===|!==)"
    r"|\bcan\?|\bcannot\?|\bcheck_permission\w*|\brequire_admin\b|\bcsrf_protect\b"
    r"|\bverify_authenticity_token\b)"
)
DATA_WRITE = (
    r"(?:(?<![.\w])[A-Z]\w*\.(?:create|update|updateOne|updateMany|insert|insertOne|insertMany"
    r"|findOneAndUpdate|findByIdAndUpdate|upsert|save|update_attribute|update_column"
    r"|update_columns|insert_all|upsert_all)!?\s*\(|\.objects\.(?:create|update|update_or_create"
    r"|get_or_create|bulk_create)\s*\(|\bprisma\.\w+\.(?:create|update|upsert)\w*\s*\("
    r"|\b\w*[Rr]epository\.save\w*\s*\(|\bdb\.(?:session\.)?add\s*\(|\bINSERT\s+INTO\b"
    r"|\bUPDATE\s+\w+\s+SET\b|\b(?:set|hset|setex|hmset|put)\s*\(\s*[\w'\"`]*(?:token|session|otp)"
    r"|\bopen\s*\(.*['\"][wa]b?\+?['\"]|\bfs\.(?:writeFile|appendFile|createWriteStream)\w*\s*\("
    r"|\bFile\.(?:write|open\s*\(.*['\"][wa])|\bos\.WriteFile\s*\(|\bFiles\.write\s*\("
    r"|\bwrite_text\s*\(|\bwrite_bytes\s*\()"
)
FIELD_DECLARATION = (
    r"(?:^\s*(?:(?:public|private|protected|readonly)\s+)*\w+[?!]?\s*(?::(?!:)|=(?![=>~]))"
    r"|^\s*(?:(?:private|public|protected|static|final|transient)\s+)+[\w<>\[\],.?]+\s+\w+\s*[;=]"
    r"|@Column\b|@Field\b"
    r"|@Prop\s*\(|@Property\s*\(|\bColumn\s*\(|\bmapped_column\s*\(|\bmodels\.\w+Field\s*\("
    r"|\bfields\.\w+\s*\(|\bt\.\w+\s+[:'\"]|\badd_column\b|\badd_reference\b|\bcreate_table\b"
    r"|\bencrypts\s+:|\battribute\s+:|\bserialize\s+:|^\s*\w+\s+(?:String|Int|DateTime|Json"
    r"|Boolean|Bytes)\b)"
)
OBJECT_STORE = (
    r"(?:\bPutObjectCommand\b|\bput_object\s*\(|\bputObject\s*\(|\bupload_file(?:obj)?\s*\("
    r"|\bupload_blob\s*\(|\bupload_from_\w+\s*\(|\bPutObject(?:WithContext)?\s*\("
    r"|\bPutObjectRequest\b|\bUpload(?:Stream)?ToBucket|\.bucket\(.*\)\.upload\s*\()"
)
STORAGE_RESOURCE = (
    r"(?:resource\s+\"(?:aws_s3_bucket|aws_db_instance|aws_rds_cluster\w*|aws_dynamodb_table"
    r"|aws_elasticache_\w+|aws_efs_file_system|aws_ebs_volume|aws_opensearch_domain"
    r"|aws_elasticsearch_domain|aws_redshift_cluster|aws_kinesis_\w+|aws_sqs_queue"
    r"|aws_cloudwatch_log_group|aws_secretsmanager_secret|aws_ssm_parameter|aws_backup_\w+"
    r"|aws_docdb_cluster|aws_neptune_cluster|aws_glacier_vault|google_storage_bucket"
    r"|google_sql_database_instance|google_bigquery_\w+|google_firestore_\w+|google_redis_instance"
    r"|azurerm_storage_\w+|azurerm_(?:mssql|postgresql|mysql|cosmosdb)\w*|azurerm_redis_cache"
    r"|azurerm_key_vault\w*)\"|^\s*kind\s*:\s*(?:PersistentVolumeClaim|PersistentVolume"
    r"|StatefulSet)\s*$|^\s*volumeClaimTemplates\s*:)"
)
RETENTION = (
    r"(?i:\b\w*retention\w*\s*[:=(]|\bretain_days\b|\bexpiration\s*\{|\bexpire_after\b"
    r"|\bexpires_after\b|\blifecycle_rule\b|\bnoncurrent_version_expiration\b|\bttl\s*[:=]"
    r"|\bdelete_after\w*|\bmax_age_days\b|\bkeep_for\b|\bpurge_after\w*)"
)
CI_SENSITIVE = (
    r"(?:^\s*on\s*:|^\s*['\"]?on['\"]?\s*:|^\s*(?:push|pull_request|pull_request_target"
    r"|workflow_dispatch|workflow_run|workflow_call|schedule|release|repository_dispatch"
    r"|issue_comment|merge_group|tags|branches|branches-ignore|paths)\s*:"
    r"|\bpermissions\s*:|^\s*(?:contents|packages|id-token|actions|deployments|pull-requests"
    r"|issues|security-events|statuses|checks|pages|attestations)\s*:\s*write|\bsecrets\."
    r"|\$\{\{\s*secrets|\bsecrets\s*:\s*inherit|\benvironment\s*:|\bGITHUB_TOKEN\b"
    r"|\bdocker\s+(?:push|login)\b|\bnpm\s+publish\b|\btwine\s+upload\b|\bgh\s+release\b"
    r"|\bpoetry\s+publish\b|\bcargo\s+publish\b|\bgem\s+push\b|\bkubectl\s+apply\b|\bhelm\s+upgrade"
    r"|\bterraform\s+apply\b|\bdeploy\w*\s*:|\bpublish\w*\s*:|\bregistry\s*:|\bpassword\s*:"
    r"|\busername\s*:|\btoken\s*:|\bpersist-credentials\b|\bruns-on\s*:\s*self-hosted"
    r"|^\s*(?:rules|only|except|when|stages|trigger|include|extends|resource_group"
    r"|protected|needs)\s*:|\$CI_\w*(?:TOKEN|PASSWORD)\b|\$\{?\w*(?:TOKEN|SECRET|PASSWORD|_KEY)"
    r"\b|\bstage\s*:\s*['\"]?(?:deploy|release|publish|production))"
)
MUTABLE_ACTION = r"(?:^\s*(?:-\s*)?uses\s*:\s*['\"]?(?!\./|docker://)[\w.-]+/[\w./-]+@(?![0-9a-f]{40}\b)[\w./-]+)"
CURL_PIPE = (
    r"(?:\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b"
    r"|\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:python\d?|node|ruby|perl|bash|iex)\b"
    r"|\biwr\b.*\|\s*iex)"
)
UNPINNED_INSTALL = (
    r"(?:\bpip3?\s+install\s+(?:--?[\w-]+(?:[= ][^\s-]\S*)?\s+)*(?!-r\b|-e\b|\.|/)[A-Za-z][\w.-]*"
    r"(?:\[[\w,]+\])?(?:\s|$)(?!.*==)|\bnpm\s+(?:install|i)\s+(?:-g|--global)\s+(?:@?[\w./-]+)"
    r"(?!@\d)(?:\s|$)|\bnpx\s+(?:-y\s+)?@?[\w./-]+@latest\b|\bgo\s+install\s+\S+@latest\b"
    r"|\bgem\s+install\s+[\w-]+(?!.*(?:-v|--version))\s*$|\bcargo\s+install\s+[\w-]+\s*$"
    r"|\b(?:curl|wget)\s+[^|]*\.(?:sh|py|exe|msi|deb|rpm)\b(?!.*(?:sha256|sha512|gpg|cosign)))"
)
IMAGE_REF = (
    r"(?:^\s*(?:-\s*)?['\"]?image['\"]?\s*:\s*['\"]?[\w./-]+(?::[\w.-]+)?['\"]?\s*$"
    r"|^\s*tag\s*:\s*['\"]?[\w.-]+['\"]?\s*$)"
)
MUTABLE_IMAGE = (
    r"(?:^\s*(?:-\s*)?['\"]?image['\"]?\s*:\s*['\"]?[\w./-]+(?::(?:latest|main|master|stable|edge"
    r"|nightly|dev))?['\"]?\s*$|^\s*tag\s*:\s*['\"]?(?:latest|main|master|stable|edge)['\"]?\s*$)"
)
NEW_TABLE = (
    r"(?i:\bcreate_table\b|\bCREATE\s+TABLE\b|\bop\.create_table\b|\bcreateTable\b"
    r"|\bSchema::create\b|^\s*model\s+\w+\s*\{|\bmigrations\.CreateModel\b)"
)
LINKED_TO_PEOPLE = (
    r"(?i:\b(?:user|author|account|owner|customer|member|person|patient|recipient|sender"
    r"|moderator|employee|client|subscriber|student)_?id\b|\breferences[\s(:'\"]+(?:users?"
    r"|accounts?|customers?|members?)\b|\bbelongs_to[\s(]*:(?:user|account|customer|member)"
    r"|\bREFERENCES\s+['\"`]?(?:users|accounts|customers|members|people|persons)\b"
    r"|\bForeignKey\s*\(\s*['\"]?(?:users?|accounts?|customers?|auth\.User|settings\.AUTH_USER)"
    r"|\bsettings\.AUTH_USER_MODEL\b|@relation\b.*\b(?:User|Account|Customer)\b)"
)
WIRING = (
    r"(?:^\s*(?:import\b|from\s+\S+\s+import\b|export\s*\{|export\s+\*|require\s|use\s)"
    r"|\brequire(?:_relative)?\s*\(|^(?=[^,]*,)[\s{}\w$.,]+$"
    r"|^\s*['\"]?[\w$]+['\"]?\s*:\s*[\{\[]?\s*$)"
)
DECLARATION = (
    r"(?:^\s*(?:export\s+)?(?:async\s+)?(?:def|function|func|fun|class|interface|type|struct)\b"
    r"|^\s*(?:public|private|protected|internal)\b[^=]*\()"
)
SIGNING = (
    r"(?i:\bcosign\b|\bsigstore\b|\bslsa\b|\bprovenance\b|\battest\w*|\bsbom\b|\bnotation\s+sign"
    r"|\bimage_tag_mutability\b|\bimmutable_tags?\b|\bcontent[-_]trust\b|\bgpg\s+--verify)"
)
TF_SUPPLY = (
    r"(?:^\s*source\s*=\s*\"(?!\./|\.\./)[^\"]+\"|^\s*required_providers\b|^\s*provider\s+\"\w+\""
    r"|^\s*version\s*=\s*\"[~><=!^ \d.,]+\"\s*$)"
)
NPM_DEP = (
    r"(?:^\s*\"(?!(?:version|name|description|main|module|types|typings|license|author"
    r"|homepage|private|type|node|npm|yarn|pnpm|engines|packageManager|workspaces|browser"
    r"|bin|files|exports|sideEffects|repository|bugs|keywords|scripts|config|publishConfig"
    r"|funding|contributors|maintainers|directories|gitHead|url|email|test|lint|build|start"
    r"|dev|format|typecheck|prepare|release)\")[@\w./-]+\"\s*:\s*\"(?:[\^~<>=*v]*\d|latest|next"
    r"|\*|x|git\+|git:|github:|https?:|file:|link:|workspace:|npm:|catalog:)"
    r"|^\s*\"(?:pre|post)?install\"\s*:|^\s*\"(?:overrides|resolutions|pnpm)\"\s*:)"
)
PY_DEP = (
    r"(?:^\s*['\"][A-Za-z0-9][\w.\-\[\],]*\s*(?:[=<>!~]=?|@|;|['\"])|^\s*(?!(?:name|version"
    r"|description|readme|license|authors?|maintainers|keywords|classifiers|python|requires-python"
    r"|homepage|repository|documentation|packages|include|exclude|build-backend|requires"
    r"|line-length|target-version|select|ignore|testpaths|addopts|markers|strict|files)\b)"
    r"[A-Za-z0-9][\w.-]*\s*=\s*(?:['\"][\^~<>=*]?\d|\{\s*(?:version|git|path|url)|['\"]\*)"
    r"|\binstall_requires\b|\bextras_require\b|^\s*dependencies\s*=|\bsetup_requires\b)"
)
REQUIREMENT = (
    r"(?:^\s*(?!-r\b|-c\b|--)(?:[A-Za-z0-9][\w.\-\[\],]*|git\+\S+|https?://\S+)\s*"
    r"(?:[=<>!~]=?|@|;|$|\[|#))"
)
GO_DEP = (
    r"(?:^\s*(?:require\s+)?[\w-]+(?:\.[\w-]+)+(?:/[\w.~-]+)+\s+v\d|^\s*replace\b"
    r"|^\s*[\w-]+(?:\.[\w-]+)+/\S+\s+=>)"
)
GEM_DEP = (
    r"(?:^\s*gem\s+['\"]|\badd_(?:runtime_|development_)?dependency\b|^\s*source\s+['\"]"
    r"|^\s*git_source\b)"
)
MAVEN_DEP = r"(?:<(?:artifactId|dependency|plugin|version|repository|url)>)"
GRADLE_DEP = (
    r"(?:^\s*(?:implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly"
    r"|annotationProcessor|kapt|ksp|classpath|compile|runtime|developmentOnly|testCompileOnly"
    r"|platform|enforcedPlatform)(?:\s*\(\s*|\s+)['\"(]|^\s*id(?:\s*\(\s*|\s+)['\"][\w.-]+['\"](?:\s*\))?\s*"
    r"version|\b\w+[Vv]ersion\s*=\s*['\"]|^\s*[\w-]+\s*=\s*\{\s*(?:module|group|id)\s*=|^\s*[\w-]+"
    r"\s*=\s*['\"][\d.]+['\"]|\bmavenCentral\b|\bmaven\s*\{|\burl\s*[=(]|\bjcenter\b)"
)
CARGO_DEP = (
    r"(?:^\s*(?!(?:name|version|edition|authors|description|license|readme|repository"
    r"|homepage|documentation|keywords|categories|rust-version|publish|build|exclude|include"
    r"|resolver|members|default-run|autobins|links)\b)[\w-]+\s*=\s*(?:['\"][\^~<>=*]?\d|\{))"
)
CHART_DEP = r"(?:^\s*(?:-\s*)?(?:name|version|repository|alias)\s*:|^\s*dependencies\s*:)"
FROM_IMAGE = r"(?:^\s*FROM\s+)"
MIX_DEP = r"(?:\{\s*:\w+\s*,\s*['\"][~><=]*\s*\d)"


ROWS: tuple[Row, ...] = (
    # ------------------------------------------------------------ trust-boundary
    Row("py-route", "trust-boundary", ("python",), ROUTE_PY, "adds an HTTP route or view"),
    Row(
        "django-url",
        "trust-boundary",
        ("django-urls",),
        r"(?:\b(?:re_)?path\s*\(|\burl\s*\(|\brouter\.register\s*\()",
        "adds a URL route",
    ),
    Row("js-route", "trust-boundary", ("js",), ROUTE_JS, "adds an HTTP route, handler or resolver"),
    Row("next-route", "trust-boundary", ("nextjs-route",), ROUTE_NEXT, "adds a route handler"),
    Row("go-route", "trust-boundary", ("go",), ROUTE_GO, "adds an HTTP or RPC handler"),
    Row(
        "jvm-route", "trust-boundary", ("jvm",), ROUTE_JVM, "adds an endpoint, resolver or listener"
    ),
    Row("rails-route", "trust-boundary", ("rails-routes",), ROUTE_RUBY, "adds a route"),
    Row("sinatra-route", "trust-boundary", ("ruby",), SINATRA, "adds an HTTP route"),
    Row(
        "graphql-ruby",
        "trust-boundary",
        ("ruby",),
        GRAPHQL_RUBY,
        "adds a GraphQL field or mutation",
        path=r"graphql/.*(?:query|mutation|subscription)_type\.rb$|graphql/mutations/",
    ),
    Row(
        "graphql-root",
        "trust-boundary",
        ("graphql",),
        r"(?:^\s*\w+\s*(?:\(.*)?:\s*\S|^\s*(?:extend\s+)?type\s+(?:Query|Mutation|Subscription)\b)",
        "adds a GraphQL query, mutation or subscription",
        unless=r"^\s*(?:type|input|enum|interface|union|scalar|schema)\s+(?!Query|Mutation|Subscr)",
    ),
    Row("proto-rpc", "trust-boundary", ("proto",), r"^\s*rpc\s+\w+", "adds an RPC method"),
    Row(
        "listen",
        "trust-boundary",
        (*CODE, "shell", "dockerfile", "deploy", "compose", "k8s"),
        LISTEN,
        "listens on a port or on every interface",
    ),
    Row(
        "cors", "trust-boundary", (*CODE, *CONFIG, "deploy"), CORS, "changes which origins may call"
    ),
    Row(
        "guard-off",
        "trust-boundary",
        (*CODE, *CONFIG),
        GUARD_OFF,
        "lets requests in without authentication or a check",
    ),
    Row(
        "guard-removed",
        "trust-boundary",
        CODE,
        GUARD_REMOVED,
        "removes an authentication or permission check",
        side="removed",
    ),
    Row(
        "actuator-exposure",
        "trust-boundary",
        ("yaml", "properties", "deploy"),
        EXPOSURE,
        "exposes management endpoints",
    ),
    Row(
        "docker-expose",
        "trust-boundary",
        ("dockerfile",),
        r"(?i:^\s*EXPOSE\s+\d)",
        "exposes a port",
    ),
    Row(
        "compose-port", "trust-boundary", ("compose",), COMPOSE_PORT, "publishes a port on the host"
    ),
    Row(
        "k8s-exposed",
        "trust-boundary",
        ("k8s", "yaml", "deploy"),
        K8S_EXPOSED,
        "exposes a service outside the cluster",
    ),
    Row(
        "tf-open",
        "trust-boundary",
        ("terraform",),
        TF_OPEN,
        "opens a resource to the internet or to anyone",
    ),
    # ------------------------------------------------------------ auth
    Row(
        "auth-code",
        "auth",
        CODE,
        AUTH_CODE,
        "changes how identity or permission is decided",
        unless=WIRING,
    ),
    Row(
        "auth-flow",
        "auth",
        CODE,
        AUTH_NAME,
        "defines a login, logout, recovery or verification step",
        requires=DEFINITION,
        unless=NOT_A_DECISION,
        head=True,
    ),
    Row(
        "auth-config",
        "auth",
        ("yaml", "properties", "toml", "conf"),
        AUTH_CONFIG,
        "changes authentication or session settings",
    ),
    Row(
        "auth-removed",
        "auth",
        CODE,
        GUARD_REMOVED,
        "removes an authentication or permission check",
        side="removed",
    ),
    Row(
        "identity-provider",
        "auth",
        CODE,
        r"(?:\boauth2Login\s*\(|\bNextAuth\s*\(|Strategy\s*\(|\bOAuth2Client\b|\bomniauth\b)",
        "adds a way to sign in",
    ),
    # ------------------------------------------------------------ external-integration
    Row(
        "sdk-import",
        "external-integration",
        CODE,
        IMPORT,
        "brings in a third-party service's SDK",
        requires=VENDOR,
    ),
    Row("sdk-client", "external-integration", CODE, SDK_INIT, "creates a third-party client"),
    Row(
        "outbound-url",
        "external-integration",
        (*CODE, *CONFIG),
        URL,
        "calls an outside host",
        requires=f"(?:{HTTP_CLIENT}|(?i:(?:url|uri|endpoint|host|api|webhook|collector"
        r"|server|base)\w*['\"]?\s*[:=(]))",
    ),
    Row(
        "identity-provider",
        "external-integration",
        CODE,
        IDENTITY_PROVIDER,
        "adds an identity provider",
    ),
    # ------------------------------------------------------------ data-flow
    Row(
        "log-sensitive",
        "data-flow",
        CODE,
        LOG_CALL,
        "writes personal or secret data to the logs",
        requires=SENSITIVE,
        code_view=True,
    ),
    Row(
        "print-sensitive",
        "data-flow",
        ("ruby",),
        RUBY_PRINT,
        "writes personal or secret data to the logs",
        requires=SENSITIVE,
        code_view=True,
    ),
    Row(
        "third-party-data",
        "data-flow",
        CODE,
        PERSONAL_DATA,
        "sends personal data or tokens to a third party",
        code_view=True,
        needs=EXTERNAL_ANY,
        unless=f"(?:{WIRING}|{DECLARATION})",
    ),
    Row(
        "serializer",
        "data-flow",
        ("serializer",),
        SENSITIVE,
        "exposes personal or secret data in a serialised response",
    ),
    Row(
        "serializer-fields",
        "data-flow",
        CODE,
        r"(?:^\s*fields\s*=|\bas_json\b|\bto_json\b|\bserializable_hash\b|@JsonProperty"
        r"|\bjsonify\s*\(|\bres\.json\s*\(|\bres\.send\s*\(|\brender\s+json:|\bJsonResponse\s*\("
        r"|\bResponse\.json\s*\(|\bc\.JSON\s*\(|\bjson\.NewEncoder\b|\bResponseEntity\.ok\s*\()",
        "exposes personal or secret data in a response",
        requires=SENSITIVE,
        code_view=True,
    ),
    Row(
        "serializer-all",
        "data-flow",
        ("python",),
        r"^\s*fields\s*=\s*['\"]__all__['\"]",
        "exposes every field of a model",
    ),
    Row(
        "export",
        "data-flow",
        CODE,
        r"(?i:\bcsv\b|writerow|to_csv|to_excel|\bexport\w*\s*\(|send_file|send_data|xlsx)",
        "exports personal or secret data",
        requires=SENSITIVE,
        code_view=True,
    ),
    Row(
        "cache",
        "data-flow",
        CODE,
        r"(?:\bcache\.(?:set|add|put|write|set_many)\b|Rails\.cache\.write|\bredis\.\w*set\w*\b"
        r"|\.(?:setex|hset|hmset)\s*\(|\b(?:local|session)Storage\.setItem\b|\bAsyncStorage\.setItem"
        r"|@Cacheable\b|\bmemcache\w*\.set)",
        "caches personal or secret data",
        requires=SENSITIVE,
        code_view=True,
    ),
    Row(
        "tracker-data",
        "data-flow",
        (*CODE, *CONFIG),
        r"(?:\bsend_default_pii\s*=\s*True|\bsendDefaultPii\s*:\s*true|\benable_tracing\s*="
        r"|\btraces_sample_rate\s*=|\btracesSampleRate\s*:|\bprofiles_sample_rate\s*="
        r"|\bprofilesSampleRate\s*:|\binclude_local_variables\s*=\s*True|\battachStacktrace\s*:"
        r"|\breplaysSessionSampleRate\s*:|\bSentry\.setUser\b|\bset_user\s*\(|\bsetUser\s*\("
        r"|\banalytics\.(?:track|identify|page)\b|\bposthog\.(?:capture|identify)\b"
        r"|\bmixpanel\.\w+\.(?:track|set)\b|\bgtag\s*\(|\bdataLayer\.push\b|\bidentify\s*\()",
        "sends request data, traces or user details to a tracker",
    ),
    # ------------------------------------------------------------ data-storage
    Row(
        "migration-sensitive",
        "data-storage",
        ("migration", "sql", "prisma"),
        SENSITIVE,
        "stores personal or secret data",
        unless=r"(?i:^\s*(?:drop|remove_column|remove_index|op\.drop|DROP\s))",
    ),
    Row(
        "model-sensitive",
        "data-storage",
        ("orm-model",),
        FIELD_DECLARATION,
        "stores personal or secret data in a model",
        requires=SENSITIVE,
    ),
    Row(
        "column-sensitive",
        "data-storage",
        CODE,
        r"(?:@Column\b|\bColumn\s*\(|\bmapped_column\s*\(|\bmodels\.\w+Field\s*\(|\badd_column\b"
        r"|\bt\.\w+\s+[:'\"]|\bencrypts\s+:|@Prop\s*\(|\bnew\s+(?:mongoose\.)?Schema\s*\()",
        "stores personal or secret data in a column",
        requires=SENSITIVE,
    ),
    Row(
        "write-sensitive",
        "data-storage",
        CODE,
        DATA_WRITE,
        "writes personal or secret data to storage",
        requires=SENSITIVE,
        code_view=True,
    ),
    Row(
        "new-table",
        "data-storage",
        ("migration", "sql", "prisma"),
        NEW_TABLE,
        "creates a table of data linked to people",
        needs=LINKED_TO_PEOPLE,
    ),
    Row(
        "object-store",
        "data-storage",
        CODE,
        OBJECT_STORE,
        "stores personal or secret data in object storage",
        requires=SENSITIVE,
    ),
    Row(
        "storage-resource",
        "data-storage",
        ("terraform", "k8s", "compose"),
        STORAGE_RESOURCE,
        "adds persistent storage",
    ),
    Row(
        "retention",
        "data-storage",
        (*CODE, *CONFIG, "terraform", "k8s", "deploy", "sql", "migration"),
        RETENTION,
        "changes how long data is kept",
    ),
    # ------------------------------------------------------------ infrastructure
    Row(
        "dockerfile",
        "infrastructure",
        ("dockerfile",),
        None,
        "changes how the image is built",
        side="both",
    ),
    Row(
        "compose", "infrastructure", ("compose",), None, "changes how the services run", side="both"
    ),
    Row(
        "terraform",
        "infrastructure",
        ("terraform",),
        None,
        "changes the infrastructure as code",
        side="both",
        unless=r"^\s*(?:description|tags|Name|default_tags)\s*=",
    ),
    Row(
        "kubernetes",
        "infrastructure",
        ("k8s",),
        None,
        "changes the deployment manifests",
        side="both",
    ),
    Row(
        "k8s-anywhere",
        "infrastructure",
        ("yaml",),
        r"^\s*(?:apiVersion\s*:\s*[\w./]+\s*$|kind\s*:\s*(?:Deployment|StatefulSet|DaemonSet|Service"
        r"|Ingress|Job|CronJob|Pod|ConfigMap|Secret|Role|ClusterRole|RoleBinding|ClusterRoleBinding"
        r"|ServiceAccount|NetworkPolicy|HTTPRoute|Gateway)\s*$)",
        "changes a Kubernetes manifest",
    ),
    Row(
        "deploy",
        "infrastructure",
        ("deploy",),
        None,
        "changes a production or deployment setting",
        side="both",
    ),
    Row(
        "ci",
        "infrastructure",
        ("github-workflow", "ci"),
        CI_SENSITIVE,
        "changes a pipeline's triggers, permissions, secrets or release steps",
        side="both",
    ),
    # ------------------------------------------------------------ supply-chain
    Row("npm-dependency", "supply-chain", ("npm-manifest",), NPM_DEP, "changes a dependency"),
    Row(
        "python-dependency",
        "supply-chain",
        ("pyproject", "setup-py"),
        PY_DEP,
        "changes a dependency",
    ),
    Row("requirement", "supply-chain", ("requirements",), REQUIREMENT, "changes a dependency"),
    Row("go-module", "supply-chain", ("gomod",), GO_DEP, "changes a module dependency"),
    Row("gem", "supply-chain", ("gemfile",), GEM_DEP, "changes a gem"),
    Row("maven", "supply-chain", ("maven",), MAVEN_DEP, "changes a dependency or plugin"),
    Row("gradle", "supply-chain", ("gradle",), GRADLE_DEP, "changes a dependency or plugin"),
    Row("cargo", "supply-chain", ("cargo",), CARGO_DEP, "changes a crate dependency"),
    Row("mix", "supply-chain", ("mix",), MIX_DEP, "changes a dependency"),
    Row(
        "chart-dependency",
        "supply-chain",
        ("chart",),
        CHART_DEP,
        "changes a chart dependency",
        unless=r"^(?:name|version|appVersion)\s*:",
    ),
    Row("lockfile", "supply-chain", ("lockfile",), None, "changes pinned dependency versions"),
    Row("submodules", "supply-chain", ("submodules",), None, "changes a submodule's source"),
    Row(
        "mutable-action",
        "supply-chain",
        ("github-workflow",),
        MUTABLE_ACTION,
        "uses an action by a movable tag or branch, not a commit",
    ),
    Row(
        "pipe-to-shell",
        "supply-chain",
        ("dockerfile", "github-workflow", "ci", "shell", "compose", "deploy", "k8s"),
        CURL_PIPE,
        "runs a script fetched from the network",
    ),
    Row(
        "unpinned-install",
        "supply-chain",
        ("dockerfile", "github-workflow", "ci", "shell"),
        UNPINNED_INSTALL,
        "installs a package without pinning its version",
    ),
    Row(
        "base-image",
        "supply-chain",
        ("dockerfile",),
        FROM_IMAGE,
        "changes the base image",
        replaces=True,
    ),
    Row(
        "image",
        "supply-chain",
        ("k8s", "compose", "ci", "github-workflow", "deploy"),
        IMAGE_REF,
        "changes the version of an image that runs",
        replaces=True,
    ),
    Row(
        "mutable-image",
        "supply-chain",
        ("k8s", "compose", "ci", "github-workflow", "deploy", "dockerfile"),
        f"(?:{MUTABLE_IMAGE}|^\\s*FROM\\s+[\\w./-]+(?::latest)?(?:\\s+AS\\s+\\w+)?\\s*$)",
        "runs an image by a movable tag",
    ),
    Row(
        "terraform-source",
        "supply-chain",
        ("terraform",),
        TF_SUPPLY,
        "changes a provider or module source or its version",
    ),
    Row(
        "signing",
        "supply-chain",
        ("github-workflow", "ci", "terraform", "dockerfile", "shell", "deploy"),
        SIGNING,
        "changes how artefacts are signed or verified",
    ),
)
