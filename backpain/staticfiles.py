"""Which static files are collected: the app's own, the admin's, and of Bootstrap only the two
files the pages load.

XStatic-Bootstrap ships every build of Bootstrap (RTL, grid-only, ESM, unminified, with
source maps): collected and compressed by WhiteNoise they made `collectstatic` take half a
minute for files no page asks for.
"""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig

# Matched against file names. Kept: bootstrap.min.css and bootstrap.bundle.min.js, and the
# source maps they name (the manifest storage resolves sourceMappingURL).
UNUSED_BOOTSTRAP_BUILDS = [
    "bootstrap-*", "bootstrap.css*", "bootstrap.rtl*", "bootstrap.esm*", "bootstrap.js*",
    "bootstrap.min.js*", "bootstrap.bundle.js*",
]


class StaticFilesConfig(DjangoStaticFilesConfig):
    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, *UNUSED_BOOTSTRAP_BUILDS]
