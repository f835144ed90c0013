"""Pages of tailored interviews: /tailor (job description, CV, questions) and the fit matrix."""
