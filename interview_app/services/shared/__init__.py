"""Services every domain uses: the audit log, rate limits and the record of job runs."""
