"""hoaxcheck: an offline hoax and misinformation checker for Indonesian Humas officers."""

__version__ = "0.1.0"
