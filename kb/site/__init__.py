"""The public face around the articles: search page, feeds, vCards, legal pages."""
