"""kronologi: raw news articles in, sourced stories (timelines, quotes, summaries) out."""

__version__ = "0.1.0"
