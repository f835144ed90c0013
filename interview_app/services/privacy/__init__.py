"""Privacy: a candidate's data export and account deletion."""
