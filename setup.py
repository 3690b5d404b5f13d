"""Packaging for reverse-mentoring-xblock.

The top-level ``static/`` and ``templates/`` folders are mapped into the package so the wheel
ships them as ``reverse_mentoring_xblock/static`` and ``reverse_mentoring_xblock/templates``.
"""
from setuptools import setup


def version():
    with open("reverse_mentoring_xblock/__init__.py", encoding="utf-8") as init:
        return next(line.split('"')[1] for line in init if line.startswith("__version__"))


with open("README.md", encoding="utf-8") as readme:
    LONG_DESCRIPTION = readme.read()

setup(
    name="reverse-mentoring-xblock",
    version=version(),
    description="Reverse-mentoring programs inside Open edX courses: intake, matching, sessions, grades.",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    packages=[
        "reverse_mentoring_xblock",
        "reverse_mentoring_xblock.core",
        "reverse_mentoring_xblock.core.matching",
        "reverse_mentoring_xblock.domain",
        "reverse_mentoring_xblock.management",
        "reverse_mentoring_xblock.management.commands",
        "reverse_mentoring_xblock.presentation",
        "reverse_mentoring_xblock.migrations",
        "reverse_mentoring_xblock.static",
        "reverse_mentoring_xblock.templates",
    ],
    package_dir={
        "reverse_mentoring_xblock.static": "static",
        "reverse_mentoring_xblock.templates": "templates",
    },
    package_data={
        "reverse_mentoring_xblock": ["translations/*/LC_MESSAGES/*.po", "translations/*/LC_MESSAGES/*.mo"],
        "reverse_mentoring_xblock.static": ["css/*.css", "js/*.js", "js/i18n/*.js"],
        # edx-ace finds its templates as "<app label>/edx_ace/<message>/<channel>/<file>" in an app's templates.
        "reverse_mentoring_xblock.templates": ["*.html", "reverse_mentoring_xblock/edx_ace/*/*/*"],
    },
    include_package_data=False,
    python_requires=">=3.11",
    install_requires=[
        "XBlock[django]>=5.3,<6; python_version < '3.12'",
        "web-fragments>=2.2; python_version < '3.12'",
        "XBlock[django]>=6.2,<7; python_version >= '3.12'",
        "Django>=4.2,<6.0",
        "edx-opaque-keys>=2.5",
        "edx-submissions>=3.7",
        "icalendar>=5.0",
        "numpy>=1.24",
        "scipy>=1.10",
        "threadpoolctl>=3.1",
    ],
    entry_points={
        "xblock.v1": ["reverse_mentoring = reverse_mentoring_xblock.block:ReverseMentoringXBlock"],
        "lms.djangoapp": ["reverse_mentoring_xblock = reverse_mentoring_xblock.apps:ReverseMentoringConfig"],
        "cms.djangoapp": ["reverse_mentoring_xblock = reverse_mentoring_xblock.apps:ReverseMentoringConfig"],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 4.2",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
)
