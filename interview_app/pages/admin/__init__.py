"""Admin pages: only admins reach them, and every handler checks the role on the server again."""
