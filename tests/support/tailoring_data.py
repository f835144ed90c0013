"""Job descriptions and CVs for the tailoring tests, the e2e journey and bench/tailoring.py.

The files are made on the fly: a two-column PDF (fpdf2), a DOCX laid out in tables (python-docx), and
broken ones (encrypted, scanned without text, corrupt, a ZIP bomb).
"""

from __future__ import annotations

import io
import zipfile

JOB_DESCRIPTION = "\n".join(
    [
        "Senior Backend Engineer - Payments Platform",
        (
            "Northwind Pay is hiring a senior backend engineer to join the payments platform team in Berlin "
            "(hybrid, two days a week in the office)."
        ),
        "",
        "About Northwind Pay",
        (
            "Northwind Pay moves money for 20,000 small merchants across Europe. We process card payments, "
            "bank transfers and payouts, and we care about correctness first: a payment is never lost and "
            "never taken twice. The platform team owns the ledger, the payment orchestration services and "
            "the interfaces other teams build on."
        ),
        "",
        "What you'll do",
        "- Design, build and run the services that authorise, capture and refund card payments at scale",
        (
            "- Own the reliability of the ledger: join the on-call rotation, lead postmortems and plan "
            "capacity for peak season"
        ),
        "- Break the remaining parts of the payments monolith into well-defined services without downtime",
        "- Review code and designs, and raise the bar for testing across the team",
        "- Mentor mid-level engineers and help them grow into owners of their services",
        ("- Work closely with product, finance and compliance stakeholders to turn regulation into working software"),
        "- Measure what matters: latency, error budgets and the cost of every payment",
        "",
        "What you'll need",
        "- 5+ years of professional backend development, mostly in Python or Go",
        (
            "- Deep experience with PostgreSQL, including schema design, query tuning and safe migrations on "
            "large tables"
        ),
        (
            "- Experience with Kafka or another message broker, and with the patterns that keep event-driven "
            "systems consistent (idempotency, outbox, retries with back-off)"
        ),
        ("- A track record of designing distributed systems that stay correct when networks, disks and people fail"),
        "- Hands-on experience with Docker and Kubernetes in production",
        "- Solid testing habits: unit tests, integration tests and contract tests are part of how you work",
        (
            "- Strong written and verbal communication skills; you can explain a trade-off to an engineer "
            "and to a finance manager"
        ),
        "- Experience leading a technical project from design document to rollout across more than one team",
        "",
        "Nice to have",
        "- Experience with PCI-DSS or other payment regulations",
        "- Terraform and infrastructure as code",
        "- Observability tooling such as Prometheus, Grafana or OpenTelemetry",
        "- Experience with Redis for caching and rate limiting",
        "- You have worked in a company that grew quickly and kept its systems calm",
        "",
        "How we work",
        (
            "We write design documents before we write large amounts of code, and we review them together. "
            "We deploy many times a day behind feature flags, and we prefer small, reversible changes to big "
            "launches. Every engineer is on call for what they build, and on-call is paid and kept humane: a "
            "quiet week is the norm, and every incident gets a blameless postmortem with actions that are "
            "actually done. We pair often, especially when someone new joins a service, and we keep meetings "
            "short so that there is time to think and build."
        ),
        "",
        "Our stack",
        (
            "Python and Go services, PostgreSQL, Kafka, Redis, Kubernetes on a public cloud, Terraform, "
            "GitHub Actions for CI/CD, Prometheus and Grafana for monitoring."
        ),
        "",
        "What we offer",
        "- A salary band published in the offer, and equity for every employee",
        "- 30 days of holiday plus public holidays",
        "- A learning budget of 1,500 euros a year and time to use it",
        "- Parental leave of 20 weeks for every parent",
        "- A modern laptop of your choice and a home office budget",
        "",
        "Our interview process",
        (
            "A 30-minute call with the hiring manager, a technical conversation about a system you built, a "
            "system design session about a payments problem, and a conversation about collaboration and "
            "ownership with two future teammates. We always answer within five working days after each step."
        ),
        "",
        (
            "Northwind Pay is an equal opportunity employer. We welcome applications from people of every "
            "background and we make reasonable adjustments for the interview on request."
        ),
        "",
    ]
)

