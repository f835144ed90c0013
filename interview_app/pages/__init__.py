"""Every page, imported here so that the app registers them."""
