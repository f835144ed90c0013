"""What admins do and see: users, the question bank's admin side, reports, activity, audit log, analytics."""
