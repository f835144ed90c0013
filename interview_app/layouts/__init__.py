"""Page shells: public pages, auth forms and the signed-in app."""
