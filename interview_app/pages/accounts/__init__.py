"""Pages of an account: register, sign in, recover, onboarding, profile and settings."""
