"""Korean job adverts, CVs and answers for the tailoring tests (written for these tests, not taken from anywhere).

A Korean advert with 주요업무 / 자격요건 / 우대사항 sections, a CV as plain text with "2021.03 ~ 현재" dates, one
with "2021년 3월 ~ 현재" dates and lines around the date, and a DOCX whose jobs are a table (기간 | 회사 | 직무 |
주요 업무), the common layout of Korean CV templates.
"""

from __future__ import annotations

import io

JOB_DESCRIPTION_KO = "\n".join(
    [
        "[한빛페이] 백엔드 엔지니어 (결제 플랫폼)",
        "",
        "회사 소개",
        (
            "한빛페이는 전국 3만 곳의 온라인 가맹점에 결제와 정산을 제공하는 핀테크 회사예요. 결제가 절대 유실되거나 "
            "두 번 승인되지 않도록 정확성을 가장 중요하게 생각해요."
        ),
        "",
        "주요업무",
        "- 카드 결제 승인, 매입, 환불을 처리하는 결제 서비스를 설계하고 개발해요",
        "- Kafka 기반 이벤트 파이프라인으로 정산 데이터를 실시간으로 처리해요",
        "- 장애 대응과 모니터링 체계를 함께 만들어요",
        "",
        "자격요건",
        "- Java 또는 Kotlin으로 백엔드 서비스를 5년 이상 개발한 경험",
        "- PostgreSQL 등 관계형 데이터베이스의 스키마 설계와 쿼리 튜닝 경험",
        "- Kafka 같은 메시지 큐를 운영 환경에서 사용한 경험",
        "- Docker와 Kubernetes 기반으로 서비스를 배포하고 운영한 경험",
        "",
        "우대사항",
        "- Terraform으로 인프라를 코드로 관리해 본 경험",
        "- PCI-DSS 등 결제 보안 규정을 다뤄 본 경험",
        "- 주니어 개발자를 멘토링한 경험",
        "",
        "채용 절차",
        "서류 전형 → 코딩 테스트 → 기술 면접 → 컬처핏 면접 → 처우 협의",
        "",
        "복지",
        "- 자율 출퇴근, 원격 근무 주 2회, 도서 구입비 지원",
    ]
)

CV_TEXT_KO = """김지원
백엔드 엔지니어 · jiwon@example.com

자기소개
결제와 정산 도메인에서 7년 동안 백엔드 서비스를 만들어 온 엔지니어예요.

경력
한빛커머스 | 시니어 백엔드 엔지니어 | 2021.03 ~ 현재
- 결제 시스템을 모놀리스에서 Kafka 기반 MSA로 전환 주도 (p99 응답 시간 40% 단축)
- PostgreSQL 인덱스를 재설계하여 정산 배치 시간을 3시간에서 25분으로 단축
- 주니어 개발자 3명을 멘토링했습니다
누리마켓 | 백엔드 개발자 | 2018.01 – 2021.02
- Java와 Spring으로 환불 API를 개발했습니다 (가맹점 2만 곳 사용)
- Redis 캐시를 도입하여 상품 조회 응답 시간 85% 개선

프로젝트
ledger-lite: 복식부기 원장을 PostgreSQL로 구현한 오픈소스 라이브러리
queue-doctor: 멈춘 Kafka 컨슈머 그룹을 찾아 주는 도구

기술 스택
Java, Kotlin, Spring, PostgreSQL, Kafka, Redis, Docker

학력
한국대학교 컴퓨터공학과 2011.03 ~ 2017.02
"""

CV_TEXT_KO_LINES = """박서연
프론트엔드 개발자

경력사항
주식회사 다온랩 (2021년 3월 ~ 현재)
프론트엔드 개발자 · 커머스팀
• React와 TypeScript로 주문 화면을 다시 만들어 전환율 12% 향상
• 디자인 시스템을 구축해 화면 개발 기간을 절반으로 줄였어요
마루소프트
2019년 7월 ~ 2021년 2월
웹 개발자
• Vue로 관리자 대시보드 개발

보유 기술
React, TypeScript, Vue, Next.js, Jest
"""


def docx_with_table_ko() -> bytes:
    """A Korean CV in Word: the jobs as a table (기간 | 회사 | 직무 | 주요 업무), bullets inside the last cell."""
    import docx

    document = docx.Document()
    document.add_paragraph("이력서")
    document.add_paragraph("이름: 최민준 · 데이터 엔지니어")
    document.add_paragraph("경력")
    rows = [
        (
            "2020.05 ~ 재직 중",
            "한빛데이터",
            "데이터 엔지니어",
            [
                "Airflow와 Spark로 일 5억 건의 로그 데이터 파이프라인 구축",
                "BigQuery 비용을 쿼리 최적화로 월 30% 절감했습니다",
            ],
        ),
        ("2017.03 ~ 2020.04", "누리소프트", "백엔드 개발자", ["Python과 Django로 사내 정산 API를 개발"]),
    ]
    table = document.add_table(rows=len(rows) + 1, cols=4)
    for i, head in enumerate(("기간", "회사", "직무", "주요 업무")):
        table.cell(0, i).text = head
    for r, (dates, company, title, items) in enumerate(rows, start=1):
        table.cell(r, 0).text = dates
        table.cell(r, 1).text = company
        table.cell(r, 2).text = title
        cell = table.cell(r, 3)
        cell.text = ""
        for item in items:
            cell.add_paragraph(item, style="List Bullet")
    document.add_paragraph("기술 스택")
    document.add_paragraph("Python, Spark, Airflow, BigQuery, Kafka, Docker")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
