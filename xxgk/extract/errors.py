"""The one exception the extractor raises for input that is not a page."""


class ExtractionError(ValueError):
    """Input is not an HTML/text page: empty, binary or undecodable. The message says which."""
