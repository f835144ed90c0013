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


@dataclass(frozen=True)
class Skill:
    """A recognised skill: its canonical name and family (language, backend, data, people...)."""

    name: str
    family: str


def _pattern(spelling: str) -> str:
    return r"(?<![\w+#./-])" + re.escape(spelling) + r"(?![\w+#]|\.\w)"


@functools.cache
def _matchers() -> list[tuple[re.Pattern[str], str]]:
    out: list[tuple[re.Pattern[str], str]] = []
    for name, (_family, spellings) in _VOCABULARY.items():
        insensitive = [s for s in spellings if not s.startswith("=")]
        sensitive = [s[1:] for s in spellings if s.startswith("=")]
        if name not in _CASE_SENSITIVE_ONLY:
            insensitive.append(name)
        if insensitive:
            joined = "|".join(_pattern(s) for s in sorted(insensitive, key=len, reverse=True))
            out.append((re.compile(joined, re.IGNORECASE), name))
        if sensitive:
            out.append((re.compile("|".join(_pattern(s) for s in sensitive)), name))
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
    for pattern, name in _matchers():
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
