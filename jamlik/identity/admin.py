"""The identity app in the admin; each part registers its own models."""

from jamlik.identity import providers_admin  # noqa: F401
from jamlik.identity.scim import admin as scim_admin  # noqa: F401
