"""English text of the `tailor.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "tailor.page_title": "Tailored interview · Interview Coach",
    "tailor.title": "Interview for a specific job",
    "tailor.intro": (
        "Paste the job description and add your CV: we choose questions for that job and write some from your "
        "own experience, then show how your background fits each requirement."
    ),
    # job description
    "tailor.job.title": "1. The job description",
    "tailor.job.hint": "Paste the whole advert: title, responsibilities, requirements and nice-to-haves.",
    "tailor.job.placeholder": "Senior Backend Engineer at ...\n\nWhat you'll do\n- ...\n\nWhat you'll need\n- ...",
    "tailor.job.read": "Read the job description",
    "tailor.job.url": "Or the advert's address (we fetch its text for you to check)",
    "tailor.job.fetch": "Fetch",
    "tailor.job.fetched": "The advert's text is in the box: check it, then read it.",
    "tailor.job.again": "Paste a different job",
    "tailor.job.found": "What we read — correct anything we got wrong:",
    "tailor.job.field.title": "Job title",
    "tailor.job.field.company": "Company",
    "tailor.job.field.seniority": "Seniority",
    "tailor.job.field.required": "Required skills (comma-separated)",
    "tailor.job.field.nice": "Nice-to-have skills (comma-separated)",
    "tailor.job.requirements": "Requirements we will check",
    "tailor.job.save": "Save corrections",
    "tailor.job.saved": "Job description updated.",
    "tailor.job.kind.required": "required",
    "tailor.job.kind.nice": "nice to have",
    "tailor.seniority.none": "Not stated",
    # CV
    "tailor.cv.title": "2. Your CV (optional, recommended)",
    "tailor.cv.hint": "PDF, Word (.docx) or plain text, up to 5 MB. We keep the text we read, never the file.",
    "tailor.cv.drop": "Drop your CV here or click to choose a file",
    "tailor.cv.reading": "Reading your CV…",
    "tailor.cv.file": "Read from ",
    "tailor.cv.review": "Check what we read and correct it before it is used:",
    "tailor.cv.field.roles": 'Roles ("Title | Company | Dates", then "- what you did" lines)',
    "tailor.cv.field.projects": 'Projects (one per line, "Name: what it is")',
    "tailor.cv.field.skills": "Skills (comma-separated)",
    "tailor.cv.metrics": "Measured results we found",
    "tailor.cv.save": "Save corrections",
    "tailor.cv.saved": "CV corrections saved.",
    "tailor.cv.confirmed": "Reviewed",
    "tailor.cv.unconfirmed": "Not reviewed yet",
    "tailor.cv.replace": "Upload a different CV",
    "tailor.cv.delete": "Delete my CV",
    "tailor.cv.delete_title": "Delete your CV?",
    "tailor.cv.delete_body": (
        "This deletes the CV text, what we read from it, the questions written from it and the tailored "
        "interviews built with it (with their answers and feedback). It cannot be undone."
    ),
    "tailor.cv.delete_confirm": "Delete CV and everything from it",
    "tailor.cv.deleted": "CV deleted, with {interviews, plural, one {# tailored interview} other {# tailored interviews}} and {questions, plural, one {# question} other {# questions}} made from it.",
    # plan
    "tailor.plan.title": "3. Your questions",
    "tailor.plan.count": "Questions",
    "tailor.plan.mode": "Answer by",
    "tailor.plan.preview": "Choose the questions",
    "tailor.plan.start": "Start the tailored interview",
    "tailor.plan.need_job": "Read a job description first.",
    "tailor.source.cv": "From your CV",
    "tailor.source.github": "From your GitHub",
    "tailor.source.company": "For the company track",
    "tailor.source.job": "For the requirement",
    "tailor.source.role": "Fits the role",
    "tailor.source.answer": "In your answer",
    "tailor.type.behavioural": "Behavioural",
    "tailor.type.technical": "Technical",
    "tailor.type.system_design": "System design",
    "tailor.type.situational": "Situational",
    "tailor.past.title": "Your tailored interviews",
    "tailor.past.fit": "Fit matrix",
    "tailor.past.report": "Report",
    "tailor.past.resume": "Carry on",
    # errors
    "tailor.error.job_empty": "Paste the job description first.",
    "tailor.error.job_too_short": (
        "That is too short to be a job description. Paste the whole advert (at least a few sentences: the role, "
        "what you would do and what they ask for)."
    ),
    "tailor.error.job_too_long": "That is longer than any job description (over 30,000 characters). Paste only the advert.",
    "tailor.error.job_no_requirements": "We could not find any requirement or skill in this text. Paste the part that lists what the job asks for.",
    "tailor.error.no_job": "Read a job description first.",
    "tailor.error.url_disabled": "Fetching adverts by address is turned off here. Paste the text instead.",
    "tailor.error.url_bad": "Enter a web address starting with http:// or https://.",
    "tailor.error.url_private": "That address points inside a private network, so it is not fetched.",
    "tailor.error.url_failed": "The page could not be fetched. Copy the advert's text and paste it instead.",
    "tailor.error.url_too_large": "That page is too large to be a job advert. Paste the advert's text instead.",
    "tailor.error.url_not_text": "That address is not a web page. Paste the advert's text instead.",
    "tailor.error.url_too_slow": "That page took too long to answer. Paste the advert's text instead.",
    "tailor.error.url_too_many": "You have fetched many pages in the last hour. Paste the advert's text, or try again later.",
    "tailor.error.no_cv": "There is no CV to change.",
    "tailor.error.bad_count": "Choose between 3 and 15 questions.",
    "tailor.error.no_questions": "No questions could be chosen for this job. Try another job description.",
    "tailor.error.no_practice": "There is no practice question for this requirement.",
    "tailor.error.cv_empty": "The file is empty.",
    "tailor.error.cv_too_large": "The file is larger than 5 MB. Save a smaller PDF or a .docx and try again.",
    "tailor.error.cv_unsupported": "We read PDF, Word (.docx) and plain-text CVs. This file is none of those.",
    "tailor.error.cv_old_word": "This is an old Word (.doc) file. Save it as .docx or PDF and upload that.",
    "tailor.error.cv_corrupt": "The file is damaged and could not be read. Export it again and upload the new file.",
    "tailor.error.cv_encrypted": "The PDF is protected by a password. Save a copy without the password and upload that.",
    "tailor.error.cv_too_many_pages": "The PDF has more than 20 pages. A CV that long is probably the wrong file.",
    "tailor.error.cv_zip_bomb": "The Word file unpacks to far more data than a CV holds, so we did not open it.",
    "tailor.error.cv_no_text": (
        "This PDF has no text we can read — it looks like a scan or a picture. Upload the original document "
        "(PDF exported from Word or Google Docs, or the .docx)."
    ),
    "tailor.error.cv_too_short": "We found only a few words in this file. Is it the whole CV?",
    "tailor.error.cv_nothing_found": "We could not find roles, skills or projects in this CV. Check it is your CV, or paste it as plain text.",
}
