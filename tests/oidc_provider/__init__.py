"""A real OpenID provider for the tests: django-oauth-toolkit's OpenID Connect server in a
Django project of its own, run in a second process (``python -m tests.oidc_provider
CONFIG.json``). It has discovery, a login form, a consent page, the authorization-code flow
with PKCE, a token endpoint, userinfo and a JWKS; its ID tokens are signed with RS256.
Its users, and the claims each one's login carries, are in the config file the test writes.
"""
