"""Interviews tailored to the candidate: job descriptions, CVs, question selection and the fit matrix."""
