"""The application's side of search: documents for the engine, keeping the index true."""
