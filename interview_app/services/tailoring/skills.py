"""The skills we recognise in job descriptions, CVs and answers: a canonical name, its spellings, its family.

`find_skills(text)` returns the canonical names in the order they first appear. Names that are ordinary
English words too ("Go", "R", "Rust", "Swift") are matched only as written with a capital, or through an
unambiguous spelling ("golang"); everything else is matched case-insensitively on word boundaries.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# canonical name -> (family, other spellings). A spelling starting with "=" is matched case-sensitively.
_VOCABULARY: dict[str, tuple[str, tuple[str, ...]]] = {
    # languages
    "Python": ("language", ()),
    "Java": ("language", ()),
    "JavaScript": ("language", ("js", "ecmascript")),
    "TypeScript": ("language", ("ts",)),
    "Go": ("language", ("golang", "=Go")),
    "Rust": ("language", ("=Rust",)),
    "C++": ("language", ("cpp",)),
    "C#": ("language", ("csharp", "c sharp")),
    "C": ("language", ("=C",)),
    "Ruby": ("language", ()),
    "PHP": ("language", ()),
    "Kotlin": ("language", ()),
    "Swift": ("language", ("=Swift",)),
    "Scala": ("language", ()),
    "Elixir": ("language", ()),
    "R": ("language", ("=R",)),
    "SQL": ("data", ("t-sql", "pl/sql", "plpgsql")),
    "Bash": ("language", ("shell scripting", "shell")),
    # web and frameworks
    "React": ("frontend", ("react.js", "reactjs")),
    "React Native": ("mobile", ()),
    "Vue": ("frontend", ("vue.js", "vuejs")),
    "Angular": ("frontend", ()),
    "Svelte": ("frontend", ()),
    "Next.js": ("frontend", ("nextjs",)),
    "HTML": ("frontend", ("html5",)),
    "CSS": ("frontend", ("css3", "sass", "scss")),
    "Accessibility": ("frontend", ("a11y", "wcag")),
    "Node.js": ("backend", ("node", "nodejs")),
    "Django": ("backend", ()),
    "Flask": ("backend", ()),
    "FastAPI": ("backend", ()),
    "Spring": ("backend", ("spring boot",)),
    "Rails": ("backend", ("ruby on rails",)),
    ".NET": ("backend", ("dotnet", "asp.net")),
    "REST APIs": ("backend", ("rest", "restful", "rest api", "restful apis", "api design")),
    "GraphQL": ("backend", ()),
    "gRPC": ("backend", ()),
    "Microservices": ("backend", ("microservice", "service-oriented architecture", "soa")),
    "Distributed systems": ("backend", ("distributed system", "distributed computing")),
    "Caching": ("backend", ("cache", "caches", "cdn")),
    "Concurrency": ("backend", ("multithreading", "multi-threading", "async", "asynchronous programming")),
    "Payments": ("domain", ("payment", "billing")),
    "PCI-DSS": ("security", ("pci", "pci dss", "pci compliance")),
    # data stores and data
    "PostgreSQL": ("data", ("postgres", "postgresql")),
    "MySQL": ("data", ("mariadb",)),
    "MongoDB": ("data", ("mongo",)),
    "Redis": ("data", ()),
    "Elasticsearch": ("data", ("opensearch", "elastic search")),
    "Cassandra": ("data", ()),
    "DynamoDB": ("data", ()),
    "Kafka": ("data", ("apache kafka",)),
    "RabbitMQ": ("data", ()),
    "Message queues": ("data", ("message queue", "message broker", "pub/sub", "event streaming")),
    "Data modelling": ("data", ("data modeling", "schema design", "database design")),
    "Spark": ("data", ("apache spark", "pyspark")),
    "Airflow": ("data", ("apache airflow",)),
    "dbt": ("data", ()),
    "Snowflake": ("data", ()),
    "BigQuery": ("data", ()),
    "ETL": ("data", ("elt", "data pipelines", "data pipeline")),
    "Data warehousing": ("data", ("data warehouse", "data lake", "lakehouse")),
    "Pandas": ("data", ()),
    "NumPy": ("data", ("numpy",)),
    "Statistics": ("data", ("statistical", "hypothesis testing", "regression analysis")),
    "A/B testing": ("data", ("ab testing", "a/b tests", "experimentation", "experiments")),
    "Dashboards": ("data", ("dashboard", "tableau", "looker", "power bi")),
    "Excel": ("data", ("spreadsheets",)),
    "Machine learning": ("ml", ("ml", "machine-learning")),
    "Deep learning": ("ml", ("neural networks", "neural network")),
    "PyTorch": ("ml", ("torch",)),
    "TensorFlow": ("ml", ("keras",)),
    "scikit-learn": ("ml", ("sklearn", "scikit learn")),
    "NLP": ("ml", ("natural language processing",)),
    "LLMs": ("ml", ("llm", "large language models", "large language model", "generative ai", "genai")),
    "MLOps": ("ml", ("model deployment", "model serving", "ml ops")),
    "Computer vision": ("ml", ()),
    # infrastructure and operations
    "AWS": ("cloud", ("amazon web services", "ec2", "s3", "lambda")),
    "GCP": ("cloud", ("google cloud", "google cloud platform")),
    "Azure": ("cloud", ("microsoft azure",)),
    "Cloud": ("cloud", ("cloud infrastructure", "cloud-native", "cloud native")),
    "Docker": ("infra", ("containers", "containerisation", "containerization")),
    "Kubernetes": ("infra", ("k8s", "helm")),
    "Terraform": ("infra", ("infrastructure as code", "iac", "pulumi", "cloudformation")),
    "Linux": ("infra", ("unix",)),
    "CI/CD": (
        "infra",
        (
            "ci",
            "continuous integration",
            "continuous delivery",
            "continuous deployment",
            "github actions",
            "jenkins",
            "gitlab ci",
        ),
    ),
    "Observability": (
        "infra",
        ("monitoring", "prometheus", "grafana", "datadog", "tracing", "opentelemetry", "logging"),
    ),
    "Incident response": ("infra", ("on-call", "on call", "incident management", "postmortems", "postmortem")),
    "Performance tuning": (
        "infra",
        (
            "performance optimisation",
            "performance optimization",
            "profiling",
            "latency",
            "query tuning",
            "query optimisation",
            "query optimization",
        ),
    ),
    "Scalability": ("infra", ("scalable", "scaling", "high availability", "high-availability")),
    "Networking": ("infra", ("tcp/ip", "dns", "load balancing", "load balancers")),
    # security
    "Application security": ("security", ("appsec", "owasp", "secure coding")),
    "Cloud security": ("security", ("iam",)),
    "Threat modelling": ("security", ("threat modeling", "threat model")),
    "Cryptography": ("security", ("encryption", "tls", "pki")),
    "Authentication": ("security", ("oauth", "oauth2", "openid connect", "oidc", "sso", "saml")),
    # quality
    "Testing": (
        "quality",
        (
            "unit testing",
            "unit tests",
            "integration tests",
            "integration testing",
            "tdd",
            "test-driven development",
            "pytest",
            "jest",
        ),
    ),
    "Test automation": ("quality", ("automated testing", "selenium", "playwright", "cypress")),
    "Code review": ("quality", ("code reviews",)),
    # mobile
    "iOS": ("mobile", ("swiftui", "uikit")),
    "Android": ("mobile", ("jetpack compose",)),
    "Flutter": ("mobile", ("dart",)),
    # practices and people
    "System design": ("practice", ("architecture", "software architecture", "systems design", "designing systems")),
    "Agile": ("practice", ("scrum", "kanban")),
    "Git": ("practice", ("version control",)),
    "Leadership": ("people", ("led a team", "team lead", "tech lead", "technical leadership", "leading teams")),
    "Mentoring": ("people", ("mentored", "mentor", "coaching", "coached")),
    "People management": ("people", ("line management", "managing engineers", "direct reports", "performance reviews")),
    "Hiring": ("people", ("recruiting", "interviewing candidates")),
    "Communication": (
        "people",
        ("written communication", "verbal communication", "communicate clearly", "presentation skills"),
    ),
    "Stakeholder management": ("people", ("stakeholders", "stakeholder")),
    "Collaboration": ("people", ("cross-functional", "cross functional", "teamwork")),
    "Prioritisation": ("product", ("prioritization", "prioritise", "prioritize")),
    "Roadmapping": ("product", ("roadmap", "roadmaps", "product strategy")),
    "User research": ("product", ("customer interviews", "usability testing", "user interviews")),
    "Product sense": ("product", ("product thinking", "product intuition")),
    "Metrics": ("product", ("kpis", "kpi", "okrs", "north star metric")),
    "Prototyping": ("design", ("figma", "sketch", "wireframes", "wireframing")),
    "Design systems": ("design", ("design system", "component library")),
    "Interaction design": ("design", ("ux design", "ui design", "ui/ux")),
    "Project management": ("practice", ("project planning", "risk management", "budgeting")),
    "Negotiation": ("sales", ("negotiating",)),
    "CRM": ("sales", ("salesforce", "hubspot")),
    "Customer success": ("sales", ("customer onboarding", "churn", "renewals", "account management")),
}
_CASE_SENSITIVE_ONLY = {"Go", "Rust", "C", "Swift", "R"}
# Korean spellings (Korean CVs, adverts and answers write many names in Hangul, and mix in the English ones).
_KOREAN: dict[str, tuple[str, ...]] = {
    "Python": ("파이썬",),
    "Java": ("자바",),
    "JavaScript": ("자바스크립트",),
    "TypeScript": ("타입스크립트",),
    "Go": ("고랭",),
    "Kotlin": ("코틀린",),
    "Swift": ("스위프트",),
    "React": ("리액트",),
    "React Native": ("리액트 네이티브",),
    "Vue": ("뷰js",),
    "Node.js": ("노드js", "노드제이에스"),
    "Spring": ("스프링", "스프링 부트"),
    "Django": ("장고",),
    "REST APIs": ("rest api 설계", "api 설계"),
    "Microservices": ("마이크로서비스", "msa"),
    "Distributed systems": ("분산 시스템", "분산시스템", "분산 처리"),
    "Caching": ("캐시", "캐싱"),
    "Concurrency": ("동시성", "멀티스레드", "비동기 처리"),
    "Payments": ("결제", "정산"),
    "PostgreSQL": ("포스트그레스", "포스트그레sql"),
    "MySQL": ("마이sql",),
    "MongoDB": ("몽고db",),
    "Redis": ("레디스",),
    "Elasticsearch": ("엘라스틱서치",),
    "Kafka": ("카프카",),
    "RabbitMQ": ("래빗mq",),
    "Message queues": ("메시지 큐", "메시지큐", "메시지 브로커"),
    "Data modelling": ("데이터 모델링", "스키마 설계", "db 설계", "데이터베이스 설계"),
    "ETL": ("데이터 파이프라인",),
    "Data warehousing": ("데이터 웨어하우스", "데이터 레이크"),
    "Statistics": ("통계",),
    "A/B testing": ("a/b 테스트", "ab 테스트", "실험 설계"),
    "Dashboards": ("대시보드",),
    "Machine learning": ("머신러닝", "기계학습", "기계 학습"),
    "Deep learning": ("딥러닝",),
    "NLP": ("자연어 처리", "자연어처리"),
    "LLMs": ("생성형 ai", "대규모 언어 모델"),
    "AWS": ("아마존 웹 서비스",),
    "Cloud": ("클라우드",),
    "Docker": ("도커",),
    "Kubernetes": ("쿠버네티스",),
    "Terraform": ("테라폼",),
    "Linux": ("리눅스",),
    "CI/CD": ("배포 자동화", "배포 파이프라인"),
    "Observability": ("모니터링", "관측 가능성", "프로메테우스", "그라파나"),
    "Incident response": ("장애 대응", "온콜", "장애 회고"),
    "Performance tuning": ("성능 개선", "성능 최적화", "쿼리 튜닝", "쿼리 최적화", "응답 시간", "지연 시간"),
    "Scalability": ("확장성", "대용량 트래픽", "고가용성"),
    "Networking": ("네트워크", "로드 밸런싱", "로드밸런서"),
    "Application security": ("보안 코딩", "애플리케이션 보안"),
    "Cryptography": ("암호화",),
    "Authentication": ("사용자 인증", "인증 서버", "인증 시스템"),
    "Testing": ("단위 테스트", "통합 테스트", "테스트 코드", "테스트 주도 개발"),
    "Test automation": ("테스트 자동화",),
    "Code review": ("코드 리뷰",),
    "iOS": ("아이오에스",),
    "Android": ("안드로이드",),
    "Flutter": ("플러터",),
    "System design": ("시스템 설계", "아키텍처", "시스템 아키텍처"),
    "Agile": ("애자일", "스크럼", "칸반"),
    "Git": ("깃",),
    "Leadership": ("리더십", "팀 리드", "테크 리드", "테크리드"),
    "Mentoring": ("멘토링", "코칭"),
    "People management": ("인사 평가", "팀원 관리", "조직 관리"),
    "Hiring": ("채용", "면접관"),
    "Communication": ("커뮤니케이션", "의사소통", "소통 능력"),
    "Stakeholder management": ("이해관계자",),
    "Collaboration": ("협업", "유관 부서"),
    "Prioritisation": ("우선순위",),
    "Roadmapping": ("로드맵", "제품 전략"),
    "User research": ("사용자 조사", "사용자 인터뷰", "사용성 테스트"),
    "Metrics": ("지표", "핵심 지표"),
    "Prototyping": ("프로토타입", "프로토타이핑", "와이어프레임", "피그마"),
    "Design systems": ("디자인 시스템",),
    "Project management": ("프로젝트 관리", "일정 관리"),
    "Negotiation": ("협상",),
    "Customer success": ("고객 성공", "고객 온보딩"),
}
# Korean writes particles and endings straight after a name ("Kafka로", "쿠버네티스를"): a Hangul syllable after a
# name does not stop a match, and a Hangul name may be followed by one or two particles or endings.
_HANGUL = "\uac00-\ud7a3"
_PARTICLES = (
    "을|를|이|가|은|는|의|로|으로|와|과|에|에서|에게|도|만|랑|이랑|및|기반|기반의|기반으로|관련|환경|경험|"
    "등|같은|처럼|까지|부터|에도|으로도|로도|하고|하여|해서|했|하는|한|할|활용|사용|운영|도입|구축"
)


@dataclass(frozen=True)
class Skill:
    """A recognised skill: its canonical name and family (language, backend, data, people...)."""

    name: str
    family: str


def _pattern(spelling: str) -> str:
    if re.search(f"[{_HANGUL}]", spelling):
        # A Korean name: whole, or followed by particles ("쿠버네티스를"), never inside a longer word
        # ("자바" is not in "자바스크립트").
        ending = rf"(?:(?:{_PARTICLES}){{0,2}})(?![{_HANGUL}\w])" if re.search(f"[{_HANGUL}]$", spelling) else ""
        return rf"(?<![{_HANGUL}\w])" + re.escape(spelling) + (ending or r"(?![\w+#]|\.\w)")
    return rf"(?<![^\W{_HANGUL}]|[+#./-])" + re.escape(spelling) + rf"(?![^\W{_HANGUL}]|[+#]|\.\w)"


@functools.cache
def _matchers() -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    """(pattern, canonical name, the spellings lower-cased): a pattern is tried only when a spelling is in the text."""
    out: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = []
    for name, (_family, spellings) in _VOCABULARY.items():
        insensitive = [s for s in spellings if not s.startswith("=")] + list(_KOREAN.get(name, ()))
        sensitive = [s[1:] for s in spellings if s.startswith("=")]
        if name not in _CASE_SENSITIVE_ONLY:
            insensitive.append(name)
        if insensitive:
            joined = "|".join(_pattern(s) for s in sorted(insensitive, key=len, reverse=True))
            out.append((re.compile(joined, re.IGNORECASE), name, tuple(s.lower() for s in insensitive)))
        if sensitive:
            out.append(
                (re.compile("|".join(_pattern(s) for s in sensitive)), name, tuple(s.lower() for s in sensitive))
            )
    return out


def family_of(name: str) -> str:
    """The family of a canonical skill ("" for a skill we do not know)."""
    entry = _VOCABULARY.get(name)
    return entry[0] if entry else ""


def canonical(name: str) -> str:
    """The canonical spelling of `name` if we know it, else `name` tidied (for skills the candidate typed)."""
    found = find_skills(name)
    clean = " ".join(name.split()).strip(" ,;.")
    if len(found) == 1 and len(clean) <= len(found[0]) + 12:
        return found[0]
    return clean


def find_skills(text: str) -> list[str]:
    """Canonical names of the skills mentioned in `text`, in order of first mention (each once)."""
    hits: list[tuple[int, str]] = []
    lowered = text.lower()
    for pattern, name, literals in _matchers():
        if not any(literal in lowered for literal in literals):
            continue  # a plain substring test first: most skills are not in a given line at all
        match = pattern.search(text)
        if match:
            hits.append((match.start(), name))
    # "React Native" also matches "React"; "Go" as a capital word at a sentence start is too weak alone.
    names = [n for _, n in sorted(hits)]
    if "React Native" in names and "React" in names and not re.search(r"(?i)\breact(?!\s+native)\b", text):
        names.remove("React")
    return list(dict.fromkeys(names))


def mentions(text: str, skill: str) -> bool:
    """True when `text` mentions `skill` (canonical name, or a skill we do not know, as a phrase)."""
    if skill in _VOCABULARY:
        return skill in find_skills(text)
    return bool(skill.strip()) and re.search(_pattern(skill.strip()), text, re.IGNORECASE) is not None
