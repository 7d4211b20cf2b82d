"""anecdata: health-forum threads turned into traceable, stand-off evidence."""

__version__ = "0.1.0"