CV_TEXT = """Jane Example
jane@example.com | Berlin

Summary
Backend engineer with seven years of experience building payment systems in Python and Go.

Experience
Senior Backend Engineer at Acme Pay | Berlin | Mar 2021 - Present
- Led the payment migration from a monolith to Kafka-based services, cutting p99 latency by 40%
- Mentored three engineers; two were promoted to senior within 18 months
- Introduced PostgreSQL query reviews that reduced slow queries by 70%
- Designed the idempotency layer for refunds, removing duplicate refunds entirely

Backend Developer at Shopwise | Hamburg | Jun 2018 - Feb 2021
- Built the refunds API in Python and Django used by 30,000 merchants
- Ran the on-call rotation for the checkout team and wrote 12 postmortems
- Moved the deployment pipeline to Docker and GitHub Actions, from weekly to daily releases

Projects
ledgerlite: a double-entry ledger library in Go with property-based tests
queue-doctor: a tool that finds stuck Kafka consumer groups and explains the lag

Skills
Python, Go, PostgreSQL, Kafka, Docker, Django, Event sourcing, Grafana

Education
BSc Computer Science, University of Hamburg, 2014 - 2018
"""

LEFT_COLUMN = [
    "JANE EXAMPLE",
    "jane@example.com",
    "Berlin",
    "",
    "Skills",
    "Python, Go, PostgreSQL",
    "Kafka, Docker, Django",
    "Event sourcing, Grafana",
    "",
    "Education",
    "BSc Computer Science",
    "University of Hamburg",
    "2014 - 2018",
]
RIGHT_COLUMN = [
    "Experience",
    "Senior Backend Engineer at Acme Pay | Mar 2021 - Present",
    "- Led the payment migration from a monolith to Kafka-based services, cutting p99 latency by 40%",
    "- Mentored three engineers; two were promoted to senior within 18 months",
    "- Introduced PostgreSQL query reviews that reduced slow queries by 70%",
    "",
    "Backend Developer at Shopwise | Jun 2018 - Feb 2021",
    "- Built the refunds API in Python and Django used by 30,000 merchants",
    "- Ran the on-call rotation for the checkout team and wrote 12 postmortems",
    "",
    "Projects",
    "ledgerlite: a double-entry ledger library in Go with property-based tests",
]


def two_column_pdf(pages: int = 1) -> bytes:
    """A CV laid out in two columns (contact and skills on the left, experience on the right)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(10, 15)
        for line in LEFT_COLUMN:
            pdf.set_x(10)
            pdf.multi_cell(55, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(75, 15)
        for line in RIGHT_COLUMN if page == 0 else [f"- Page {page + 1}: {line.lstrip('- ')}" for line in RIGHT_COLUMN]:
            pdf.set_x(75)
            pdf.multi_cell(125, 5, line or " ", new_x="LEFTMARGIN" if False else "LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    """A CV PDF that needs a password to open."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in CV_TEXT.splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A 'scanned' CV: pages with drawings only, no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        for row in range(40):
            pdf.rect(20, 20 + row * 6, 60 + (row * 37) % 100, 3, style="F")
    return bytes(pdf.output())


def docx_with_tables() -> bytes:
    """A CV in Word laid out as tables: a two-cell header, a roles table, and a skills cell."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "Jane Example"
    header.cell(0, 1).text = "jane@example.com | Berlin"
    document.add_paragraph("Experience")
    roles = document.add_table(rows=2, cols=2)
    roles.cell(0, 0).text = "Mar 2021 - Present"
    cell = roles.cell(0, 1)
    cell.text = "Senior Backend Engineer at Acme Pay"
    for item in (
        "Led the payment migration from a monolith to Kafka-based services, cutting p99 latency by 40%",
        "Introduced PostgreSQL query reviews that reduced slow queries by 70%",
    ):
        cell.add_paragraph(item, style="List Bullet")
    roles.cell(1, 0).text = "Jun 2018 - Feb 2021"
    cell = roles.cell(1, 1)
    cell.text = "Backend Developer at Shopwise"
    cell.add_paragraph("Built the refunds API in Python and Django used by 30,000 merchants", style="List Bullet")
    document.add_paragraph("Skills")
    skills = document.add_table(rows=1, cols=1)
    skills.cell(0, 0).text = "Python, Go, PostgreSQL, Kafka, Docker, Event sourcing"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(unpacked: int = 64 * 1024 * 1024) -> bytes:
    """A 'DOCX' whose document.xml unpacks to `unpacked` bytes of zeros (a ZIP bomb; small when packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                member.write(block)
    return out.getvalue()
