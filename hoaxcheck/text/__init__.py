"""Text processing: normalisation, polarity, the sentence splitter and facts."""

# Models of format 1 are pickles that name these two functions as hoaxcheck.text.clean and
# hoaxcheck.text.clean_for_retrieval; `hoaxcheck model upgrade` needs them to unpickle such a model once.
from hoaxcheck.text.normalise import clean, clean_for_retrieval

__all__ = ["clean", "clean_for_retrieval"]
